// server_version() names the server for caches, and send_and_disconnect() leaves a statement to
// the server: it is carried out after the client has gone.
#include "db_fixtures.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace migrate;
using namespace migrate::test;

TEST_CASE("server_version names SQLite's library version", "[sqlite]") {
    SqliteDb s;
    CHECK(s.conn->server_version().rfind("SQLite 3.", 0) == 0);
}

TEST_CASE("server_version names PostgreSQL's major version", "[postgres]") {
    PgDb p;
    if (!p.conn) return;
    auto major = p.conn->query("SELECT current_setting('server_version_num')::int / 10000")[0][0].as_int();
    CHECK(p.conn->server_version() == "PostgreSQL " + std::to_string(major));
}

TEST_CASE("a statement sent without waiting is carried out by the PostgreSQL server", "[postgres]") {
    PgDb p;
    if (!p.conn) return;
    db::send_and_disconnect(db::connect(p.database->url()), "CREATE TABLE sent_and_gone (id integer)");
    bool seen = false;
    for (int i = 0; i < 100 && !seen; ++i) {
        seen = !p.conn->query("SELECT 1 FROM pg_tables WHERE tablename = 'sent_and_gone'").empty();
        if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(seen);
}

TEST_CASE("a statement sent without waiting runs at once on SQLite", "[sqlite]") {
    TempDir dir;
    const std::string url = "sqlite:///" + (dir / "x.db").string();
    db::send_and_disconnect(db::connect(url), "CREATE TABLE sent (id integer)");
    CHECK(db::connect(url)->query("SELECT name FROM sqlite_master WHERE name = 'sent'").size() == 1);
}
