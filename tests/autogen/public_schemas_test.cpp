// Schemas in the style of public sample databases compared with themselves give no ops (no
// false drift from generated columns, INCLUDE, domains, arrays, partitions, STRICT, ...), and
// changes to the new features are found and undone.
#include "autogen_support.hpp"

#include <migrate/dialect/dialect.hpp>
#include <migrate/schema/json.hpp>
#include <support/public_schemas.hpp>
#include <support/test_support.hpp>

using namespace migrate;
using namespace migrate::test;

namespace {

bool mentions(const std::vector<std::string>& warnings, const std::string& text) {
    for (const auto& w : warnings)
        if (w.find(text) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("a pagila-like PostgreSQL schema compared with itself gives no ops and names what is not compared once",
          "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url);
    auto conn = db::connect(live.url());
    conn->execute_script(k_pagila_like);
    auto target = autogen::load_sql_target(k_pagila_like, "pagila.sql", {.live_url = live.url()});
    REQUIRE(target.warnings.size() == 1);
    const auto& w = target.warnings[0];
    INFO(w);
    for (const char* kind : {"domains (1)", "partitioning (3)", "materialized views (1)", "exclusion constraints (1)",
                             "table inheritance (1)"})
        CHECK(w.find(kind) != std::string::npos);
    auto d = autogen::autogenerate(*conn, target.metadata);
    INFO(listing(d));
    CHECK(d.empty());
    // The database's side, said once too, with the same kinds (domains are types, read by name).
    CHECK(d.warnings == std::vector<std::string>{
                            "database: not compared, outside the schema model (ignored on both sides): exclusion "
                            "constraints (1), materialized views (1), partitioning (3), table inheritance (1)"});
}

TEST_CASE("a chinook-like SQLite schema compared with itself gives no ops", "[sqlite]") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "live.db").string();
    auto conn = db::connect(url);
    conn->execute_script(k_chinook_like);
    auto target = autogen::load_sql_target(k_chinook_like, "chinook.sql", {.live_url = url});
    CHECK(target.warnings.empty());
    auto d = autogen::autogenerate(*conn, target.metadata);
    INFO(listing(d));
    CHECK(d.empty());
    CHECK(d.warnings.empty());
}

TEST_CASE("a JSON-like model with generated columns and INCLUDE gives no ops against the database it created",
          "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url);
    auto conn = db::connect(live.url());
    // Written as a user would, not as PostgreSQL deparses it: casts and parentheses differ.
    auto model = schema::metadata_from_json_text(R"json({"tables": [{"name": "film",
        "columns": [{"name": "id", "type": "integer", "nullable": false},
                    {"name": "rate", "type": "numeric(4,2)"}, {"name": "days", "type": "smallint"},
                    {"name": "cost", "type": "numeric", "generated": "(rate * days)", "generated_stored": true}],
        "primary_key": {"columns": ["id"]},
        "indexes": [{"name": "ix_film_rate", "elements": ["rate"], "include": ["days", "cost"]}]}]})json");
    const auto& d = dialect::dialect_for(db::Backend::postgresql);
    for (const auto& s : d.render_metadata(model)) conn->execute_script(s);
    auto diff = autogen::autogenerate(*conn, model);
    INFO(listing(diff));
    CHECK(diff.empty());
    CHECK(diff.warnings.empty());
}

TEST_CASE("a changed generated expression drops and adds the column, with a warning", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url), dev(*url);
    auto d = full_cycle({live.url(), dev.url()},
                        "CREATE TABLE t (id integer PRIMARY KEY, a integer, g integer GENERATED ALWAYS AS (a * 2) STORED);",
                        "CREATE TABLE t (id integer PRIMARY KEY, a integer, g integer GENERATED ALWAYS AS (a * 3) STORED);");
    CHECK(op_names(d.upgrade) == std::vector<std::string>{"drop_column", "add_column"});
    CHECK(std::get<ops::AddColumn>(d.upgrade[1]).column.generated == "a * 3");
    CHECK(mentions(d.warnings, "column t.g: generated expression differs (live (a * 2) STORED, target (a * 3) STORED)"));
}

TEST_CASE("a column becoming generated on SQLite is dropped and added again", "[sqlite]") {
    TempDir dir;
    auto d = full_cycle({"sqlite:///" + (dir / "live.db").string(), ""},
                        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, g INTEGER);",
                        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, g INTEGER AS (a + 1));");
    CHECK(op_names(d.upgrade) == std::vector<std::string>{"drop_column", "add_column"});
    CHECK(mentions(d.warnings, "live not generated, target (a + 1) VIRTUAL"));
}

TEST_CASE("changed INCLUDE columns recreate the index", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url), dev(*url);
    auto d = full_cycle({live.url(), dev.url()},
                        "CREATE TABLE t (a integer, b integer, c integer); CREATE INDEX ix ON t (a) INCLUDE (b);",
                        "CREATE TABLE t (a integer, b integer, c integer); CREATE INDEX ix ON t (a) INCLUDE (b, c);");
    CHECK(op_names(d.upgrade) == std::vector<std::string>{"drop_index", "create_index"});
    CHECK(std::get<ops::CreateIndex>(d.upgrade[1]).index.include == std::vector<std::string>{"b", "c"});
}

TEST_CASE("a STRICT or WITHOUT ROWID difference is a warning, not an op", "[sqlite]") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "live.db").string();
    auto conn = db::connect(url);
    conn->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);");
    auto target = autogen::load_sql_target("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT) STRICT, WITHOUT ROWID;",
                                           "target.sql", {.live_url = url});
    auto d = autogen::autogenerate(*conn, target.metadata);
    INFO(listing(d));
    CHECK(d.upgrade.empty());
    CHECK(mentions(d.warnings, "table t: STRICT differs (live no, target yes)"));
    CHECK(mentions(d.warnings, "table t: WITHOUT ROWID differs (live no, target yes)"));
}
