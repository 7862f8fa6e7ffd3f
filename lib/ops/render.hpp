// Turning ops into SQL through a dialect: one path for offline scripts (--sql) and online runs,
// and the up-front check that a dialect can do every op before anything runs.
#pragma once

#include <string>
#include <vector>

#include <migrate/db/value.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/ops/op.hpp>

namespace migrate::ops {

// One statement to execute online. Only bulk_insert has parameters (`?` placeholders); the
// sql op's text may hold several statements and is then run as a script.
struct Statement {
    std::string sql;
    db::Params params;
    bool is_script = false; // run with Connection::execute_script (the sql op)
    bool operator==(const Statement&) const = default;
};

// The statements of `op` for an offline script: values inlined as literals, no trailing ';'.
// Throws NotSupported naming the op and its table ("alter_column books.title: SQLite cannot
// change a column's type in place ...") when the dialect cannot do it. The sql op renders to
// nothing on a dialect other than its own; comment ops render to nothing where the dialect
// keeps no comments (SQLite).
std::vector<std::string> render(const Op& op, const dialect::Dialect& dialect);
std::vector<std::string> render(const std::vector<Op>& ops, const dialect::Dialect& dialect);

// The same statements for an online run, bulk_insert rows as bound parameters.
std::vector<Statement> render_statements(const Op& op, const dialect::Dialect& dialect);
std::vector<Statement> render_statements(const std::vector<Op>& ops, const dialect::Dialect& dialect);

// Throws NotSupported for the first op the dialect cannot do in place, before anything runs.
void check_supported(const Op& op, const dialect::Dialect& dialect);
void check_supported(const std::vector<Op>& ops, const dialect::Dialect& dialect);

// Where an op's statements run relative to its revision's transaction.
enum class Placement {
    transaction,         // inside it, like every op by default
    // The revision's work so far is committed first, then each statement runs in a transaction
    // of its own (PostgreSQL: validate_constraint and an online alter_column, so that no lock
    // taken earlier is held while they wait or scan; a backfill, batch by batch, anywhere).
    own_transactions,
    outside_transaction, // committed first, then run outside any transaction (CONCURRENTLY)
};
Placement placement(const Op& op, const dialect::Dialect& dialect);
// placement() == Placement::transaction.
bool runs_in_transaction(const Op& op, const dialect::Dialect& dialect);

// A backfill op as the dialect's statements take it.
dialect::BackfillSpec backfill_spec(const Backfill& op);

// A bulk_insert cell as a database value: null, boolean, integer, real, text; arrays and
// objects become their JSON text (for json columns).
db::Value to_value(const nlohmann::json& cell);

} // namespace migrate::ops
