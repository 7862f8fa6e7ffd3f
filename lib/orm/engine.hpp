// An Engine is where the ORM's SQL goes: one connection from a URL, its dialect, echo, and a
// count of the statements sent (what tests and the tutorial use to show N+1 vs selectin).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include <migrate/db/connection.hpp>
#include <migrate/dialect/dialect.hpp>

namespace migrate::orm {

struct EngineOptions {
    bool echo = false; // log every statement, its parameters and duration (masked) to stderr
};

class Engine {
public:
    explicit Engine(const std::string& url, EngineOptions options = {});
    // Adopts an open connection (a test's, or one a Migrator already used).
    explicit Engine(std::unique_ptr<db::Connection> connection);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    db::Connection& connection() { return *conn_; }
    const dialect::Dialect& dialect() const { return *dialect_; }
    db::Backend backend() const { return conn_->backend(); }
    void set_echo(bool on) { conn_->set_echo(on); }
    bool echo() const { return conn_->echo(); }

    // Statements the ORM sent through this engine (transaction control not included).
    std::size_t statement_count() const { return statements_; }
    void reset_statement_count() { statements_ = 0; }

    // Every ORM statement goes through these, so it is counted.
    std::vector<db::Row> query(const std::string& sql, const db::Params& params = {});
    db::ExecResult execute(const std::string& sql, const db::Params& params = {});
    // executemany through the connection (pipelined on PostgreSQL): each row counts as a statement.
    std::vector<std::int64_t> execute_many(const std::string& sql, const std::vector<db::Params>& rows);

private:
    std::unique_ptr<db::Connection> conn_;
    const dialect::Dialect* dialect_;
    std::size_t statements_ = 0;
};

} // namespace migrate::orm
