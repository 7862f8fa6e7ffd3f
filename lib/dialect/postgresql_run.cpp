// What a migration run asks of PostgreSQL beyond DDL: the version tables' catalog and the
// session advisory lock that serialises runs.
#include <migrate/dialect/postgresql.hpp>

#include <migrate/base/error.hpp>

namespace migrate::dialect {

std::string PostgresqlDialect::default_schema() const { return "public"; }

std::string PostgresqlDialect::table_exists_query() const {
    return "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?";
}

std::string PostgresqlDialect::column_exists_query() const {
    return "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? "
           "AND column_name = ?";
}

bool PostgresqlDialect::try_lock(db::Connection& conn, std::int64_t key) const {
    return conn.query("SELECT pg_try_advisory_lock(?)", {key}).at(0)[0].as_bool();
}

void PostgresqlDialect::unlock(db::Connection& conn, std::int64_t key) const {
    conn.query("SELECT pg_advisory_unlock(?)", {key});
}

std::string PostgresqlDialect::lock_name(std::int64_t key) const {
    return "PostgreSQL advisory lock " + std::to_string(key);
}

bool PostgresqlDialect::try_transaction_lock(db::Connection& conn, std::int64_t key) const {
    return conn.query("SELECT pg_try_advisory_xact_lock(?)", {key}).at(0)[0].as_bool();
}

Statements PostgresqlDialect::lead_search_path(std::string_view schema) const {
    // set_config with the current value appended: the role's or database's path stays behind it.
    return {"SELECT set_config('search_path', " + quote_literal(quote(schema) + ", ") +
            " || current_setting('search_path'), false)"};
}

Statements PostgresqlDialect::ensure_schema(std::string_view schema) const {
    return {"CREATE SCHEMA IF NOT EXISTS " + quote(schema)};
}

std::string PostgresqlDialect::schema_exists_query() const { return "SELECT 1 FROM pg_namespace WHERE nspname = ?"; }

bool PostgresqlDialect::foreign_keys_enforced(db::Connection&) const { return false; }

Statements PostgresqlDialect::set_foreign_keys(bool) const { return {}; }

std::string PostgresqlDialect::foreign_key_check(const ObjectName& table) const {
    throw NotSupported("postgresql: no statement lists the rows breaking the foreign keys of " + qualified(table) +
                       " (PostgreSQL checks them as rows change)");
}

Statements PostgresqlDialect::rename_recreated_table(const ObjectName& temp, std::string_view name) const {
    return rename_table(temp, name);
}

bool PostgresqlDialect::is_constraint_violation(const DatabaseError& error) const {
    return error.code().rfind("23", 0) == 0; // SQLSTATE class 23: integrity constraint violation
}

std::optional<std::string> PostgresqlDialect::in_memory_url() const { return std::nullopt; }

} // namespace migrate::dialect
