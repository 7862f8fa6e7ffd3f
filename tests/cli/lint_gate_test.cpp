// upgrade's lint gate ([lint] upgrade = "error" | "warn" | "off") driven as a user does: a
// pending revision that drops a column of a table holding rows, on SQLite and PostgreSQL.
#include "cli_fixture.hpp"
#include "json_schema.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <sstream>

using namespace migrate::test;
using Json = nlohmann::ordered_json;

namespace {

// r1 (applied) creates books and 3 rows go in; r2 (pending) drops books.isbn and adds an index.
void build(const Project& p, const std::string& gate) {
    if (!gate.empty()) p.write("migrate.toml", p.read("migrate.toml") + "[lint]\nupgrade = \"" + gate + "\"\n");
    p.write("migrations/versions/r1.json", R"J({"revision": "r1", "down_revision": null, "message": "books",
      "upgrade": [{"op": "create_table", "table": "books", "columns": [{"name": "id", "type": "integer", "nullable": false},
                   {"name": "isbn", "type": "varchar(20)"}], "primary_key": {"columns": ["id"]}}],
      "downgrade": [{"op": "drop_table", "table": "books"}]})J");
    auto up = p.run("upgrade head");
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    CHECK(up.err.find("lint") == std::string::npos); // a new table: nothing to say
    auto conn = p.connect();
    for (int i = 1; i <= 3; ++i) conn->execute("INSERT INTO books (id, isbn) VALUES (" + std::to_string(i) + ", 'i')");
    p.write("migrations/versions/r2.json", R"J({"revision": "r2", "down_revision": "r1", "message": "drop isbn",
      "upgrade": [{"op": "drop_column", "table": "books", "column": "isbn"}],
      "downgrade": [{"op": "add_column", "table": "books", "column": {"name": "isbn", "type": "varchar(20)"}}]})J");
}

bool has_isbn(const Project& p) {
    auto conn = p.connect();
    try {
        conn->query("SELECT isbn FROM books");
        return true;
    } catch (const migrate::DatabaseError&) {
        return false;
    }
}

std::vector<Json> lines(const CommandResult& r) {
    auto run = run_lines(r.out);
    INFO(r.out);
    CHECK(run.problems.empty());
    return run.lines;
}

// `url()`: a new database's URL for each section (empty: a SQLite file in the project).
void gate(const std::function<std::string()>& url) {
    SECTION("error: refused with exit 3, findings listed, nothing changed") {
        Project p(url());
        build(p, "error");
        auto r = p.run("upgrade head");
        INFO(r.out << r.err);
        CHECK(r.exit_code == 3);
        CHECK(r.err.find("r2 upgrade[0]: error drop_column:") != std::string::npos);
        CHECK(r.err.find("upgrade refused") != std::string::npos);
        CHECK(has_isbn(p));
        CHECK(p.run("current").out.find("r1") != std::string::npos);

        auto json = p.run("--format json upgrade head");
        CHECK(json.exit_code == 3);
        auto list = lines(json);
        REQUIRE(list.size() == 2);
        CHECK(list[0]["event"] == "lint");
        CHECK(list[0]["gate"] == "error");
        CHECK(list[0]["errors"] == 1);
        CHECK(list[0]["findings"][0]["rule"] == "drop_column");
        CHECK(list[1]["event"] == "error");
        CHECK(list[1]["error"]["exit_status"] == 3);
        CHECK(has_isbn(p));

        // Silenced with a reason, the same revision passes the gate.
        p.write("migrations/versions/r2.json", R"J({"revision": "r2", "down_revision": "r1", "message": "drop isbn",
          "upgrade": [{"op": "drop_column", "table": "books", "column": "isbn",
                       "lint": {"ignore": {"drop_column": "unused since v2"}}}],
          "downgrade": [{"op": "add_column", "table": "books", "column": {"name": "isbn", "type": "varchar(20)"}}]})J");
        auto ignored = p.run("upgrade head");
        INFO(ignored.err);
        CHECK(ignored.exit_code == 0);
        CHECK(!has_isbn(p));
    }
    SECTION("warn (the default): findings on stderr and in a lint line, then the upgrade") {
        Project p(url());
        build(p, "");
        auto json = p.run("--format json upgrade head");
        INFO(json.out << json.err);
        CHECK(json.exit_code == 0);
        auto list = lines(json);
        REQUIRE(list.size() >= 2);
        CHECK(list[0]["event"] == "lint");
        CHECK(list[0]["gate"] == "warn");
        CHECK(list[1]["event"] == "run_started");
        CHECK(list.back()["event"] == "run_finished");
        CHECK(!has_isbn(p));
        REQUIRE(p.run("downgrade r1").exit_code == 0);
        auto text = p.run("upgrade head");
        INFO(text.err);
        CHECK(text.exit_code == 0);
        CHECK(text.err.find("lint ([lint] upgrade = \"warn\"): 1 error") != std::string::npos);
        CHECK(text.err.find("r2 upgrade[0]: error drop_column:") != std::string::npos);
        CHECK(!has_isbn(p));
    }
    SECTION("off: not linted") {
        Project p(url());
        build(p, "off");
        auto r = p.run("upgrade head");
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.err.find("drop_column") == std::string::npos);
        CHECK(!has_isbn(p));
    }
    SECTION("a bad gate value is exit 2 naming the key") {
        Project p(url());
        p.write("migrate.toml", p.read("migrate.toml") + "[lint]\nupgrade = \"strict\"\n");
        auto r = p.run("upgrade head");
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("lint.upgrade") != std::string::npos);
    }
}

} // namespace

TEST_CASE("upgrade's lint gate refuses, warns or stays off on SQLite", "[cli][sqlite]") {
    gate([] { return std::string(); });
}

TEST_CASE("upgrade's lint gate refuses, warns or stays off on PostgreSQL", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    std::vector<std::unique_ptr<PgDatabase>> dbs;
    gate([&] {
        dbs.push_back(std::make_unique<PgDatabase>(*server));
        return dbs.back()->url();
    });
}
