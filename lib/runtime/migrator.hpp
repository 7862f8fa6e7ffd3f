// Applying revisions to a database: upgrade, downgrade, stamp, the current heads, and offline
// SQL scripts, under the migration lock, with one transaction per run or per revision.
// The library entry point for programs that migrate themselves; the CLI is a thin shell on it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/db/connection.hpp>
#include <migrate/lint/finding.hpp>
#include <migrate/revision/script_directory.hpp>
#include <migrate/runtime/config.hpp>
#include <migrate/runtime/run_script.hpp>
#include <migrate/runtime/script_runner.hpp>
#include <migrate/runtime/step_event.hpp>
#include <migrate/runtime/verify.hpp>
#include <migrate/runtime/version_table.hpp>

namespace migrate::runtime {

struct AcceptResult {
    std::vector<std::string> recorded;  // ids whose file's checksum was recorded
    std::vector<std::string> unchanged; // ids that already matched their record
};

struct RunResult {
    std::vector<std::string> heads_before;
    std::vector<std::string> heads_after;
    std::size_t steps = 0;
};

struct LintResult {
    std::vector<lint::Finding> findings;
    std::vector<std::string> revisions; // the revisions linted, in the order an upgrade applies them
    bool live = false;                  // the database's tables and rows were read
};

class Migrator {
public:
    // Nothing is opened yet: the script directory and the connection are opened on first use.
    explicit Migrator(Config config);
    ~Migrator();
    Migrator(const Migrator&) = delete;
    Migrator& operator=(const Migrator&) = delete;

    const Config& config() const { return config_; }
    Config& config() { return config_; }

    void set_echo(bool on);
    // One call per revision started and finished.
    void on_progress(std::function<void(const StepEvent&)> callback) { on_progress_ = std::move(callback); }
    // Once per online run (upgrade, downgrade, stamp), before its first step: the run's script,
    // read under the lock (its heads_before are the version table's rows).
    void on_run(std::function<void(const RunScript&)> callback) { on_run_ = std::move(callback); }
    // Every statement the connection runs successfully (db::Connection::set_statement_hook),
    // from the moment it opens.
    void on_statement(db::StatementHook hook);
    // What `upgrade` finds when it lints the revisions it is about to apply ([lint] upgrade,
    // Config::lint_gate): called under the lock before any change, only when a warning or an
    // error is found that is not ignored (the result holds every finding, info and ignored ones
    // too). With the gate "error" and an error-level finding left,
    // upgrade then throws Disagreement and changes nothing.
    void on_lint(std::function<void(const LintResult&, LintGate)> callback) { on_lint_ = std::move(callback); }
    // Things worth telling a waiting user ("waiting for the migration lock ..."); default: none.
    void on_notice(std::function<void(const std::string&)> callback) { on_notice_ = std::move(callback); }

    // The revisions (loaded and validated once; RevisionError on bad files).
    const revision::ScriptDirectory& scripts();
    const revision::RevisionGraph& graph() { return scripts().graph(); }
    // Drops the loaded scripts so the next call re-reads the directory (after writing a file).
    void reload_scripts();
    // Uses revisions loaded once for many migrators (tenants of one project), read-only.
    void share_scripts(std::shared_ptr<const revision::ScriptDirectory> scripts) { shared_scripts_ = std::move(scripts); }
    // Writes a new revision file into the script directory (ScriptDirectory::write_revision:
    // validated with the graph first, written atomically) and adds it to the loaded graph.
    std::filesystem::path write_revision(const revision::NewRevision& spec);
    // The connection (opened once; DatabaseError with the masked URL on failure).
    db::Connection& connection();

    // Each applied revision's file against the checksum recorded when it was applied (see
    // verify_applied). Reads the version and history tables; changes nothing.
    VerifyResult verify();
    // After a human has decided an edit is harmless: records each applied revision's current
    // checksum in the history table ("accept" rows, with `by` and the time), under the lock.
    // UsageError for a revision that is not applied (or whose file is missing).
    AcceptResult accept(const std::vector<std::string>& revisions, const std::string& by = current_user());

