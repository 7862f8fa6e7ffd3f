// Database errors carry the database's code and the failing statement; secrets stay hidden.
#include "db_fixtures.hpp"

#include <migrate/db/error.hpp>

#include <catch2/catch.hpp>

using namespace migrate;
using db::Value;

namespace {

DatabaseError catch_error(const std::function<void()>& f) {
    try {
        f();
    } catch (const DatabaseError& e) {
        return e;
    }
    FAIL("no DatabaseError");
    throw std::logic_error("unreachable");
}

constexpr int k_sqlite_constraint_unique = 2067;     // SQLITE_CONSTRAINT_UNIQUE
constexpr int k_sqlite_constraint_foreignkey = 787;  // SQLITE_CONSTRAINT_FOREIGNKEY
constexpr int k_sqlite_constraint_notnull = 1299;    // SQLITE_CONSTRAINT_NOTNULL

} // namespace

TEST_CASE("a missing table on PostgreSQL is SQLSTATE 42P01 with the statement", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    auto e = catch_error([&] { db.conn->query("SELECT * FROM no_such_table WHERE id = ?", {Value(1)}); });
    CHECK(e.code() == "42P01");
    CHECK(e.statement() == "SELECT * FROM no_such_table WHERE id = ?");
    CHECK_THAT(e.what(), Catch::Contains("no_such_table") && Catch::Contains("42P01"));
}

TEST_CASE("constraint violations on PostgreSQL carry their SQLSTATE", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    db.conn->execute_script("CREATE TABLE p (id int PRIMARY KEY);"
                            "CREATE TABLE c (id int PRIMARY KEY, p int NOT NULL REFERENCES p(id))");
    db.conn->execute("INSERT INTO p VALUES (?)", {Value(1)});
    auto duplicate = catch_error([&] { db.conn->execute("INSERT INTO p VALUES (?)", {Value(1)}); });
    CHECK(duplicate.code() == "23505");
    CHECK(db::is_unique_violation(duplicate));
    auto orphan = catch_error([&] { db.conn->execute("INSERT INTO c VALUES (1, ?)", {Value(9)}); });
    CHECK(orphan.code() == "23503");
    CHECK_FALSE(db::is_unique_violation(orphan));
    CHECK(catch_error([&] { db.conn->execute("INSERT INTO c VALUES (2, ?)", {Value()}); }).code() == "23502");
    CHECK(catch_error([&] { db.conn->execute_script("SELECT 1; SELEC 2"); }).code() == "42601");
}

TEST_CASE("constraint violations on SQLite carry the extended result code and the statement", "[sqlite]") {
    test::SqliteDb db;
    db.conn->execute_script("CREATE TABLE p (id integer PRIMARY KEY, name text UNIQUE);"
                            "CREATE TABLE c (id integer PRIMARY KEY, p integer NOT NULL REFERENCES p(id))");
    db.conn->execute("INSERT INTO p VALUES (1, ?)", {Value("a")});
    auto unique = catch_error([&] { db.conn->execute("INSERT INTO p VALUES (2, ?)", {Value("a")}); });
    CHECK(unique.sqlite_code() == k_sqlite_constraint_unique);
    CHECK(unique.code() == std::to_string(k_sqlite_constraint_unique));
    CHECK(unique.statement() == "INSERT INTO p VALUES (2, ?)");
    CHECK_THAT(unique.what(), Catch::Contains("UNIQUE") && Catch::Contains("INSERT INTO p"));
    CHECK(db::is_unique_violation(unique));
    CHECK(db::is_unique_violation(catch_error([&] { db.conn->execute("INSERT INTO p VALUES (1, ?)", {Value("b")}); })));
    // Foreign keys are enforced: the driver turns them on.
    CHECK(catch_error([&] { db.conn->execute("INSERT INTO c VALUES (1, ?)", {Value(9)}); }).sqlite_code() ==
          k_sqlite_constraint_foreignkey);
    auto notnull = catch_error([&] { db.conn->execute("INSERT INTO c VALUES (2, ?)", {Value()}); });
    CHECK(notnull.sqlite_code() == k_sqlite_constraint_notnull);
    CHECK_FALSE(db::is_unique_violation(notnull));
    auto missing = catch_error([&] { db.conn->query("SELECT * FROM no_such_table"); });
    CHECK_THAT(missing.what(), Catch::Contains("no such table"));
    CHECK(missing.statement() == "SELECT * FROM no_such_table");
}

TEST_CASE("a wrong number of parameters is reported before anything runs", "[sqlite]") {
    test::SqliteDb db;
    CHECK_THROWS_WITH(db.conn->query("SELECT ?, ?", {Value(1)}), Catch::Contains("2 parameter"));
    CHECK_THROWS_WITH(db.conn->execute("SELECT 1; SELECT 2"), Catch::Contains("execute_script"));
}

TEST_CASE("a wrong number of parameters is reported on PostgreSQL too", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    CHECK_THROWS_WITH(db.conn->query("SELECT ?::int, ?::int", {Value(1)}), Catch::Contains("2 parameter"));
}

TEST_CASE("a failed PostgreSQL connection names the URL without its password", "[postgres]") {
    auto server = test::pg_url();
    if (!server) return;
    // Port 1 on loopback: nothing listens there.
    const std::string url = "postgresql://bob:hunter2@127.0.0.1:1/nodb?connect_timeout=2";
    try {
        db::connect(url);
        FAIL("connected to port 1");
    } catch (const DatabaseError& e) {
        std::string what = e.what();
        CHECK(what.find("hunter2") == std::string::npos);
        CHECK_THAT(what, Catch::Contains("postgresql://bob:***@127.0.0.1:1/nodb"));
        CHECK(e.code() == "08001");
    }
}

TEST_CASE("a SQLite file that cannot be opened is a database error naming it", "[sqlite]") {
    test::TempDir dir;
    auto path = (dir / "missing-dir" / "app.db").string();
    CHECK_THROWS_WITH(db::connect("sqlite:///" + path), Catch::Contains(path));
}
