// Value conversions and printing, no database.
#include <migrate/db/error.hpp>
#include <migrate/db/value.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using migrate::db::Blob;
using migrate::db::Row;
using migrate::db::Value;

TEST_CASE("a value converts between numbers, text and booleans where the meaning is unambiguous") {
    CHECK(Value(std::int64_t{42}).as_double() == 42.0);
    CHECK(Value(3.0).as_int() == 3);
    CHECK(Value("17").as_int() == 17);
    CHECK(Value("12.50").as_double() == 12.5);
    CHECK(Value(std::int64_t{1}).as_bool());
    CHECK_FALSE(Value("f").as_bool());
    CHECK(Value(true).as_int() == 1);
    CHECK(Value(2.5).as_text() == "2.5");
    CHECK(std::isnan(Value("NaN").as_double()));
}

TEST_CASE("a conversion that cannot apply names the value's type") {
    CHECK_THROWS_WITH(Value(2.5).as_int(), Catch::Contains("double"));
    CHECK_THROWS_WITH(Value("abc").as_int(), Catch::Contains("text"));
    CHECK_THROWS_AS(Value().as_text(), migrate::Error);
    CHECK_THROWS_AS(Value(std::int64_t{2}).as_bool(), migrate::Error);
    CHECK_THROWS_AS(Value("x").as_blob(), migrate::Error);
}

TEST_CASE("values print as SQL literals for echo and messages") {
    CHECK(Value().to_string() == "NULL");
    CHECK(Value("it's").to_string() == "'it''s'");
    CHECK(Value(Blob{{0x00, 0xff, 0x10}}).to_string() == "x'00ff10'");
    CHECK(Value(std::numeric_limits<std::int64_t>::min()).to_string() == "-9223372036854775808");
    CHECK(Value(false).to_string() == "false");
    CHECK(Value(std::optional<int>{}).is_null());
    CHECK(Value(std::optional<int>{5}) == Value(5));
}

TEST_CASE("a row finds columns by name and reports a missing one") {
    auto names = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"id", "name"});
    Row row({Value(1), Value("ann")}, names);
    CHECK(row["name"].as_text() == "ann");
    CHECK(row[0].as_int() == 1);
    CHECK_THROWS_WITH(row["nope"], Catch::Contains("nope"));
}
