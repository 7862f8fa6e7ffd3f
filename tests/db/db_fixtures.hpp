// Opens a fresh database of each kind for one test: SQLite in memory, PostgreSQL in a database
// of its own on the test server (or nothing, with a skip/fail message, when there is none).
#pragma once

#include <migrate/db/connection.hpp>
#include <support/test_support.hpp>

#include <memory>
#include <optional>

namespace migrate::test {

struct SqliteDb {
    std::unique_ptr<db::Connection> conn = db::connect("sqlite://");
};

struct PgDb {
    std::optional<PgDatabase> database;
    std::unique_ptr<db::Connection> conn; // null when the test must skip

    PgDb() {
        auto server = pg_url();
        if (!server) return;
        database.emplace(*server);
        conn = db::connect(database->url());
    }
    ~PgDb() { conn.reset(); } // close before the database is dropped
};

} // namespace migrate::test
