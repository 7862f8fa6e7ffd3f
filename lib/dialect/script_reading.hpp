// Reading an SQL script another tool wrote (Alembic's offline `--sql` output): its statements
// in order, each with the `--` comments that stand before it, in the dialect's lexical rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <migrate/dialect/dialect.hpp>

namespace migrate::dialect {

struct ScriptStatement {
    std::vector<std::string> comments; // the `--` comment lines before it (without "--"), in order
    std::string sql;                   // without its ';' and surrounding blanks; empty for trailing comments
};

// Splits `script` on ';' outside strings, quoted identifiers, comments and dollar-quoted bodies.
// Comments after the last statement come as a last entry with an empty `sql`.
std::vector<ScriptStatement> read_script(std::string_view script, const Dialect& dialect);

// BEGIN, BEGIN TRANSACTION, START TRANSACTION, COMMIT, END: the transaction control a script
// carries and a migration run does itself.
bool is_transaction_control(std::string_view statement, const Dialect& dialect);

// True when `statement` names `table` as a word or quoted identifier (any schema, any case).
bool names_table(std::string_view statement, std::string_view table, const Dialect& dialect);

} // namespace migrate::dialect
