// Type normalisation: every spelling of one type parses to the same Type, different types never do.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include <migrate/schema/print.hpp>
#include <migrate/schema/type.hpp>

using migrate::schema::Type;

namespace {
// Groups of spellings: equal within a group, unequal across groups.
const std::vector<std::vector<std::string>> k_groups = {
    {"integer", "INTEGER", "int", "int4", "Int4", " integer "},
    {"smallint", "int2", "SMALLINT"},
    {"bigint", "int8", "BIGINT"},
    {"varchar(20)", "character varying(20)", "VARCHAR (20)", "Character  Varying ( 20 )", "char varying(20)"},
    {"varchar(21)"},
    {"varchar", "character varying"},
    {"char(1)", "char", "character", "character(1)", "CHAR(1)"},
    {"char(5)", "character(5)", "bpchar(5)"},
    {"bpchar"},
    {"\"char\""},
    {"text", "TEXT"},
    {"numeric(10,2)", "decimal(10,2)", "NUMERIC(10, 2)", "dec(10,2)"},
    {"numeric(10,0)", "numeric(10)", "decimal(10)"},
    {"numeric", "decimal"},
    {"real", "float4", "float(10)", "REAL"},
    {"double", "double precision", "float8", "float", "float(53)", "DOUBLE PRECISION"},
    {"boolean", "bool", "BOOLEAN"},
    {"date"},
    {"time", "time without time zone", "TIME WITHOUT TIME ZONE"},
    {"timetz", "time with time zone"},
    {"timestamp", "timestamp without time zone", "TIMESTAMP"},
    {"timestamp(3)", "timestamp(3) without time zone"},
    {"timestamptz", "timestamp with time zone", "TIMESTAMPTZ"},
    {"timestamptz(3)", "timestamp(3) with time zone"},
    {"uuid", "UUID"},
    {"json"},
    {"jsonb"},
    {"blob", "bytea", "BLOB"},
    {"integer[]", "int4[]", "int[]", "integer[][]", "integer[3]", "integer array"},
    {"varchar(20)[]", "character varying(20)[]"},
    {"text[]"},
    {"mood", "\"mood\"", "MOOD", "Mood"},
    {"\"Mood\""},
    {"\"My Enum\""},
    {"public.mood", "PUBLIC.\"mood\""},
    {"\"int\""}, // a user's type named int, not integer
    {"tsvector", "TSVECTOR"},
    {"geometry(Point,4326)", "GEOMETRY(Point, 4326)"},
    {"geometry(POINT,4326)"},
    {"interval"},
    {"bit varying(5)", "BIT VARYING (5)"},
};
} // namespace

TEST_CASE("every spelling of a type parses to the same Type") {
    for (const auto& group : k_groups) {
        Type first = Type::parse(group.front());
        for (const auto& spelling : group) {
            INFO(spelling << " vs " << group.front());
            CHECK(Type::parse(spelling) == first);
        }
    }
}

TEST_CASE("different types never parse equal") {
    for (std::size_t i = 0; i < k_groups.size(); ++i)
        for (std::size_t j = i + 1; j < k_groups.size(); ++j)
            for (const auto& a : k_groups[i])
                for (const auto& b : k_groups[j]) {
                    INFO(a << " vs " << b);
                    CHECK(Type::parse(a) != Type::parse(b));
                }
}

TEST_CASE("parsing is idempotent through to_string") {
    for (const auto& group : k_groups)
        for (const auto& spelling : group) {
            Type t = Type::parse(spelling);
            INFO(spelling << " -> " << t);
            CHECK(Type::parse(t.to_string()) == t);
        }
}

TEST_CASE("portable types keep their name and arguments apart") {
    CHECK(Type::parse("character varying(20)") == Type{"varchar", {20}});
    CHECK(Type::parse("numeric(10,2)") == Type{"numeric", {10, 2}});
    CHECK(Type::parse("timestamp(3) with time zone") == Type{"timestamptz", {3}});
    CHECK(Type::parse("int4") == Type{"integer", {}});
    CHECK(Type::parse("varchar(20)").to_string() == "varchar(20)");
    CHECK(Type::parse("numeric(10, 2)").to_string() == "numeric(10,2)");
}

TEST_CASE("arrays keep the normalised element and expose it") {
    Type t = Type::parse("character varying(20)[]");
    CHECK(t.is_array());
    CHECK(t.name == "varchar(20)[]");
    CHECK(t.element() == Type{"varchar", {20}});
    CHECK_FALSE(Type::parse("integer").is_array());
}

TEST_CASE("quoted names are never lower-cased and unquoted only when that changes nothing") {
    CHECK(Type::parse("\"My Enum\"").name == "\"My Enum\"");
    CHECK(Type::parse("\"MOOD\"").name == "\"MOOD\"");
    CHECK(Type::parse("\"mood\"").name == "mood");
    CHECK(Type::parse("\"user\"").name == "\"user\"");       // a reserved word stays quoted
    CHECK(Type::parse("\"integer\"").name == "\"integer\""); // not the built-in integer
    CHECK(Type::parse("\"a\"\"b\"").name == "\"a\"\"b\"");
    CHECK(Type::parse("\"ÜBER\"").name == "\"ÜBER\"");
}

TEST_CASE("a named type is spelled as parse spells it") {
    CHECK(Type::named(std::nullopt, "mood") == Type::parse("mood"));
    CHECK(Type::named(std::nullopt, "My Mood").name == "\"My Mood\"");
    CHECK(Type::named("app", "mood").name == "app.mood");
    CHECK(Type::named("App", "a\"b").name == "\"App\".\"a\"\"b\"");
    for (std::string n : {"mood", "My Mood", "user", "int", "x\"y", "ünï", "select"}) {
        Type t = Type::named("s p", n);
        INFO(t.name);
        CHECK(Type::parse(t.name) == t);
    }
}

TEST_CASE("unknown types pass through trimmed, with modifiers verbatim") {
    CHECK(Type::parse("  tsvector ").name == "tsvector");
    CHECK(Type::parse("geometry(Point,4326)").to_string() == "geometry(Point,4326)");
    CHECK(Type::parse("varchar(max)").to_string() == "varchar(max)");
    CHECK(Type::parse("interval day to second(3)").to_string() == "interval day to second(3)");
}

TEST_CASE("is_portable tells portable names from verbatim ones") {
    CHECK(Type::parse("int4").is_portable());
    CHECK(Type::parse("bytea").is_portable());
    CHECK_FALSE(Type::parse("tsvector").is_portable());
    CHECK_FALSE(Type::parse("\"My Enum\"").is_portable());
}