    // Online runs, verified first (verify(): a Disagreement, nothing changed, while an applied
    // revision's file is modified or missing). Bad targets and bad revision files throw before
    // the database is changed.
    // A failing op rolls back to the last revision boundary and throws DatabaseError naming
    // the revision, the op and the database's message.
    RunResult upgrade(std::string_view target);
    RunResult downgrade(std::string_view target);
    // Sets the version table to `targets` without running ops, verified first like upgrade
    // (with `purge`, a missing file does not stop it: the purge is how it leaves the table). Without `purge`, a target
    // replaces the current heads on its own line (its ancestors and descendants); with it, all
    // rows are replaced. "base" alone empties the table.
    RunResult stamp(const std::vector<std::string>& targets, bool purge);
    // The same as an offline script. The database is not read: one "FROM:TO" target says the
    // heads to stamp over (plain targets stamp over base).
    std::string stamp_sql(const std::vector<std::string>& targets, bool purge);
    // Takes over a database that Alembic migrated: the heads in `alembic_table` (Alembic's
    // version table, read and left as it is) become the version table's rows, and every applied
    // revision gets a "stamp" history row with its checksum and applied_by "<alembic_table>"
    // (where the stamp came from), in one transaction under the lock. UsageError, nothing
    // changed, when that table is missing or empty, names a revision the script directory does
    // not hold (import the project first: `migrate import alembic`), or the version table already
    // holds other heads. Taking over again at the same heads changes nothing.
    RunResult stamp_from_alembic(const std::string& alembic_table = "alembic_version");

    // Offline scripts: the whole SQL text, version table and transaction statements included.
    // `range` is "to" (from base for upgrade) or "from:to"; downgrade needs "from:to".
    std::string upgrade_sql(std::string_view range);
    std::string downgrade_sql(std::string_view range);

    // `migrate lint` (lib/lint) with the config's [lint] settings. lint_pending: the revisions
    // `upgrade heads` would apply, with the database's facts (whether a table exists, its rows);
    // the database is only read (no lock, nothing created). lint_range: the revisions of `range`
    // ("TO" or "FROM:TO" as for upgrade_sql) offline, without reading the database.
    LintResult lint_pending();
    LintResult lint_range(std::string_view range);

    // The version table's rows, sorted (empty when the table does not exist yet). No lock.
    std::vector<std::string> current();
    // The history table, oldest first.
    std::vector<HistoryEntry> applied_history();

    // The same runs as scripts (see run_script.hpp), without running them. Offline: the
    // database is not read (ranges as for upgrade_sql/stamp_sql), statements as printed.
    RunScript upgrade_script(std::string_view range);
    RunScript downgrade_script(std::string_view range);
    RunScript stamp_script(const std::vector<std::string>& targets, bool purge);

private:
    RunResult run(revision::Direction direction, std::string_view target);
    RunScript offline(revision::Direction direction, std::string_view range);
    static LintResult lint_plan(const revision::MigrationPlan& plan, const dialect::Dialect& dialect,
                                db::Connection* conn, const lint::Settings& settings);
    // The lint gate of an upgrade (Config::lint_gate) over `plan`, with the live facts.
    void lint_gate(const revision::MigrationPlan& plan, const dialect::Dialect& dialect);
    RunnerOptions runner_options() const;
    ScriptOptions script_options() const;
    db::Backend backend() const;
    // Takes the migration lock for a run that writes, then creates the tenant's schema if the
    // config names one and it is missing.
    void lock_for_writing(ScriptRunner& runner);
    // The name the migration lock is keyed by: the version table, in the tenant's schema.
    std::string lock_scope() const;
    // Whether the tenant's schema exists (always true without one); read once per connection.
    bool schema_exists();

    Config config_;
    std::optional<revision::ScriptDirectory> scripts_;
    std::shared_ptr<const revision::ScriptDirectory> shared_scripts_;
    std::unique_ptr<db::Connection> conn_;
    bool echo_ = false;
    std::function<void(const StepEvent&)> on_progress_;
    std::function<void(const std::string&)> on_notice_;
    std::function<void(const RunScript&)> on_run_;
    std::function<void(const LintResult&, LintGate)> on_lint_;
    db::StatementHook on_statement_;
};

} // namespace migrate::runtime
