// executemany: one statement per row of parameters, pipelined on PostgreSQL, a prepared loop on
// SQLite; rows affected per row, all rows or none, and a failing row named by its index.
#include "db_fixtures.hpp"

#include <migrate/db/error.hpp>

#include <catch2/catch.hpp>

using namespace migrate;
using db::Value;

namespace {

constexpr std::size_t k_rows = 2500; // more than two pipeline batches

std::vector<db::Params> numbered_rows(std::size_t n) {
    std::vector<db::Params> rows;
    for (std::size_t i = 0; i < n; ++i) rows.push_back({Value(static_cast<std::int64_t>(i)), "row " + std::to_string(i)});
    return rows;
}

void runs_every_row(db::Connection& conn) {
    conn.execute_script("CREATE TABLE t (x integer UNIQUE, y text)");
    conn.reset_counters();
    auto counts = conn.execute_many("INSERT INTO t (x, y) VALUES (?, ?)", numbered_rows(k_rows));
    CHECK(conn.statements_prepared() == 1);
    CHECK(conn.statements_executed() >= k_rows); // the rows, plus BEGIN and COMMIT
    REQUIRE(counts.size() == k_rows);
    CHECK(std::all_of(counts.begin(), counts.end(), [](std::int64_t n) { return n == 1; }));
    CHECK(conn.query("SELECT count(*), sum(x) FROM t")[0][1].as_int() ==
          static_cast<std::int64_t>(k_rows * (k_rows - 1) / 2));
    CHECK(!conn.in_transaction()); // its own transaction, committed
    // Rows affected per row: an UPDATE matching nothing says 0.
    auto updated = conn.execute_many("UPDATE t SET y = ? WHERE x = ?", {{"a", 1}, {"b", -1}, {"c", 2}});
    CHECK(updated == std::vector<std::int64_t>{1, 0, 1});
    CHECK(conn.query("SELECT y FROM t WHERE x = ?", {2})[0][0].as_text() == "c");
}

void names_the_failing_row(db::Connection& conn, const std::string& unique_code) {
    conn.execute_script("CREATE TABLE t (x integer UNIQUE, y text)");
    auto rows = numbered_rows(k_rows);
    rows[1537][0] = Value(3); // a unique violation in the middle of the second batch
    try {
        conn.execute_many("INSERT INTO t (x, y) VALUES (?, ?)", rows);
        FAIL("the duplicate row was accepted");
    } catch (const DatabaseError& e) {
        REQUIRE(e.row().has_value());
        CHECK(*e.row() == 1537);
        CHECK_THAT(e.what(), Catch::StartsWith("row 1537 of 2500: "));
        CHECK(e.code() == unique_code);
    }
    CHECK(!conn.in_transaction());
    CHECK(conn.query("SELECT count(*) FROM t")[0][0].as_int() == 0); // all rows or none
    // Inside the caller's transaction the rows before it stay until the caller rolls back.
    conn.begin();
    conn.execute("INSERT INTO t (x, y) VALUES (?, ?)", {-1, "kept until rollback"});
    CHECK_THROWS_AS(conn.execute_many("INSERT INTO t (x, y) VALUES (?, ?)", rows), DatabaseError);
    CHECK(conn.in_transaction());
    conn.rollback();
    // The connection is usable afterwards, and a good batch goes through.
    rows[1537][0] = Value(1537);
    CHECK(conn.execute_many("INSERT INTO t (x, y) VALUES (?, ?)", rows).size() == k_rows);
    CHECK(conn.query("SELECT count(*) FROM t")[0][0].as_int() == static_cast<std::int64_t>(k_rows));
}

void refuses_wrong_parameter_counts(db::Connection& conn) {
    conn.execute_script("CREATE TABLE t (x integer UNIQUE, y text)");
    CHECK_THROWS_WITH(conn.execute_many("INSERT INTO t (x, y) VALUES (?, ?)", {{1, "a"}, {2}}),
                      Catch::Contains("takes 2 parameter(s) but 1 were given"));
    CHECK(conn.query("SELECT count(*) FROM t")[0][0].as_int() == 0);
}

} // namespace

TEST_CASE("executemany runs every row and counts rows affected per row on SQLite", "[sqlite]") {
    test::SqliteDb db;
    runs_every_row(*db.conn);
}

TEST_CASE("executemany runs every row, pipelined, and counts rows affected per row on PostgreSQL", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    runs_every_row(*db.conn);
}

TEST_CASE("executemany names the failing row's index and keeps no row of the batch on SQLite", "[sqlite]") {
    test::SqliteDb db;
    names_the_failing_row(*db.conn, "2067");
}

TEST_CASE("pipelined executemany names the failing row's index and keeps no row of the batch on PostgreSQL",
          "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    names_the_failing_row(*db.conn, "23505");
}

TEST_CASE("executemany refuses a row with the wrong number of parameters on SQLite", "[sqlite]") {
    test::SqliteDb db;
    refuses_wrong_parameter_counts(*db.conn);
}

TEST_CASE("executemany refuses a row with the wrong number of parameters on PostgreSQL", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    refuses_wrong_parameter_counts(*db.conn);
}
