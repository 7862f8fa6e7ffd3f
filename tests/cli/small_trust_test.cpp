// The small ways the CLI could mislead: an empty --url, global options after the command,
// history ranges that name nothing, offline ranges written backwards, which database a summary
// is about, and where the URL came from.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

using namespace migrate::test;

TEST_CASE("an empty --url \"\" is exit 2, not the default database", "[cli][sqlite]") {
    Project p;
    p.chain(1);
    for (std::string args : {"--url \"\" upgrade", "upgrade --url \"\""}) {
        auto r = p.run(args);
        INFO(args << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("empty URL") != std::string::npos);
    }
    CHECK(p.versions().empty());
    CHECK_FALSE(std::filesystem::exists(p.path() / "migrate.db"));
}

TEST_CASE("global options are accepted after the command too", "[cli][sqlite]") {
    Project p;
    p.chain(2);
    auto quiet = p.run("upgrade r1 -q");
    INFO(quiet.err);
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.err.empty());
    auto echo = p.run("upgrade head --echo");
    CHECK(echo.exit_code == 0);
    CHECK(echo.err.find("[echo]") != std::string::npos);

    const std::string other = "sqlite:///" + (p.path() / "other.db").string();
    auto url = p.run("upgrade head --url " + shell_quote(other));
    INFO(url.err);
    CHECK(url.exit_code == 0);
    CHECK(p.run("current --url " + shell_quote(other)).out == "r2 (head)\n");

    p.write("alt.toml", "url = \"sqlite:///alt.db\"\nscript_location = \"migrations\"\n");
    CHECK(p.run("upgrade r1 -c alt.toml").exit_code == 0);
    CHECK(p.run("current -c alt.toml").out == "r1\n");
}

TEST_CASE("the summary of upgrade, downgrade and stamp names the database, masked", "[cli][sqlite]") {
    Project p;
    p.chain(2);
    const std::string db = "sqlite:///" + (p.path() / "app.db").string();
    auto up = p.run("upgrade head");
    CHECK(up.err.find("upgraded 2 revisions; " + db + " is now at r2") != std::string::npos);
    auto none = p.run("upgrade head");
    CHECK(none.err.find("nothing to do: " + db + " is at r2") != std::string::npos);
    auto down = p.run("downgrade -1");
    CHECK(down.err.find("downgraded 1 revision; " + db + " is now at r1") != std::string::npos);
    auto stamp = p.run("stamp r2");
    CHECK(stamp.err.find("stamped: " + db + " is now at r2") != std::string::npos);
}

TEST_CASE("the summary masks a PostgreSQL password", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    p.chain(1);
    auto up = p.run("upgrade head");
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    CHECK(up.err.find(migrate::db::mask_password(db.url()) + " is now at r1") != std::string::npos);
}

TEST_CASE("current --verbose says where the URL came from", "[cli][sqlite]") {
    Project p;
    p.chain(1);
    auto file = p.run("current --verbose");
    INFO(file.out << file.err);
    CHECK(file.out.find("(from migrate.toml:1)") != std::string::npos);
    const std::string other = "sqlite:///" + (p.path() / "other.db").string();
    CHECK(p.run("current -v --url " + shell_quote(other)).out.find("Database: " + other + " (from --url)") !=
          std::string::npos);
    CHECK(run_command("MIGRATE_URL=" + shell_quote(other) + " " + shell_quote(MIGRATE_BINARY) + " current -v", p.path())
              .out.find("(from MIGRATE_URL)") != std::string::npos);
    CHECK(run_command("MIGRATE_URL= DATABASE_URL=" + shell_quote(other) + " " + shell_quote(MIGRATE_BINARY) +
                          " current -v",
                      p.path())
              .out.find("(from DATABASE_URL)") != std::string::npos);
    TempDir bare;
    CHECK(run_command("MIGRATE_URL= DATABASE_URL= " + shell_quote(MIGRATE_BINARY) + " current -v", bare.path())
              .out.find("(from default)") != std::string::npos);
}

TEST_CASE("history -r LABEL@base:LABEL@head lists that branch, and an end that names nothing is exit 2",
          "[cli][sqlite]") {
    Project p;
    p.chain(2);
    p.add({"b1", {}, "[]", "[]", {"billing"}});
    p.add({"b2", {"b1"}});
    auto r = p.run("history -r billing@base:billing@head");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("b1") != std::string::npos);
    CHECK(r.out.find("b2") != std::string::npos);
    CHECK(r.out.find("r1") == std::string::npos);
    CHECK(r.out.find("r2") == std::string::npos);
    CHECK(p.run("history -r billing@base:").out == r.out);

    auto nothing = p.run("history -r r1@base:head");
    CHECK(nothing.exit_code == 2);
    CHECK(p.run("history -r base:nosuch").exit_code == 2);
}

TEST_CASE("an offline range written backwards is exit 2, not an empty script", "[cli][sqlite]") {
    Project p;
    p.chain(2);
    auto up = p.run("upgrade head:base --sql");
    INFO(up.out << up.err);
    CHECK(up.exit_code == 2);
    CHECK(up.out.empty());
    CHECK(up.err.find("did you mean base:head") != std::string::npos);
    CHECK(p.run("upgrade r2:r1 --sql").exit_code == 2);
    CHECK(p.run("downgrade base:head --sql").exit_code == 2);
    auto same = p.run("upgrade r1:r1 --sql"); // already there: an empty script is the truth
    CHECK(same.exit_code == 0);
}
