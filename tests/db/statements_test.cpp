// The statement cache, affected-row counts, RETURNING and last_insert_id, scripts, notices.
#include "db_fixtures.hpp"

#include <migrate/db/error.hpp>

#include <catch2/catch.hpp>

using namespace migrate;
using db::Value;

namespace {

void check_statement_cache(db::Connection& conn) {
    conn.execute_script("CREATE TABLE t (x integer)");
    conn.reset_counters();
    for (int i = 0; i < 20; ++i) conn.execute("INSERT INTO t VALUES (?)", {Value(i)});
    CHECK(conn.statements_prepared() == 1);
    CHECK(conn.statements_executed() == 20);
    for (int i = 0; i < 5; ++i) CHECK(conn.query("SELECT count(*) FROM t WHERE x < ?", {Value(i)})[0][0].as_int() == i);
    CHECK(conn.statements_prepared() == 2);
    // A statement that failed is not cached and fails the same way again.
    CHECK_THROWS_AS(conn.query("SELECT nope FROM t"), DatabaseError);
    CHECK_THROWS_AS(conn.query("SELECT nope FROM t"), DatabaseError);
    CHECK(conn.statements_prepared() == 2);
}

void check_rows_affected(db::Connection& conn) {
    conn.execute_script("CREATE TABLE t (x integer)");
    for (int i = 0; i < 5; ++i) conn.execute("INSERT INTO t VALUES (?)", {Value(i)});
    CHECK(conn.execute("UPDATE t SET x = x + 10 WHERE x >= ?", {Value(2)}).rows_affected == 3);
    CHECK(conn.execute("DELETE FROM t WHERE x = ?", {Value(99)}).rows_affected == 0);
    CHECK(conn.execute("DELETE FROM t").rows_affected == 5);
    CHECK(conn.execute("CREATE TABLE u (y integer)").rows_affected == 0);
}

void check_returning(db::Connection& conn, const std::string& create) {
    conn.execute_script(create);
    auto rows = conn.query("INSERT INTO authors (name) VALUES (?) RETURNING id, name", {Value("Ursula")});
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["id"].as_int() == 1);
    CHECK(rows[0]["name"] == Value("Ursula"));
    rows = conn.query("INSERT INTO authors (name) VALUES (?) RETURNING id", {Value("Octavia")});
    CHECK(rows[0][0].as_int() == 2);
}

// A cached SELECT * keeps working when its table gains a column, in and out of a transaction.
void check_cache_after_ddl(db::Connection& conn) {
    conn.execute_script("CREATE TABLE t (x integer)");
    conn.execute("INSERT INTO t VALUES (1)");
    CHECK(conn.query("SELECT * FROM t")[0].size() == 1);
    conn.execute("ALTER TABLE t ADD COLUMN y integer DEFAULT 7");
    auto rows = conn.query("SELECT * FROM t");
    REQUIRE(rows[0].size() == 2);
    CHECK(rows[0]["y"].as_int() == 7);
    conn.begin();
    conn.execute_script("ALTER TABLE t ADD COLUMN z text DEFAULT 'zed'");
    rows = conn.query("SELECT * FROM t");
    REQUIRE(rows[0].size() == 3);
    CHECK(rows[0]["z"].as_text() == "zed");
    conn.commit();
    // Words that only contain create/alter/drop do not drop the cache.
    conn.execute_script("CREATE TABLE created_at_log (dropped integer)");
    (void)conn.query("SELECT dropped FROM created_at_log");
    conn.reset_counters();
    for (int i = 0; i < 3; ++i) (void)conn.query("SELECT dropped FROM created_at_log");
    CHECK(conn.statements_prepared() == 0);
}

} // namespace

TEST_CASE("a cached SELECT * sees columns added after it was prepared on SQLite", "[sqlite]") {
    test::SqliteDb db;
    check_cache_after_ddl(*db.conn);
}

TEST_CASE("a cached SELECT * sees columns added after it was prepared on PostgreSQL", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    check_cache_after_ddl(*db.conn);
}

TEST_CASE("a statement run many times on SQLite is prepared once", "[sqlite]") {
    test::SqliteDb db;
    check_statement_cache(*db.conn);
}

TEST_CASE("a statement run many times on PostgreSQL is prepared once", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    check_statement_cache(*db.conn);
}

TEST_CASE("execute counts the rows a statement changed on SQLite", "[sqlite]") {
    test::SqliteDb db;
    check_rows_affected(*db.conn);
}

TEST_CASE("execute counts the rows a statement changed on PostgreSQL", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    check_rows_affected(*db.conn);
}

TEST_CASE("INSERT RETURNING gives the new key on SQLite, and so does last_insert_id", "[sqlite]") {
    test::SqliteDb db;
    check_returning(*db.conn, "CREATE TABLE authors (id integer PRIMARY KEY, name text NOT NULL)");
    auto r = db.conn->execute("INSERT INTO authors (name) VALUES (?)", {Value("Iain")});
    CHECK(r.last_insert_id == 3);
    CHECK(r.rows_affected == 1);
}

TEST_CASE("INSERT RETURNING gives the new key on PostgreSQL", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    check_returning(*db.conn, "CREATE TABLE authors (id bigserial PRIMARY KEY, name text NOT NULL)");
}

TEST_CASE("a script runs several statements on both dialects", "[sqlite]") {
    test::SqliteDb db;
    db.conn->execute_script("CREATE TABLE a (x int); INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);");
    CHECK(db.conn->query("SELECT sum(x) FROM a")[0][0].as_int() == 3);
}

TEST_CASE("a script runs several statements on PostgreSQL", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    db.conn->execute_script("CREATE TABLE a (x int); INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);");
    CHECK(db.conn->query("SELECT sum(x)::int FROM a")[0][0].as_int() == 3);
}

TEST_CASE("PostgreSQL notices reach on_notice, and the session is named migrate", "[postgres]") {
    auto server = test::pg_url();
    if (!server) return;
    test::PgDatabase database(*server);
    std::vector<std::string> notices;
    db::ConnectOptions options;
    options.on_notice = [&](const std::string& n) { notices.push_back(n); };
    auto conn = db::connect(database.url(), options);
    conn->execute_script("DO $$ BEGIN RAISE NOTICE 'hello from %', 'plpgsql'; END $$");
    REQUIRE(notices.size() == 1);
    CHECK_THAT(notices[0], Catch::Contains("hello from plpgsql"));
    CHECK(conn->query("SHOW application_name")[0][0] == Value("migrate"));
}
