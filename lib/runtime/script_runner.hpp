// Runs a RunScript against a connection: the online consumer of the script. Transactions are
// guards (a failure rolls back to the last commit), foreign-key enforcement is restored and the
// lock released whatever happens; progress events and the running revision and op are reported.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <migrate/db/connection.hpp>
#include <migrate/runtime/migration_lock.hpp>
#include <migrate/runtime/run_script.hpp>
#include <migrate/runtime/step_event.hpp>

namespace migrate::runtime {

// Where a run is: the revision being applied or reverted and its op (1-based; 0 between ops).
struct RunPosition {
    std::string revision; // empty outside a revision
    std::size_t op = 0;
    std::size_t op_count = 0;
    std::string file; // the revision's file name
};

struct RunnerOptions {
    std::chrono::milliseconds lock_timeout{60000};
    std::function<void(const std::string&)> on_notice;   // "waiting for the migration lock ..."
    std::function<void(const StepEvent&)> on_progress;   // one pair per revision (started, finished or failed)
    // Once per run, before its first item: the whole run (kind, heads before and after, revisions).
    std::function<void(const RunScript&)> on_run;
    // What the lock is keyed by (empty: the script's version table) and whether it is held by a
    // transaction (PgBouncer's transaction pooling; see MigrationLock).
    std::string lock_scope;
    bool transaction_lock = false;
};

class ScriptRunner {
public:
    ScriptRunner(db::Connection& conn, RunnerOptions options);
    ~ScriptRunner();
    ScriptRunner(const ScriptRunner&) = delete;
    ScriptRunner& operator=(const ScriptRunner&) = delete;

    // Takes the migration lock now (keyed by the options' lock_scope, else `version_table`), so
    // that the state a script is built from (the version table's rows) is read under it. A
    // script's Lock item then finds it held.
    void lock(const std::string& version_table);
    bool locked() const { return lock_.has_value(); }

    // Runs every item. A Lock item takes the lock when it is not held yet, and then refuses a
    // script built for other heads than the version table holds. A failing op throws with the
    // revision, its file and the op named; what was not committed is rolled back, and then a
    // `failed` event names the revision and op (when the failure came inside a revision).
    void run(const RunScript& script);

    RunPosition position() const { return position_; }

private:
    class Visitor;
    // The `failed` event for the revision the run stopped in, if it stopped in one.
    void report_failure();
    db::Connection& conn_;
    RunnerOptions options_;
    std::optional<MigrationLock> lock_;
    RunPosition position_;
    StepEvent event_; // the running revision's, from its started event
    std::chrono::steady_clock::time_point started_;
};

} // namespace migrate::runtime
