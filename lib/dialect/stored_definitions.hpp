// A cheap, exact picture of a schema where the database keeps its definitions as text (SQLite:
// the CREATE statements in sqlite_schema): two equal pictures are one schema, with no
// reflection; and the model a picture describes, read back when a difference must be named.
// `migrate test` compares a schema after every downgrade with this.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <migrate/db/connection.hpp>
#include <migrate/dialect/reflect.hpp>

namespace migrate::dialect {

// One query: the definitions of the tables, indexes, views and triggers (not SQLite's own, not
// options.exclude_tables and what belongs to them), tables first, each kind by name. nullopt
// where the dialect keeps no such text (PostgreSQL): reflect() instead.
std::optional<std::vector<std::string>> stored_definitions(db::Connection& conn, const ReflectOptions& options = {});

// The model `definitions` (from stored_definitions() on a `backend` database) describe: they
// run in a private in-memory database, which reflect() then reads.
schema::MetaData reflect_definitions(db::Backend backend, const std::vector<std::string>& definitions,
                                     const ReflectOptions& options = {}, NotModelled* not_modelled = nullptr);

} // namespace migrate::dialect
