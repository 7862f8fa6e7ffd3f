// Branches, merges, labels and depends_on through the binary, after Alembic's "Working with
// Branches": a shared trunk, two labelled branches, a dependency across them, a merge.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

using namespace migrate::test;

namespace {

//  a1 -> a2 (trunk)
//  a2 -> n1 -> n2   (label: networking)
//  a2 -> s1 -> s2   (label: shoppingcart); s2 depends_on n1
void branched(const Project& p) {
    auto create = [](const std::string& t) { return "[" + create_table_op(t) + "]"; };
    auto drop = [](const std::string& t) { return "[" + drop_table_op(t) + "]"; };
    p.add({"a1", {}, create("ta1"), drop("ta1")});
    p.add({"a2", {"a1"}, create("ta2"), drop("ta2")});
    p.add({"n1", {"a2"}, create("tn1"), drop("tn1"), {"networking"}});
    p.add({"n2", {"n1"}, create("tn2"), drop("tn2")});
    p.add({"s1", {"a2"}, create("ts1"), drop("ts1"), {"shoppingcart"}});
    p.add({"s2", {"s1"}, create("ts2"), drop("ts2"), {}, {"n1"}});
}

void scenarios(const Project& p) {
    branched(p);
    SECTION("upgrade label@head applies only that branch and what it depends on") {
        auto r = p.run("upgrade shoppingcart@head");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(p.tables() == v({"ta1", "ta2", "tn1", "ts1", "ts2"}));
        // n1 is below s2 (through depends_on), so the version table holds s2 alone
        CHECK(p.versions() == v({"s2"}));
        CHECK(p.run("current").out == "s2 (head)\n");

        // then the other branch to its head
        REQUIRE(p.run("upgrade networking@head").exit_code == 0);
        CHECK(p.versions() == v({"n2", "s2"}));

        // head is ambiguous, heads is not
        CHECK(p.run("upgrade head").exit_code == 2);
        REQUIRE(p.run("upgrade heads").exit_code == 0);

        // downgrading a branch to its base keeps the other branch
        REQUIRE(p.run("downgrade shoppingcart@base").exit_code == 0);
        CHECK(p.versions() == v({"n2"}));
        CHECK(p.tables() == v({"ta1", "ta2", "tn1", "tn2"}));

        // reverting n1 also reverts what depends on it
        REQUIRE(p.run("upgrade s2").exit_code == 0);
        REQUIRE(p.run("downgrade a2").exit_code == 0);
        CHECK(p.versions() == v({"a2"}));
        CHECK(p.tables() == v({"ta1", "ta2"}));
    }
    SECTION("a merge joins the branches and downgrade -1 reopens them") {
        p.add({"m1", {"n2", "s2"}, "[]", "[]"});
        REQUIRE(p.run("upgrade head").exit_code == 0);
        CHECK(p.versions() == v({"m1"}));
        CHECK(p.tables().size() == 6);
        REQUIRE(p.run("downgrade -1").exit_code == 0);
        CHECK(p.versions() == v({"n2", "s2"}));
        REQUIRE(p.run("downgrade base").exit_code == 0);
        CHECK(p.tables().empty());
        CHECK(p.versions().empty());
    }
    SECTION("relative targets move along one branch") {
        REQUIRE(p.run("upgrade a2").exit_code == 0);
        REQUIRE(p.run("upgrade networking@+1").exit_code == 0);
        CHECK(p.versions() == v({"n1"}));
        REQUIRE(p.run("upgrade shoppingcart@+2").exit_code == 0);
        CHECK(p.versions() == v({"s2"}));
        REQUIRE(p.run("downgrade shoppingcart@-1").exit_code == 0);
        CHECK(p.versions() == v({"n1", "s1"}));
    }
}

} // namespace

TEST_CASE("branch, label, depends_on and merge scenarios on SQLite", "[cli][sqlite]") {
    Project p;
    scenarios(p);
}

TEST_CASE("branch, label, depends_on and merge scenarios on PostgreSQL", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    scenarios(p);
}

TEST_CASE("the offline script of a branched upgrade matches the online version rows", "[cli][sqlite]") {
    Project p;
    branched(p);
    auto sql = p.run("upgrade base:heads --sql");
    INFO(sql.err);
    REQUIRE(sql.exit_code == 0);
    p.write("up.sql", sql.out);
    REQUIRE(run_command("sqlite3 -bail app.db < up.sql", p.path()).exit_code == 0);
    CHECK(p.versions() == v({"n2", "s2"}));
    CHECK(p.tables().size() == 6);
}
