// Identifier quoting on both dialects: always quoted, embedded quotes doubled, nothing else
// touched; hostile names (spaces, both quote characters, unicode, reserved words, mixed case)
// stay one identifier.
#include <catch2/catch.hpp>

// Test models are written as aggregates that name only the fields that matter.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <migrate/base/error.hpp>
#include <migrate/dialect/dialect.hpp>

using namespace migrate::schema;
using migrate::dialect::Dialect;
using migrate::dialect::dialect_for;
using migrate::dialect::dialect_named;
using migrate::db::Backend;

namespace {
const Dialect& sqlite() { return dialect_for(Backend::sqlite); }
const Dialect& pg() { return dialect_for(Backend::postgresql); }
} // namespace

TEST_CASE("identifiers are always quoted and embedded double quotes are doubled") {
    for (const Dialect* d : {&sqlite(), &pg()}) {
        INFO(d->name());
        CHECK(d->quote("plain") == "\"plain\"");
        CHECK(d->quote("MixedCase") == "\"MixedCase\"");
        CHECK(d->quote("select") == "\"select\"");
        CHECK(d->quote("with space") == "\"with space\"");
        CHECK(d->quote("a\"b") == "\"a\"\"b\"");
        CHECK(d->quote("\"") == "\"\"\"\"");
        CHECK(d->quote("it's") == "\"it's\"");
        CHECK(d->quote("täble ✓") == "\"täble ✓\"");
        CHECK(d->quote("a.b") == "\"a.b\"");
        CHECK(d->quote("x]`y") == "\"x]`y\"");
        CHECK(d->qualified(std::string("My Schema"), "t\"1") == "\"My Schema\".\"t\"\"1\"");
        CHECK(d->qualified(std::nullopt, "t") == "\"t\"");
        CHECK_THROWS_AS(d->quote(""), migrate::NotSupported);
        CHECK_THROWS_AS(d->quote(std::string("a\0b", 3)), migrate::NotSupported);
    }
}

TEST_CASE("string literals double single quotes and keep backslashes") {
    CHECK(pg().quote_literal("it's") == "'it''s'");
    CHECK(sqlite().quote_literal("''") == "''''''");
    CHECK(pg().quote_literal("a\\'b") == "'a\\''b'");
}

TEST_CASE("postgresql refuses identifiers it would silently truncate, accepts 63 bytes") {
    CHECK(pg().quote(std::string(63, 'x')) == "\"" + std::string(63, 'x') + "\"");
    CHECK_THROWS_WITH(pg().quote(std::string(64, 'x')), Catch::Contains("64 bytes"));
    std::string unicode; // 21 three-byte characters = 63 bytes
    for (int i = 0; i < 21; ++i) unicode += "✓";
    CHECK_NOTHROW(pg().quote(unicode));
    CHECK_THROWS_AS(pg().quote(unicode + "x"), migrate::NotSupported);
    CHECK_NOTHROW(sqlite().quote(std::string(300, 'x')));
}

TEST_CASE("every name in rendered DDL goes through quoting") {
    const std::string evil = "Dr\"op \"\"; DROP TABLE x; --";
    Table t;
    t.schema = evil;
    t.name = evil;
    t.columns = {Column{evil, Type::parse("integer"), false}, Column{"select", Type::parse("text")}};
    t.primary_key = PrimaryKey{evil, {evil}};
    t.unique_constraints = {UniqueConstraint{evil + "u", {"select"}}};
    t.foreign_keys = {ForeignKey{evil + "f", {evil}, evil, evil, {evil}}};
    t.indexes = {Index{evil + "i", {IndexElement{"select"}}}};
    const std::string q = "\"Dr\"\"op \"\"\"\"; DROP TABLE x; --\"";
    for (const Dialect* d : {&sqlite(), &pg()}) {
        INFO(d->name());
        auto s = d->create_table(t);
        REQUIRE(s.size() == 2);
        CHECK(s[0].starts_with("CREATE TABLE " + q + "." + q + " (\n    " + q + " "));
        CHECK(s[0].find("CONSTRAINT " + q + " PRIMARY KEY (" + q + ")") != std::string::npos);
        CHECK(s[0].find("\"select\"") != std::string::npos);
        CHECK(s[1].find("\"Dr\"\"op \"\"\"\"; DROP TABLE x; --i\"") != std::string::npos);
        // Removing every quoted identifier leaves only SQL keywords and punctuation.
        std::string rest;
        for (std::size_t i = 0; i < s[0].size(); ++i) {
            if (s[0][i] == '"') {
                for (++i; i < s[0].size(); ++i)
                    if (s[0][i] == '"') {
                        if (i + 1 < s[0].size() && s[0][i + 1] == '"') ++i;
                        else break;
                    }
                continue;
            }
            rest += s[0][i];
        }
        CHECK(rest.find("DROP") == std::string::npos);
        CHECK(rest.find("--") == std::string::npos);
    }
}

TEST_CASE("dialects are found by backend and by name") {
    CHECK(dialect_named("sqlite").name() == "sqlite");
    CHECK(dialect_named("postgresql").name() == "postgresql");
    CHECK(dialect_named("postgres").backend() == Backend::postgresql);
    CHECK_THROWS_WITH(dialect_named("oracle"), Catch::Contains("oracle"));
    CHECK(migrate::dialect::make_dialect(Backend::sqlite)->name() == "sqlite");
    CHECK(&dialect_for(Backend::postgresql) == &dialect_for(Backend::postgresql));
}
