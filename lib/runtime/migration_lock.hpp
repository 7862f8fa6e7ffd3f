// Serialises migration runs against one database for the whole run: waits for the dialect's
// lock (a PostgreSQL advisory lock keyed by the version table's name, or SQLite's write lock held
// in exclusive locking mode) up to a timeout, and releases it at the end.
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
    MigrationLock(db::Connection& conn, const std::string& version_table, std::chrono::milliseconds timeout,
                  const std::function<void(const std::string&)>& on_wait = {});
    ~MigrationLock();
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;

    // The PostgreSQL advisory-lock key for a version table name (stable across builds).
    static std::int64_t advisory_key(const std::string& version_table);

private:
    std::string held_by(); // "the migration lock held by ..."
    db::Connection& conn_;
    const dialect::Dialect& dialect_; // the lock's SQL: Dialect::try_lock / unlock
    std::int64_t key_;
};

} // namespace migrate::runtime
