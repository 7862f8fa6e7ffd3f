// A revision that fails halfway through a run: the database stays at a revision boundary in
// both transaction modes, and the error names the revision, the op and the database's message.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

using namespace migrate::test;

namespace {

// r1..r5 where r3's second op inserts into a table that does not exist.
void five_with_bad_third(const Project& p) {
    p.chain(5);
    p.add({"r3", {"r2"},
           "[" + create_table_op("t3", "t2") + R"J(, {"op": "sql", "sql": "INSERT INTO no_such_table VALUES (1)"}])J",
           "[" + drop_table_op("t3") + "]"});
}

void check_modes(const std::string& url_a, const std::string& url_b) {
    SECTION("one transaction per run: nothing is applied") {
        Project p(url_a);
        five_with_bad_third(p);
        auto r = p.run("upgrade head");
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("revision r3") != std::string::npos);
        CHECK(r.err.find("sql") != std::string::npos);
        CHECK(r.err.find("no_such_table") != std::string::npos);
        CHECK(p.tables().empty());
        CHECK(p.versions().empty());
        CHECK(p.history_count() == 0);
    }
    SECTION("--transaction-per-revision: the first two stay applied") {
        Project p(url_b);
        five_with_bad_third(p);
        auto r = p.run("upgrade head --transaction-per-revision");
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("revision r3") != std::string::npos);
        CHECK(p.tables() == v({"t1", "t2"}));
        CHECK(p.versions() == v({"r2"}));
        CHECK(p.history_count("upgrade") == 2);
        // Fixing the revision and running again continues from r2.
        p.add({"r3", {"r2"}, "[" + create_table_op("t3", "t2") + "]", "[" + drop_table_op("t3") + "]"});
        auto again = p.run("upgrade head");
        INFO(again.err);
        CHECK(again.exit_code == 0);
        CHECK(p.versions() == v({"r5"}));
        CHECK(p.tables() == v({"t1", "t2", "t3", "t4", "t5"}));
    }
}

} // namespace

TEST_CASE("a failure in the third of five revisions leaves a revision boundary on SQLite", "[cli][sqlite]") {
    check_modes("", "");
}

TEST_CASE("a failure in the third of five revisions leaves a revision boundary on PostgreSQL", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase a(*server), b(*server);
    check_modes(a.url(), b.url());
}

TEST_CASE("transaction_per_revision in migrate.toml behaves like the flag", "[cli][sqlite]") {
    Project p;
    five_with_bad_third(p);
    p.write("migrate.toml", "url = \"" + p.url() + "\"\ntransaction_per_revision = true\n");
    CHECK(p.run("upgrade head").exit_code == 1);
    CHECK(p.versions() == v({"r2"}));
}

TEST_CASE("a failing downgrade step rolls back to where the run started", "[cli][sqlite]") {
    Project p;
    p.chain(3);
    p.add({"r2", {"r1"}, "[" + create_table_op("t2", "t1") + "]", R"([{"op": "sql", "sql": "DROP TABLE nope"}])"});
    REQUIRE(p.run("upgrade head").exit_code == 0);
    auto r = p.run("downgrade base");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("revision r2") != std::string::npos);
    CHECK(p.versions() == v({"r3"}));
    CHECK(p.tables() == v({"t1", "t2", "t3"}));
}
