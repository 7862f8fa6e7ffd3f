// Every Value type survives a trip through a real table on both dialects.
#include "db_fixtures.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace migrate;
using db::Blob;
using db::Value;

namespace {

void check_round_trips(db::Connection& conn, const std::string& create_table) {
    conn.execute_script(create_table);
    const std::vector<db::Params> rows = {
        {Value(), Value(), Value(), Value(), Value()},
        {Value(std::numeric_limits<std::int64_t>::min()), Value(-0.0), Value(""), Value(Blob{}), Value(false)},
        {Value(std::numeric_limits<std::int64_t>::max()), Value(1.0 / 3.0), Value("Grüße, 世界 🙂 'quoted'"),
         Value(Blob{{0x00, 0x01, 0x00, 0xff, 0x5c, 0x27}}), Value(true)},
        {Value(0), Value(-1.5e300), Value("line\nbreak\ttab"), Value(Blob{{0x00}}), Value(true)},
        {Value(-1), Value(std::numeric_limits<double>::denorm_min()), Value("\\x00 not a blob"),
         Value(Blob{{0xde, 0xad, 0xbe, 0xef}}), Value(false)},
    };
    for (std::size_t id = 0; id < rows.size(); ++id) {
        db::Params params{Value(static_cast<std::int64_t>(id))};
        params.insert(params.end(), rows[id].begin(), rows[id].end());
        CHECK(conn.execute("INSERT INTO vals (id, i, d, s, b, f) VALUES (?, ?, ?, ?, ?, ?)", params).rows_affected == 1);
    }
    auto result = conn.query("SELECT i, d, s, b, f FROM vals ORDER BY id");
    REQUIRE(result.size() == rows.size());
    for (std::size_t id = 0; id < rows.size(); ++id) {
        INFO("row " << id);
        CHECK(result[id].values() == rows[id]);
    }
    CHECK(result[0].names() == std::vector<std::string>{"i", "d", "s", "b", "f"});
    // The same values work as parameters in a WHERE clause.
    auto found = conn.query("SELECT id FROM vals WHERE i = ? AND s = ? AND b = ?",
                            {rows[2][0], rows[2][2], rows[2][3]});
    REQUIRE(found.size() == 1);
    CHECK(found[0][0].as_int() == 2);
}

} // namespace

TEST_CASE("every value type round-trips through SQLite", "[sqlite]") {
    test::SqliteDb db;
    check_round_trips(*db.conn, "CREATE TABLE vals (id INTEGER PRIMARY KEY, i INTEGER, d REAL, s TEXT, b BLOB, f BOOLEAN)");
}

TEST_CASE("every value type round-trips through PostgreSQL", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    check_round_trips(*db.conn, "CREATE TABLE vals (id bigint PRIMARY KEY, i bigint, d double precision, s text, "
                                "b bytea, f boolean)");
}

TEST_CASE("PostgreSQL decodes smallint, integer, real, numeric and other types by column type", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    auto rows = db.conn->query("SELECT 7::smallint, 8::integer, 1.5::real, 12.50::numeric(10,2), "
                               "DATE '2024-02-29', 'NaN'::float8, NULL::integer");
    REQUIRE(rows.size() == 1);
    const auto& r = rows[0];
    CHECK(r[0] == Value(7));
    CHECK(r[1] == Value(8));
    CHECK(r[2] == Value(1.5));
    CHECK(r[3] == Value("12.50")); // numeric stays exact text
    CHECK(r[3].as_double() == 12.5);
    CHECK(r[4] == Value("2024-02-29"));
    CHECK(std::isnan(r[5].as_double()));
    CHECK(r[6].is_null());
}

TEST_CASE("a text parameter takes the type its context needs on PostgreSQL", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    db.conn->execute_script("CREATE TABLE ev (day date, n integer, price numeric(8,2))");
    db.conn->execute("INSERT INTO ev VALUES (?, ?, ?)", {Value("2024-01-31"), Value(5), Value(9.99)});
    auto rows = db.conn->query("SELECT day, n * ?, price FROM ev WHERE day = ?", {Value(3), Value("2024-01-31")});
    REQUIRE(rows.size() == 1);
    CHECK(rows[0][0] == Value("2024-01-31"));
    CHECK(rows[0][1] == Value(15));
    CHECK(rows[0][2] == Value("9.99"));
}

TEST_CASE("placeholders inside strings, quoted identifiers and comments are left alone", "[sqlite]") {
    test::SqliteDb db;
    auto rows = db.conn->query("SELECT '?' AS \"what?\", ? /* ? */ -- ?\n", {Value(1)});
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["what?"] == Value("?"));
    CHECK(rows[0][1] == Value(1));
}

TEST_CASE("placeholders inside strings, quoted identifiers and comments are left alone on PostgreSQL", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    auto rows = db.conn->query("SELECT '?''?' AS \"what?\", E'\\'?' AS e, $$?$$ AS d, ?::int /* ? /* ? */ */ -- ?\n",
                               {Value(1)});
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["what?"] == Value("?'?"));
    CHECK(rows[0]["e"] == Value("'?"));
    CHECK(rows[0]["d"] == Value("?"));
    CHECK(rows[0][3] == Value(1));
}
