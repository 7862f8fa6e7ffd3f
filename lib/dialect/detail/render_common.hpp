// Text helpers shared by the SQLite and PostgreSQL renderers (private to lib/dialect).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <migrate/dialect/dialect.hpp>
#include <migrate/dialect/expression.hpp>

namespace migrate::dialect::detail {

// "a", "b" -> "\"a\", \"b\"" (each quoted by the dialect).
std::string quoted_list(const Dialect& d, const std::vector<std::string>& names);
std::string fk_action_sql(schema::FkAction action); // "CASCADE", "SET NULL", ...
// The clauses after the column list of a FOREIGN KEY: REFERENCES ... ON DELETE ... DEFERRABLE.
std::string references_clause(const Dialect& d, const std::optional<std::string>& ref_schema,
                              const schema::ForeignKey& fk, bool with_deferrable);
// The table constraints of CREATE TABLE, appended to `parts`: the primary key (when
// `primary_key`), unique and check constraints, and the foreign keys (when `foreign_keys`;
// their referenced table schema-qualified when `qualify_references`).
void append_table_constraints(const Dialect& d, const schema::Table& t, std::vector<std::string>& parts,
                              bool primary_key, bool foreign_keys, bool qualify_references);
// "CONSTRAINT \"n\" " or "" for an unnamed constraint.
std::string constraint_prefix(const Dialect& d, const std::optional<std::string>& name);
// The parenthesised element list of CREATE INDEX: ("a", (lower("b")) DESC).
std::string index_elements(const Dialect& d, const schema::Index& index);

// A literal SQLite accepts after DEFAULT without parentheses: 'x', -1, 2.5, NULL, TRUE,
// CURRENT_TIMESTAMP, x'00'.
bool is_plain_default(std::string_view text);

// How a dialect spells the values whose literal form differs between dialects.
struct LiteralSpelling {
    std::string true_value, false_value;
    std::string nan, infinity, negative_infinity;
    std::string blob_prefix, blob_suffix; // around the hex digits of a blob
};
// Dialect::literal(): NULL, integers, reals (shortest round-trip form, always a REAL: "3.0"),
// strings quoted by the dialect, and the spelled values above.
std::string literal(const Dialect& d, const db::Value& value, const LiteralSpelling& spelling);
// "table.column" -> {"table", "column"} (split at the last dot); no dot -> {"", text}.
std::pair<std::string, std::string> split_owned_by(const std::string& owned_by);

} // namespace migrate::dialect::detail
