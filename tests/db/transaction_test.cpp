// Transactions and nested savepoints on both dialects.
#include "db_fixtures.hpp"

#include <migrate/db/error.hpp>

#include <catch2/catch.hpp>

using namespace migrate;
using db::Value;

namespace {

std::int64_t count(db::Connection& conn) { return conn.query("SELECT count(*) FROM t")[0][0].as_int(); }

void check_commit_and_rollback(db::Connection& conn) {
    conn.execute_script("CREATE TABLE t (x integer)");
    {
        db::Transaction tx(conn);
        CHECK(conn.in_transaction());
        CHECK_FALSE(tx.is_savepoint());
        conn.execute("INSERT INTO t VALUES (?)", {Value(1)});
        tx.commit();
    }
    CHECK_FALSE(conn.in_transaction());
    CHECK(count(conn) == 1);
    {
        db::Transaction tx(conn);
        conn.execute("INSERT INTO t VALUES (?)", {Value(2)});
        tx.rollback();
    }
    CHECK(count(conn) == 1);
    {
        db::Transaction tx(conn);
        conn.execute("INSERT INTO t VALUES (?)", {Value(3)});
        // no commit: the destructor rolls back
    }
    CHECK_FALSE(conn.in_transaction());
    CHECK(count(conn) == 1);
    CHECK_THROWS_AS([&] {
        db::Transaction tx(conn);
        conn.execute("INSERT INTO t VALUES (?)", {Value(4)});
        throw std::runtime_error("the work failed");
    }(), std::runtime_error);
    CHECK(count(conn) == 1);
}

void check_nested_savepoints(db::Connection& conn) {
    conn.execute_script("CREATE TABLE t (x integer)");
    db::Transaction outer(conn);
    conn.execute("INSERT INTO t VALUES (1)");
    {
        db::Transaction inner(conn);
        CHECK(inner.is_savepoint());
        conn.execute("INSERT INTO t VALUES (2)");
        {
            db::Transaction innermost(conn);
            CHECK(innermost.is_savepoint());
            conn.execute("INSERT INTO t VALUES (3)");
            innermost.commit();
        }
        CHECK(count(conn) == 3);
        inner.rollback(); // undoes 2 and 3, keeps 1
    }
    CHECK(count(conn) == 1);
    {
        db::Transaction again(conn); // a savepoint name can be used again after release
        conn.execute("INSERT INTO t VALUES (4)");
        again.commit();
    }
    outer.commit();
    auto rows = conn.query("SELECT x FROM t ORDER BY x");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0][0].as_int() == 1);
    CHECK(rows[1][0].as_int() == 4);
}

void check_savepoint_recovers_from_error(db::Connection& conn) {
    conn.execute_script("CREATE TABLE t (x integer UNIQUE)");
    db::Transaction outer(conn);
    conn.execute("INSERT INTO t VALUES (1)");
    {
        db::Transaction attempt(conn);
        CHECK_THROWS_AS(conn.execute("INSERT INTO t VALUES (1)"), DatabaseError);
        attempt.rollback();
    }
    conn.execute("INSERT INTO t VALUES (2)"); // the outer transaction is usable again
    outer.commit();
    CHECK(count(conn) == 2);
}

} // namespace

TEST_CASE("a transaction commits, rolls back, and rolls back when it goes out of scope on SQLite", "[sqlite]") {
    test::SqliteDb db;
    check_commit_and_rollback(*db.conn);
}

TEST_CASE("a transaction commits, rolls back, and rolls back when it goes out of scope on PostgreSQL", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    check_commit_and_rollback(*db.conn);
}

TEST_CASE("nested transactions are savepoints and roll back alone on SQLite", "[sqlite]") {
    test::SqliteDb db;
    check_nested_savepoints(*db.conn);
}

TEST_CASE("nested transactions are savepoints and roll back alone on PostgreSQL", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    check_nested_savepoints(*db.conn);
}

TEST_CASE("rolling back a savepoint after a failed statement keeps the outer transaction on SQLite", "[sqlite]") {
    test::SqliteDb db;
    check_savepoint_recovers_from_error(*db.conn);
}

TEST_CASE("rolling back a savepoint after a failed statement keeps the outer transaction on PostgreSQL",
          "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    check_savepoint_recovers_from_error(*db.conn);
}

TEST_CASE("committing a PostgreSQL transaction that had an error reports the rollback", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    db.conn->execute_script("CREATE TABLE t (x integer)");
    db::Transaction tx(*db.conn);
    db.conn->execute("INSERT INTO t VALUES (1)");
    CHECK_THROWS_AS(db.conn->execute("INSERT INTO nope VALUES (1)"), DatabaseError);
    try {
        tx.commit();
        FAIL("commit of an aborted transaction succeeded");
    } catch (const DatabaseError& e) {
        CHECK(e.code() == "25P02");
    }
    CHECK_FALSE(db.conn->in_transaction());
    CHECK(count(*db.conn) == 0);
}

TEST_CASE("a transaction on a file database is invisible to another connection until commit", "[sqlite]") {
    test::TempDir dir;
    std::string url = "sqlite:///" + (dir / "app.db").string();
    auto writer = db::connect(url);
    auto reader = db::connect(url);
    writer->execute_script("CREATE TABLE t (x integer)");
    db::Transaction tx(*writer);
    writer->execute("INSERT INTO t VALUES (1)");
    CHECK(count(*reader) == 0);
    tx.commit();
    CHECK(count(*reader) == 1);
}
