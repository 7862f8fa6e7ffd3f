// A migration run as a value: every step of an upgrade, downgrade or stamp, in order (the lock,
// transaction boundaries, foreign-key switches, each op's statements tagged with its revision
// and op index, table recreations, version and history table updates). One function builds it;
// the executor (ScriptRunner) runs it against a connection, print_script prints it as the
// offline script, and lint, `migrate test` or an event stream can read it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <migrate/dialect/dialect.hpp>
#include <migrate/ops/op.hpp>
#include <migrate/ops/render.hpp>
#include <migrate/ops/table_recreation.hpp>
#include <migrate/revision/migration_plan.hpp>
#include <migrate/schema/model.hpp>

namespace migrate::runtime {

enum class RunKind { upgrade, downgrade, stamp };
const char* to_string(RunKind kind);

namespace script {

// The migration lock, held from here to Unlock. Offline scripts print nothing for it: whoever
// runs the script serialises it.
struct Lock {
    bool operator==(const Lock&) const = default;
};
struct Unlock {
    bool operator==(const Unlock&) const = default;
};

// Foreign-key enforcement switched (SQLite, around table recreations; outside any transaction).
// Online, `enforced = false` switches only when the connection enforces them, and `true`
// restores only what was switched off.
struct ForeignKeys {
    bool enforced = false;
    std::vector<std::string> statements;
    bool operator==(const ForeignKeys&) const = default;
};

struct Begin {
    bool operator==(const Begin&) const = default;
};

struct Commit {
    enum class Reason {
        end_of_run,      // the last commit of the run
        end_of_revision, // transaction per revision
        outside_transaction, // before an op that cannot run in one (CREATE INDEX CONCURRENTLY),
                             // or runs in transactions of its own (an online op, a backfill)
        step,                // one step of such an op, committed on its own
    };
    Reason reason = Reason::end_of_run;
    std::string op; // outside_transaction: the op's description
    bool operator==(const Commit&) const = default;
};

// CREATE TABLE IF NOT EXISTS for the version and history tables. Online, run only when either
// is missing.
struct VersionTables {
    std::vector<std::string> statements;
    bool operator==(const VersionTables&) const = default;
};

// The start of one applied or reverted revision.
struct RevisionStart {
    std::string revision;
    std::string message;
    std::string file;              // the revision file's name ("" for a revision built in code)
    revision::Direction direction = revision::Direction::upgrade;
    std::size_t index = 0;         // 1-based position in the run
    std::size_t total = 0;         // revisions in the run
    std::size_t op_count = 0;      // ops of this direction of the revision
    std::vector<std::string> heads_before;
    std::vector<std::string> heads_after;
    int retries = 0; // tries again after a lock timeout (the revision's "retries")
    bool operator==(const RevisionStart&) const = default;
};

// The revision's SET LOCAL lock_timeout / statement_timeout, at the start of each transaction
// the revision runs in.
struct Timeouts {
    std::vector<std::string> statements;
    bool operator==(const Timeouts&) const = default;
};

// A backfill op: online, batches in transactions of their own with the progress recorded in
// `progress_table` (resuming after the last committed batch); offline, `statements` (the
// progress table and the dialect's backfill script).
struct Backfill {
    std::string revision;
    std::size_t op_index = 0;
    std::string description;
    ops::Backfill op;
    std::string progress_table;
    std::vector<std::string> timeouts; // run at the start of each batch's transaction
    std::vector<std::string> statements; // offline only
    bool operator==(const Backfill&) const = default;
};

// One op of a revision and its statements (an op that renders to nothing on this dialect has
// none). Online, statements carry bound parameters (bulk_insert); offline, values are inlined.
struct RunOp {
    std::string revision;
    std::size_t op_index = 0; // 0-based, in the revision's ops of this direction
    std::string description;  // "add_column books.isbn"
    ops::Op op;
    bool in_transaction = true;
    std::vector<ops::Statement> statements;
    bool operator==(const RunOp&) const = default;
};

// Consecutive ops on one table that SQLite carries out together, in place or by recreating
// the table. Online, the statements are rendered against the live table when the item runs
// (so they fit the table as it is, triggers made by sql ops included); offline, they come from
// the schema replayed from base, followed by the foreign-key checks.
struct TableRun {
    std::string revision;
    std::size_t op_index = 0; // of the first op
    std::size_t op_count = 0;
    std::string description;  // "recreate table books (alter_column books.title, ...)"
    ops::TableRun run;
    std::vector<ops::Statement> statements; // offline only
    std::vector<std::string> checks;        // offline only
    bool operator==(const TableRun&) const = default;
};

// The version table's rows moved (`revision` empty for a stamp).
struct MoveHeads {
    std::string revision;
    std::vector<std::string> statements;
    bool operator==(const MoveHeads&) const = default;
};

// A history row. Online, a timed row records the revision's duration; offline it is NULL.
struct History {
    std::string revision;
    std::string direction; // "upgrade", "downgrade", "stamp"
    std::string checksum;
    bool timed = false;
    std::string applied_by; // written when set (a stamp that takes over another tool's table says so)
    bool operator==(const History&) const = default;
};

struct RevisionEnd {
    std::string revision;
    std::size_t index = 0;
    std::size_t total = 0;
    bool operator==(const RevisionEnd&) const = default;
};

using Item = std::variant<Lock, Unlock, ForeignKeys, Begin, Commit, VersionTables, RevisionStart, Timeouts, RunOp,
                          TableRun, Backfill, MoveHeads, History, RevisionEnd>;

} // namespace script

struct RunScript {
    RunKind kind = RunKind::upgrade;
    std::string title;          // "upgrade base:head", "stamp r3": the offline script's first line
    db::Backend backend{}; // the dialect the statements are for
    std::string version_table;
    std::string history_table;
    std::vector<std::string> heads_before; // the version table's rows the script starts from
    std::vector<std::string> heads_after;
    std::size_t revisions = 0;  // applied or reverted revisions (0 for a stamp)
    std::vector<script::Item> items;
};

struct ScriptOptions {
    std::string version_table = "migrate_version";
    std::string history_table = "migrate_history";
    bool transaction_per_revision = false;
    // The whole run in the lock's one transaction (PgBouncer's transaction pooling): an op that
    // must run outside a transaction (CONCURRENTLY) is refused, naming its revision.
    bool single_transaction = false;
    // Offline: statements as a script prints them (values inlined as literals) and table runs
    // rendered from `model`, the schema before the plan (replayed from base). Online: neither.
    bool offline = false;
    const schema::MetaData* model = nullptr;
    std::string title;
};

// What a stamp does: the version table's rows from `heads_before` to `heads_after` (all rows
// deleted first with `purge`), and one history row per stamped revision.
struct StampPlan {
    std::vector<std::string> heads_before;
    std::vector<std::string> heads_after;
    std::vector<const revision::Revision*> stamped;
    bool purge = false;
    std::string by; // the history rows' applied_by: where the stamp came from (empty: not written)
};

// Where backfills record their progress: "<version_table>_backfill".
std::string backfill_progress_table(const std::string& version_table);

// The one builder of run scripts. Parses and checks every op (RevisionError naming the file;
// NotSupported naming the revision and the op) and renders it: pure, no database. The steps'
// first heads_before are the rows the version table holds (plan.heads_before).
RunScript build_script(const revision::MigrationPlan& plan, const dialect::Dialect& dialect,
                       const ScriptOptions& options);
RunScript build_script(const StampPlan& plan, const dialect::Dialect& dialect, const ScriptOptions& options);

// The offline script: a header naming the run, the dialect and the time, then every item's
// statements, each ending in ";\n", with comments naming each revision.
std::string print_script(const RunScript& script);

} // namespace migrate::runtime
