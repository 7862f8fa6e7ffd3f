// No silent downgrade: "downgrade": "reverse", "irreversible": true, and a downgrade through a
// revision whose upgrade has ops but whose downgrade is empty refused before anything runs.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

using namespace migrate::test;

namespace {

const std::string k_add_column =
    R"([{"op": "add_column", "table": "t1", "column": {"name": "note", "type": "text"}}])";

void check_ways_out(const std::string& err) {
    CHECK(err.find("write its downgrade ops") != std::string::npos);
    CHECK(err.find("\"downgrade\": \"reverse\"") != std::string::npos);
    CHECK(err.find("migrate stamp r1") != std::string::npos);
}

} // namespace

TEST_CASE("a downgrade through a revision with an upgrade and an empty downgrade is refused, online and offline",
          "[cli][sqlite]") {
    Project p;
    p.chain(1);
    p.add({"r2", {"r1"}, k_add_column, "[]"});
    REQUIRE(p.run("upgrade head").exit_code == 0);

    auto down = p.run("downgrade -1");
    INFO(down.err);
    CHECK(down.exit_code == 2);
    CHECK(down.err.find("r2.json: downgrade: cannot downgrade through revision r2") != std::string::npos);
    check_ways_out(down.err);
    CHECK(p.versions() == v({"r2"}));
    CHECK(p.history_count("downgrade") == 0);
    {
        auto conn = p.connect();
        CHECK(conn->query("SELECT note FROM t1").empty()); // the column is still there
    }
    auto offline = p.run("downgrade r2:r1 --sql");
    CHECK(offline.exit_code == 2);
    CHECK(offline.out.empty());
    CHECK(offline.err.find("cannot downgrade through revision r2") != std::string::npos);

    // The third way out: record the downgrade without running anything.
    auto stamp = p.run("stamp r1");
    INFO(stamp.err);
    CHECK(stamp.exit_code == 0);
    CHECK(p.versions() == v({"r1"}));
}

TEST_CASE("a revision declared irreversible refuses a downgrade through it", "[cli][sqlite]") {
    Project p;
    p.chain(1);
    p.write("migrations/versions/r2.json", R"J({"revision": "r2", "down_revision": "r1", "irreversible": true,
        "upgrade": [{"op": "sql", "sql": "UPDATE t1 SET name = lower(name)"}], "downgrade": []})J");
    REQUIRE(p.run("upgrade head").exit_code == 0);
    auto down = p.run("downgrade base");
    INFO(down.err);
    CHECK(down.exit_code == 2);
    CHECK(down.err.find("declared \"irreversible\": true") != std::string::npos);
    check_ways_out(down.err);
    CHECK(p.tables() == v({"t1"}));

    // Irreversible with downgrade ops, or with "reverse", is a contradiction in the file.
    p.write("migrations/versions/r2.json", R"({"revision": "r2", "down_revision": "r1", "irreversible": true,
        "upgrade": [], "downgrade": "reverse"})");
    auto bad = p.run("history");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("r2.json: downgrade: \"reverse\" contradicts") != std::string::npos);
}

TEST_CASE("\"downgrade\": \"reverse\" is derived from the upgrade, applied and reverted", "[cli][sqlite]") {
    Project p;
    p.add({"r1", {}, "[" + create_table_op("t1") + "]", "\"reverse\""});
    p.add({"r2", {"r1"}, k_add_column.substr(0, k_add_column.size() - 1) +
                             R"(, {"op": "create_index", "name": "ix_t1_note", "table": "t1", "elements": ["note"]}])",
           "\"reverse\""});
    auto up = p.run("upgrade head");
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    CHECK(p.tables() == v({"t1"}));

    auto sql = p.run("downgrade r2:base --sql");
    INFO(sql.err);
    REQUIRE(sql.exit_code == 0);
    // Last op first: the index, then the column, then the table.
    auto ix = sql.out.find("DROP INDEX"), table = sql.out.find("DROP TABLE");
    CHECK(ix != std::string::npos);
    CHECK(table != std::string::npos);
    CHECK(ix < table);

    auto down = p.run("downgrade -1");
    INFO(down.err);
    REQUIRE(down.exit_code == 0);
    {
        auto conn = p.connect();
        CHECK_THROWS(conn->query("SELECT note FROM t1"));
    }
    REQUIRE(p.run("downgrade base").exit_code == 0);
    CHECK(p.tables().empty());
    CHECK(p.run("upgrade head").exit_code == 0);
    CHECK(p.tables() == v({"t1"}));
}

TEST_CASE("\"reverse\" over an op that cannot be reversed is a load error naming the op", "[cli][sqlite]") {
    Project p;
    p.chain(1);
    p.add({"r2", {"r1"}, R"([{"op": "sql", "sql": "DELETE FROM t1"}])", "\"reverse\""});
    auto r = p.run("history");
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("r2.json: downgrade: \"reverse\": upgrade[0]") != std::string::npos);
    CHECK(r.err.find("sql") != std::string::npos);
    CHECK(p.run("upgrade head").exit_code == 2);
    CHECK(p.versions().empty());

    p.add({"r2", {"r1"}, "[]", "\"undo\""});
    auto bad = p.run("history");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("must be an array of ops or \"reverse\"") != std::string::npos);
}

TEST_CASE("migrate revision writes \"downgrade\": \"reverse\" and the file loads", "[cli][sqlite]") {
    Project p;
    auto r = p.run("revision -m first --rev-id a1");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto text = p.read("migrations/versions/a1_first.json");
    CHECK(text.find("\"downgrade\": \"reverse\"") != std::string::npos);
    CHECK(text.find("\"upgrade\": []") != std::string::npos);
    CHECK(p.run("upgrade head").exit_code == 0);
    CHECK(p.run("downgrade base").exit_code == 0);
}
