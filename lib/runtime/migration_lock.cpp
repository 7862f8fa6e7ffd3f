#include <migrate/runtime/migration_lock.hpp>

#include <migrate/db/error.hpp>
#include <migrate/dialect/lock_holder.hpp>

#include <cstdlib>
#include <thread>

namespace migrate::runtime {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto k_poll = std::chrono::milliseconds(50);

std::string seconds_text(std::chrono::milliseconds ms) {
    auto s = std::to_string(ms.count() / 1000);
    if (ms.count() % 1000) s += "." + std::to_string(ms.count() % 1000 / 100);
    return s + "s";
}

} // namespace

std::string MigrationLock::held_by() {
    std::optional<std::string> holder;
    try {
        holder = dialect::lock_holder(conn_, key_);
    } catch (const DatabaseError&) {
        // Naming the holder is a courtesy: a catalog the role may not read changes nothing.
    }
    return "the migration lock held by " + holder.value_or("another process");
}

std::int64_t MigrationLock::advisory_key(const std::string& version_table) {
    // FNV-1a 64 of a namespaced name: the same table name gives the same key in every process.
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : "migrate:" + version_table) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return static_cast<std::int64_t>(h);
}

MigrationLock::MigrationLock(db::Connection& conn, const std::string& version_table,
                             std::chrono::milliseconds timeout, const std::function<void(const std::string&)>& on_wait)
    : conn_(conn), key_(advisory_key(version_table)) {
    try {
        if (conn_.backend() == db::Backend::postgresql) acquire_postgresql(timeout, on_wait);
        else acquire_sqlite(timeout, on_wait);
    } catch (const Interrupted& e) {
        throw Interrupted(e.signal(), "interrupted while waiting for the migration lock; the database was not changed");
    }
}

void MigrationLock::acquire_postgresql(std::chrono::milliseconds timeout,
                                       const std::function<void(const std::string&)>& on_wait) {
    auto deadline = Clock::now() + timeout;
    bool said = false;
    for (;;) {
        if (conn_.query("SELECT pg_try_advisory_lock(?)", {key_}).at(0)[0].as_bool()) return;
        if (Clock::now() >= deadline)
            throw Error("timed out after " + seconds_text(timeout) + " waiting for " + held_by() +
                        " (PostgreSQL advisory lock " + std::to_string(key_) + ")");
        if (!said && on_wait) on_wait("waiting for " + held_by());
        said = true;
        std::this_thread::sleep_for(k_poll);
    }
}

void MigrationLock::acquire_sqlite(std::chrono::milliseconds timeout,
                                   const std::function<void(const std::string&)>& on_wait) {
    // In exclusive locking mode SQLite keeps the write lock after COMMIT until the mode is reset,
    // so one BEGIN IMMEDIATE/COMMIT here holds the database for the whole run, across the
    // per-revision commits too. The mode is switched on only once the write lock is ours: a
    // waiting connection in exclusive mode would keep the shared lock of its failed attempt,
    // and two waiters would then block each other.
    auto rows = conn_.query("PRAGMA busy_timeout");
    if (!rows.empty()) saved_busy_timeout_ = rows[0][0].as_int();
    conn_.query("PRAGMA busy_timeout = 0");
    auto deadline = Clock::now() + timeout;
    bool said = false;
    for (;;) {
        try {
            conn_.execute("BEGIN IMMEDIATE");
            conn_.query("PRAGMA locking_mode = EXCLUSIVE");
            conn_.execute("COMMIT");
            break;
        } catch (const Interrupted&) {
            release_sqlite(); // the write lock may be ours already: give it back on the way out
            conn_.query("PRAGMA busy_timeout = " + std::to_string(saved_busy_timeout_));
            throw;
        } catch (const DatabaseError& e) {
            if (!db::is_lock_conflict(e)) throw;
            // Back off completely, holding nothing while we sleep: a waiter that kept a
            // reserved or shared lock could block the holder's COMMIT, and the holder it.
            release_sqlite();
            if (Clock::now() >= deadline) {
                conn_.query("PRAGMA busy_timeout = " + std::to_string(saved_busy_timeout_));
                throw Error("timed out after " + seconds_text(timeout) + " waiting for " + held_by() +
                            " (SQLite write lock)");
            }
            if (!said && on_wait) on_wait("waiting for " + held_by());
            said = true;
            std::this_thread::sleep_for(k_poll + std::chrono::milliseconds(std::rand() % 20));
        }
    }
    conn_.query("PRAGMA busy_timeout = " + std::to_string(saved_busy_timeout_));
}

void MigrationLock::release_sqlite() {
    try {
        if (conn_.in_transaction()) conn_.execute("ROLLBACK");
    } catch (const DatabaseError&) {
    }
    conn_.query("PRAGMA locking_mode = NORMAL");
    try {
        conn_.query("SELECT count(*) FROM sqlite_master"); // the next access drops a retained lock
    } catch (const DatabaseError&) {
        // Busy: another process holds the database, so this connection holds nothing.
    }
}

MigrationLock::~MigrationLock() {
    try {
        if (conn_.in_transaction()) conn_.rollback();
        if (conn_.backend() == db::Backend::postgresql) {
            conn_.query("SELECT pg_advisory_unlock(?)", {key_});
        } else {
            release_sqlite();
        }
    } catch (...) {
        // Closing the connection releases both kinds of lock anyway.
    }
}

} // namespace migrate::runtime
