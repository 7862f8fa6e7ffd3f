// A connection lent by an Engine's pool for ORM statements: each one is counted as the engine's
// (Engine::statement_count) and echoed when the engine's echo is on. It goes back to the pool
// when this handle goes, rolled back if a transaction is still open.
//
// Threads: one thread at a time, like the db::Connection it lends.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <migrate/db/pool.hpp>

namespace migrate::orm {

class Engine;

class Connection {
public:
    Connection(Engine& engine, db::PooledConnection pooled);

    std::vector<db::Row> query(const std::string& sql, const db::Params& params = {});
    db::ExecResult execute(const std::string& sql, const db::Params& params = {});
    // One statement for each row of parameters, all rows or none (db::Connection::execute_many:
    // pipelined on PostgreSQL); each row counts as a statement. Rows affected, per row.
    std::vector<std::int64_t> execute_many(const std::string& sql, const std::vector<db::Params>& rows);
    // Several statements without parameters (DDL); counted as one.
    void execute_script(const std::string& sql);

    void begin() { use().begin(); }
    void commit() { use().commit(); }
    void rollback() { use().rollback(); }
    bool in_transaction() const { return pooled_->in_transaction(); }

    // The database connection itself, for the db and dialect layers' tools (db::Transaction,
    // dialect::reflect). Statements sent through it directly are not counted.
    db::Connection& db() { return use(); }
    std::size_t id() const { return pooled_.id(); } // the pool's number for it (echo lines)
    std::size_t statements() const { return statements_; } // counted statements through this handle

private:
    db::Connection& use(); // takes the engine's echo setting first
    void count(std::size_t statements);
    Engine* engine_;
    db::PooledConnection pooled_;
    std::size_t statements_ = 0;
};

} // namespace migrate::orm
