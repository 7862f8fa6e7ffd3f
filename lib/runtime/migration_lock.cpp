#include <migrate/runtime/migration_lock.hpp>

#include <migrate/base/error.hpp>
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

MigrationLock::MigrationLock(db::Connection& conn, const std::string& scope, std::chrono::milliseconds timeout,
                             const std::function<void(const std::string&)>& on_wait, bool transaction_scoped)
    : conn_(conn), dialect_(dialect::dialect_for(conn.backend())), key_(advisory_key(scope)),
      transaction_scoped_(transaction_scoped) {
    auto taken = [this] {
        if (!transaction_scoped_) return dialect_.try_lock(conn_, key_);
        if (!conn_.in_transaction()) conn_.begin();
        return dialect_.try_transaction_lock(conn_, key_);
    };
    try {
        auto deadline = Clock::now() + timeout;
        bool said = false;
        while (!taken()) {
            if (Clock::now() >= deadline)
                throw Error("timed out after " + seconds_text(timeout) + " waiting for " + held_by() + " (" +
                            dialect_.lock_name(key_) + ")");
            if (!said && on_wait) on_wait("waiting for " + held_by());
            said = true;
            // A little jitter, so that waiters polling together do not collide every time.
            std::this_thread::sleep_for(k_poll + std::chrono::milliseconds(std::rand() % 20));
        }
    } catch (...) {
        if (transaction_scoped_ && conn_.in_transaction()) conn_.rollback();
        try {
            throw;
        } catch (const Interrupted& e) {
            throw Interrupted(e.signal(), "interrupted while waiting for the migration lock; the database was not changed");
        }
    }
}

void MigrationLock::release() {
    if (released_) return;
    if (transaction_scoped_) conn_.commit();
    else dialect_.unlock(conn_, key_);
    released_ = true;
}

MigrationLock::~MigrationLock() {
    try {
        if (conn_.in_transaction()) conn_.rollback();
        if (!released_ && !transaction_scoped_) dialect_.unlock(conn_, key_);
    } catch (...) {
        // Closing the connection releases both kinds of lock anyway.
    }
}

} // namespace migrate::runtime
