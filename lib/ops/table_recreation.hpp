// SQLite table recreation: the ops SQLite cannot do with ALTER TABLE (alter_column, constraint
// ops, some drop/add_column) carried out by the procedure of SQLite's documentation ("Making
// Other Kinds Of Table Schema Changes"), one recreation for each run of ops on one table.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <migrate/dialect/dialect.hpp>
#include <migrate/ops/op.hpp>
#include <migrate/ops/render.hpp>
#include <migrate/schema/model.hpp>

namespace migrate::ops {

// Consecutive ops of one revision on one table, carried out together: in place when every op
// can be, otherwise by one recreation of the table.
struct TableRun {
    ObjectName table;
    std::vector<Op> ops;
    bool operator==(const TableRun&) const = default;
};

using PlannedOp = std::variant<Op, TableRun>;

// Groups a revision's ops for `dialect`. Where the dialect can ALTER everything in place
// (PostgreSQL) every op stands alone. Otherwise each maximal run of table-local ops on one
// table (columns, indexes, constraints, comments) that holds an op which may need recreation
// becomes a TableRun. A column rename ends a run and runs in place after it (SQLite's RENAME
// COLUMN rewrites every index, trigger and view that mentions the column); an alter_column
// that also renames is split so.
// `first_op`, when given, receives for each entry the index in `ops` of its (first) op.
std::vector<PlannedOp> plan(const std::vector<Op>& ops, const dialect::Dialect& dialect,
                            std::vector<std::size_t>* first_op = nullptr);

// "recreate table books (alter_column books.title, drop_column books.isbn)".
std::string describe(const TableRun& run);

// A view or trigger whose SQL mentions the table: kept as written through a recreation, so a
// column it uses cannot be dropped.
struct Dependent {
    std::string kind; // "view" or "trigger"
    std::string name;
    std::string sql;  // CREATE VIEW / CREATE TRIGGER
};

// The table as it is now, and what around it a recreation must keep.
struct TableState {
    schema::Table table;                 // as reflected (or tracked and normalised, offline)
    std::vector<std::string> triggers;   // CREATE TRIGGER statements of triggers on the table
    std::vector<Dependent> dependents;   // views and triggers (of any table) that mention the table
    std::vector<std::string> referencing_tables; // tables whose foreign keys point at it
};

// The state from a tracked model (offline --sql, where there is no database): its views as
// dependents; no triggers (triggers made by sql ops are unknown offline).
TableState table_state(const schema::MetaData& model, const ObjectName& table, const dialect::Dialect& dialect);

// How each column of the new table is filled from the old one.
struct ColumnSource {
    std::string column;                    // in the new table
    std::optional<std::string> expression; // SQL over the old table; nullopt: the column's default
};

// What a run turns into.
struct TableRunSql {
    bool recreates = false;
    std::vector<Statement> statements; // in the transaction, in order
    schema::Table before;
    schema::Table after;
    // Recreation only:
    std::size_t copy_statement = 0;       // index of INSERT INTO new SELECT ... FROM old
    std::size_t first_index_statement = 0; // CREATE INDEX statements start here
    std::vector<ColumnSource> columns;    // the copy's mapping (rowid first when kept)
    std::string temp_name;                // the new table's name until the rename
};

// True when some op of `run` cannot be done in place on `state`.
bool needs_recreation(const TableRun& run, const TableState& state, const dialect::Dialect& dialect);

// The statements of a run. `bind`: bulk_insert values as parameters (online), else literals.
// Throws Error naming the op when the run does not fit the table (a missing column, a dropped
// column that a view or trigger uses, as PostgreSQL refuses it), NotSupported when it asks
// what no dialect can do (a server default on a generated column).
TableRunSql render_table_run(const TableRun& run, const TableState& state, const dialect::Dialect& dialect,
                             bool bind);

// The foreign-key check an offline script runs after a recreation: the dialect's
// foreign_key_check for the table and the tables referencing it.
std::vector<std::string> foreign_key_check_statements(const TableRunSql& sql, const TableState& state,
                                                      const dialect::Dialect& dialect);

} // namespace migrate::ops
