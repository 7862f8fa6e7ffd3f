// orm::Connection: a pooled connection whose statements count as the engine's.
#include <migrate/orm/connection.hpp>

#include <migrate/orm/engine.hpp>

namespace migrate::orm {

Connection::Connection(Engine& engine, db::PooledConnection pooled) : engine_(&engine), pooled_(std::move(pooled)) {}

db::Connection& Connection::use() {
    // Echo can be switched on the engine at any time (EchoPause in the tutorial): a connection
    // lent before the switch follows it at its next statement.
    pooled_->set_echo(engine_->echo());
    return *pooled_;
}

std::vector<db::Row> Connection::query(const std::string& sql, const db::Params& params) {
    count(1);
    return use().query(sql, params);
}

db::ExecResult Connection::execute(const std::string& sql, const db::Params& params) {
    count(1);
    return use().execute(sql, params);
}

std::vector<std::int64_t> Connection::execute_many(const std::string& sql, const std::vector<db::Params>& rows) {
    count(rows.size());
    return use().execute_many(sql, rows);
}

void Connection::count(std::size_t statements) {
    engine_->count_statements(statements);
    statements_ += statements;
}

void Connection::execute_script(const std::string& sql) {
    count(1);
    use().execute_script(sql);
}

} // namespace migrate::orm
