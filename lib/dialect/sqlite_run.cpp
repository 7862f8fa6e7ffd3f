// What a migration run asks of SQLite beyond DDL: the version tables' catalog, the write lock
// held for a whole run, foreign-key enforcement around table recreation.
#include <migrate/dialect/sqlite.hpp>

#include <migrate/base/error.hpp>

namespace migrate::dialect {

namespace {

// Back off completely, holding nothing: a waiter that kept a reserved or shared lock could
// block the holder's COMMIT, and the holder it.
void release(db::Connection& conn) {
    try {
        if (conn.in_transaction()) conn.execute("ROLLBACK");
    } catch (const DatabaseError&) {
    }
    conn.query("PRAGMA locking_mode = NORMAL");
    try {
        conn.query("SELECT count(*) FROM sqlite_master"); // the next access drops a retained lock
    } catch (const DatabaseError&) {
        // Busy: another process holds the database, so this connection holds nothing.
    }
}

} // namespace

std::string SqliteDialect::default_schema() const { return "main"; }

std::string SqliteDialect::table_exists_query() const {
    return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";
}

std::string SqliteDialect::column_exists_query() const {
    return "SELECT 1 FROM pragma_table_info(?) WHERE name = ?";
}

bool SqliteDialect::try_lock(db::Connection& conn, std::int64_t) const {
    // In exclusive locking mode SQLite keeps the write lock after COMMIT until the mode is reset,
    // so one BEGIN IMMEDIATE/COMMIT here holds the database for the whole run, across the
    // per-revision commits too. The mode is switched on only once the write lock is ours: a
    // waiting connection in exclusive mode would keep the shared lock of its failed attempt,
    // and two waiters would then block each other. The busy handler is off while trying: the
    // caller decides how long to wait.
    std::int64_t saved_busy_timeout = 5000;
    auto rows = conn.query("PRAGMA busy_timeout");
    if (!rows.empty()) saved_busy_timeout = rows[0][0].as_int();
    conn.query("PRAGMA busy_timeout = 0");
    auto restore = [&] { conn.query("PRAGMA busy_timeout = " + std::to_string(saved_busy_timeout)); };
    try {
        conn.execute("BEGIN IMMEDIATE");
        conn.query("PRAGMA locking_mode = EXCLUSIVE");
        conn.execute("COMMIT");
    } catch (const Interrupted&) {
        release(conn); // the write lock may be ours already: give it back on the way out
        restore();
        throw;
    } catch (const DatabaseError& e) {
        if (!db::is_lock_conflict(e)) throw;
        release(conn);
        restore();
        return false;
    }
    restore();
    return true;
}

void SqliteDialect::unlock(db::Connection& conn, std::int64_t) const { release(conn); }

std::string SqliteDialect::lock_name(std::int64_t) const { return "SQLite write lock"; }

bool SqliteDialect::foreign_keys_enforced(db::Connection& conn) const {
    auto rows = conn.query("PRAGMA foreign_keys");
    return !rows.empty() && rows[0][0].as_int() != 0;
}

Statements SqliteDialect::set_foreign_keys(bool enforced) const {
    return {enforced ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF"};
}

std::string SqliteDialect::foreign_key_check(const ObjectName& table) const {
    return "PRAGMA " + (table.schema ? quote(*table.schema) + "." : std::string()) + "foreign_key_check(" +
           quote(table.name) + ")";
}

Statements SqliteDialect::rename_recreated_table(const ObjectName& temp, std::string_view name) const {
    // Legacy mode: the rename neither re-checks nor rewrites the views and triggers that mention
    // the table (they mention it by its final name already), nor other tables' foreign keys.
    return {"PRAGMA legacy_alter_table = ON", "ALTER TABLE " + qualified(temp) + " RENAME TO " + quote(name),
            "PRAGMA legacy_alter_table = OFF"};
}

bool SqliteDialect::is_constraint_violation(const DatabaseError& error) const {
    return (error.sqlite_code() & 0xff) == 19; // SQLITE_CONSTRAINT and its extended codes
}

std::optional<std::string> SqliteDialect::in_memory_url() const { return "sqlite://"; }

} // namespace migrate::dialect

namespace migrate::dialect {

// SQLite keeps no row estimate: a count that reads at most `bound` rows.
std::optional<std::int64_t> SqliteDialect::table_rows(db::Connection& conn, const ObjectName& table,
                                                      std::int64_t bound) const {
    const std::string master = (table.schema ? quote(*table.schema) + "." : std::string()) + "sqlite_master";
    if (conn.query("SELECT 1 FROM " + master + " WHERE type = 'table' AND name = ?", {table.name}).empty())
        return std::nullopt;
    return conn.query("SELECT count(*) FROM (SELECT 1 FROM " + qualified(table) + " LIMIT ?)", {bound})[0][0].as_int();
}

} // namespace migrate::dialect
