// One interface over SQLite and PostgreSQL: statements, parameters, transactions, savepoints,
// locks and echo. Callers write `?` placeholders; each driver translates them ($1.. on PostgreSQL).
//
// Threads: a Connection (and a Transaction on it) belongs to one thread at a time; it may move
// between threads (the pool in pool.hpp lends it out), but two threads must never use it at
// once. The free functions here (connect, write_echo) are safe from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <migrate/db/url.hpp>
#include <migrate/db/value.hpp>

namespace migrate {
class DatabaseError;
}

namespace migrate::db {

struct ConnectOptions {
    bool echo = false;                                // every statement, params and duration to stderr
    std::chrono::milliseconds busy_timeout{5000};     // SQLite busy handler
    std::function<void(const std::string&)> on_notice; // PostgreSQL NOTICE/WARNING; default: stderr
    // SQLite files shared by a pool: WAL lets readers run beside the writer, and BEGIN IMMEDIATE
    // makes a writer wait (busy_timeout) for the write lock at BEGIN; a deferred transaction that
    // read first fails at once (SQLITE_BUSY_SNAPSHOT) when another connection wrote meanwhile.
    bool sqlite_wal = false;
    bool sqlite_begin_immediate = false;
    // PostgreSQL behind a transaction-pooling PgBouncer: every statement is parsed, bound and run
    // unnamed in one round trip, since a named prepared statement lives on one server connection
    // and the next transaction may get another.
    bool unnamed_statements = false;
};

// Where echo lines go instead of stderr (a request's log in a server, a test's buffer).
using EchoSink = std::function<void(const std::string&)>;

// Writes echo text to stderr whole: lines from several threads never interleave.
void write_echo(const std::string& text);

// How a statement reached the database: execute(), query() or execute_script() (which
// begin/commit/rollback use too).
enum class StatementKind { execute, query, script };

// Called after each statement that succeeded, with its text and parameters (tests capture what
// a run sent; a log or an event stream can follow it).
using StatementHook = std::function<void(const std::string& sql, const Params& params, StatementKind kind)>;

struct ExecResult {
    std::int64_t rows_affected = 0;
    std::int64_t last_insert_id = 0; // SQLite rowid of the last INSERT; 0 on PostgreSQL (use RETURNING)
};

class Connection {
public:
    virtual ~Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    virtual Backend backend() const = 0;

    // Statements with `?` placeholders, prepared once per connection and reused from a cache.
    virtual ExecResult execute(const std::string& sql, const Params& params = {}) = 0;
    virtual std::vector<Row> query(const std::string& sql, const Params& params = {}) = 0;
    // executemany: one statement run once per row of parameters, all rows or none (inside the
    // open transaction, else in one of its own). PostgreSQL sends the rows in libpq's pipeline
    // mode, one round trip per k_pipeline_rows; SQLite steps one prepared statement per row. A
    // failing row throws DatabaseError whose row() is its index. Returns each row's rows affected.
    std::vector<std::int64_t> execute_many(const std::string& sql, const std::vector<Params>& rows);
    static constexpr std::size_t k_pipeline_rows = 1000;
    // Several statements separated by ';', no parameters, not cached (DDL scripts, schema.sql).
    virtual void execute_script(const std::string& sql) = 0;

    // Plain transaction control; prefer the Transaction guard below.
    virtual void begin() = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
    virtual bool in_transaction() const = 0;
    // True when the connection still works (PostgreSQL: one round trip; a dropped server
    // connection gives false, not an exception). The pool's pre_ping.
    virtual bool ping() = 0;

    // The server's product and major version ("PostgreSQL 15"), or the SQLite library's version
    // ("SQLite 3.40.1"): what a cache of schemas read from this kind of server is keyed by.
    virtual std::string server_version() const = 0;

    // Statistics for tests and benchmarks.
    std::size_t statements_prepared() const { return prepared_; }
    std::size_t statements_executed() const { return executed_; }
    void reset_counters() { prepared_ = executed_ = 0; }

    void set_echo(bool on) { echo_ = on; }
    bool echo() const { return echo_; }
    // Echo lines go to `sink` (empty: stderr through write_echo).
    void set_echo_sink(EchoSink sink) { echo_sink_ = std::move(sink); }
    const EchoSink& echo_sink() const { return echo_sink_; }
    // One hook per connection; an empty function removes it.
    void set_statement_hook(StatementHook hook) { hook_ = std::move(hook); }

protected:
    Connection() = default;
    // execute_many's rows, once the transaction is open; each row counts as a statement executed.
    virtual std::vector<std::int64_t> run_many(const std::string& sql, const std::vector<Params>& rows) = 0;
    // See send_and_disconnect(): sends `sql` and closes the connection without waiting.
    virtual void send_and_close(const std::string& sql) = 0;
    friend void send_and_disconnect(std::unique_ptr<Connection> conn, const std::string& sql);

    // Drivers call this after each statement that succeeded: echo, and the statement hook.
    void log_statement(const std::string& sql, const Params& params, std::chrono::nanoseconds took,
                       StatementKind kind) const;
    std::size_t prepared_ = 0;
    std::size_t executed_ = 0;
    bool echo_ = false;
    EchoSink echo_sink_;
    StatementHook hook_;

private:
    friend class Transaction;
    int savepoint_depth_ = 0; // open Transaction savepoints, so nested names stay unique
};

// True when `e` says that another connection holds a lock this one needed and did not get in
// time (SQLite's SQLITE_BUSY and SQLITE_LOCKED: "database is locked").
bool is_lock_conflict(const DatabaseError& e);

// True when the database refused the statement itself (its syntax, a name, a type, a value, a
// constraint), false when it failed as a system: the connection, the server, memory, disk, a
// lock, an interrupt.
bool is_statement_error(const DatabaseError& e);

// True when a unique or primary-key constraint refused a duplicate (SQLSTATE 23505; SQLite's
// SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY).
bool is_unique_violation(const DatabaseError& e);

// Opens the right driver for the URL. Connection failures throw DatabaseError with the masked URL.
std::unique_ptr<Connection> connect(const std::string& url, const ConnectOptions& options = {});
std::unique_ptr<Connection> connect(const Url& url, const ConnectOptions& options = {});

// Sends one statement and closes `conn` without waiting for its end, for work whose outcome
// nobody waits on (dropping a scratch database). PostgreSQL: the server runs it to completion
// (client_connection_check_interval is turned off first, so the disconnect does not stop it);
// a statement that fails there fails unseen. SQLite has no server: it runs here. Throws
// DatabaseError when the statement cannot be sent.
void send_and_disconnect(std::unique_ptr<Connection> conn, const std::string& sql);

// RAII transaction: begins in the constructor (or a SAVEPOINT when one is already open),
// rolls back in the destructor unless commit() was called.
class Transaction {
public:
    explicit Transaction(Connection& conn);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();
    void rollback();
    bool is_savepoint() const { return !savepoint_.empty(); }

private:
    Connection& conn_;
    std::string savepoint_;
    bool done_ = false;
};

} // namespace migrate::db
