// Who holds the migration lock, for the messages of a process that waits for it or gives up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <migrate/db/connection.hpp>

namespace migrate::dialect {

// PostgreSQL: the session holding the advisory lock `advisory_key` in this database, read from
// pg_locks + pg_stat_activity in one query: "pid 4242 (application "migrate", client
// 127.0.0.1, connected 12s ago), active for 3s: SELECT pg_sleep(30)". How long the lock itself
// is held the server does not record; the session's age bounds it. nullopt when no session
// holds it (it was just released).
// SQLite cannot tell which process holds its write lock: "another process that is migrating or
// writing to the database".
std::optional<std::string> lock_holder(db::Connection& conn, std::int64_t advisory_key);

} // namespace migrate::dialect
