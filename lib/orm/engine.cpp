// Engine: a counted doorway to one connection.
#include <migrate/orm/engine.hpp>

namespace migrate::orm {

Engine::Engine(const std::string& url, EngineOptions options)
    : Engine(db::connect(url, db::ConnectOptions{.echo = options.echo, .busy_timeout = std::chrono::milliseconds(5000), .on_notice = {}})) {}

Engine::Engine(std::unique_ptr<db::Connection> connection)
    : conn_(std::move(connection)), dialect_(&dialect::dialect_for(conn_->backend())) {}

Engine::~Engine() = default;

std::vector<db::Row> Engine::query(const std::string& sql, const db::Params& params) {
    ++statements_;
    return conn_->query(sql, params);
}

db::ExecResult Engine::execute(const std::string& sql, const db::Params& params) {
    ++statements_;
    return conn_->execute(sql, params);
}

std::vector<std::int64_t> Engine::execute_many(const std::string& sql, const std::vector<db::Params>& rows) {
    statements_ += rows.size();
    return conn_->execute_many(sql, rows);
}

} // namespace migrate::orm
