// An Engine is where the ORM's SQL goes: a pool of connections to one URL (db::Pool, as
// SQLAlchemy's QueuePool), its dialect, echo, and a count of the statements sent (what tests
// and the tutorial use to show N+1 vs selectin). A Session borrows one of its connections for
// each transaction.
//
// Threads: an Engine is made to be shared: any number of threads may hold Sessions (or
// connect()) on one Engine at once; echo, the counts and the pool's statistics are safe to read
// and set from any thread. What it lends (an orm::Connection, a Session) belongs to one thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include <migrate/db/pool.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/orm/connection.hpp>

namespace migrate::orm {

struct EngineOptions {
    bool echo = false;      // every statement (parameters, duration) and the pool's events, to stderr
    bool echo_pool = false; // the pool's events only (checkout, return, reconnect), as echo_pool
    // pool_size, max_overflow, pool_timeout, pre_ping, recycle; a URL's pool_* query parameters
    // (pool_size=10&pool_pre_ping=true) override these. An in-memory SQLite database is one
    // shared connection whatever they say.
    db::PoolOptions pool{};
};

class Engine {
public:
    explicit Engine(const std::string& url, EngineOptions options = {});
    // Adopts an open connection (a test's, or one a Migrator already used): every checkout lends
    // it, shared as an in-memory database's connection is.
    explicit Engine(std::unique_ptr<db::Connection> connection, EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const dialect::Dialect& dialect() const { return *dialect_; }
    db::Backend backend() const { return backend_; }
    void set_echo(bool on);
    bool echo() const { return echo_; }

    // Statements the ORM sent through this engine, from every thread (transaction control not
    // included).
    std::size_t statement_count() const { return statements_; }
    void reset_statement_count() { statements_ = 0; }

    // A connection of the pool, for statements outside a Session (DDL, a script); given back
    // when the handle goes. Echo lines of this checkout go to `sink` (default: stderr).
    Connection connect(db::EchoSink sink = {});
    db::PoolStats pool_stats() const { return pool_.stats(); }
    const db::PoolOptions& pool_options() const { return pool_.options(); }
    // Closes the idle connections (after a fork, or to let a database be dropped).
    void dispose() { pool_.dispose(); }

private:
    friend class Connection;
    void count_statements(std::size_t n) { statements_.fetch_add(n, std::memory_order_relaxed); }

    db::Backend backend_;
    const dialect::Dialect* dialect_;
    std::atomic<bool> echo_;
    bool echo_pool_;
    std::atomic<std::size_t> statements_{0};
    db::Pool pool_; // last: its connections go before the rest
};

} // namespace migrate::orm
