// Serialises migration runs against one database for the whole run: waits for the dialect's
// lock (a PostgreSQL advisory lock keyed by the version table's name, or SQLite's write lock held
// in exclusive locking mode) up to a timeout, and releases it at the end. Transaction-scoped
// (PgBouncer's transaction pooling): the lock opens a transaction and is held until it ends;
// release() commits it, and the destructor rolls back whatever release() did not end.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include <migrate/db/connection.hpp>
#include <migrate/dialect/dialect.hpp>

namespace migrate::runtime {

class MigrationLock {
public:
    // Waits up to `timeout`; calls `on_wait` once if another process holds the lock ("waiting
    // for the migration lock held by pid 4242 (...)", see dialect::lock_holder); throws
    // migrate::Error ("timed out after Ns waiting for the migration lock held by ...") when it
    // gives up, and Interrupted when a signal stops the wait.
    // `scope` names what is locked: the version table (qualified by a tenant's schema).
    MigrationLock(db::Connection& conn, const std::string& scope, std::chrono::milliseconds timeout,
                  const std::function<void(const std::string&)>& on_wait = {}, bool transaction_scoped = false);
    ~MigrationLock();
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;

    // Ends the run's hold: a session lock is unlocked; a transaction-scoped one commits the
    // transaction that holds it (and with it the run's work).
    void release();

    // The PostgreSQL advisory-lock key for a version table name (stable across builds).
    static std::int64_t advisory_key(const std::string& version_table);

private:
    std::string held_by(); // "the migration lock held by ..."
    db::Connection& conn_;
    const dialect::Dialect& dialect_; // the lock's SQL: Dialect::try_lock / unlock
    std::int64_t key_;
    bool transaction_scoped_;
    bool released_ = false;
};

} // namespace migrate::runtime
