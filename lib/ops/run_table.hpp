// Running a TableRun against a live SQLite database: the table's state read at that moment,
// the copy's failures explained (which constraint, how many rows, which rowids), foreign keys
// checked before the transaction can commit.
#pragma once

#include <migrate/db/connection.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/ops/table_recreation.hpp>

namespace migrate::ops {

// The table as the database has it now (reflected), its triggers' SQL from sqlite_schema, the
// views and triggers that mention it, and the tables whose foreign keys reference it. Throws
// Error when the table does not exist.
TableState read_table_state(db::Connection& conn, const ObjectName& table, const dialect::Dialect& dialect);

// Executes `run`: in place where possible, else by recreation. Needs foreign-key enforcement
// off (see ForeignKeysOff): with it on, DROP TABLE would fire ON DELETE actions in other tables,
// so a recreation refuses to start. A failing copy or unique index throws DatabaseError naming
// the constraint, the number of offending rows and the first rowids; so does a foreign key
// (of the table, or of a table referencing it) that the new table breaks.
// Returns the statements' text as run (for tests and --echo-like reports).
std::vector<std::string> execute_table_run(db::Connection& conn, const TableRun& run, const dialect::Dialect& dialect);

// Checks an op that runs on its own (not in a TableRun) against its table as the database has
// it now, for what only the live table tells: a server default asked of a generated column.
// Throws NotSupported naming the op, table and column, so that the refusal reads, and exits,
// the same on every dialect. Reads the database only for such ops; anything else about the
// op (a missing table or column) is left to the database to report.
void check_against_database(db::Connection& conn, const Op& op);

// SQLite ignores its foreign-key switch inside a transaction, so the runtime turns enforcement
// off before its first BEGIN and on again after the last COMMIT/ROLLBACK, when it was on (the
// dialect's set_foreign_keys). Construct it outside any transaction. Does nothing where the
// dialect has nothing to switch (PostgreSQL).
class ForeignKeysOff {
public:
    explicit ForeignKeysOff(db::Connection& conn);
    ~ForeignKeysOff();
    ForeignKeysOff(const ForeignKeysOff&) = delete;
    ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

private:
    db::Connection& conn_;
    bool restore_ = false;
};

} // namespace migrate::ops
