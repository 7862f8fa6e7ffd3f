// Every command and option of the binary on SQLite: init, revision, current, history, heads,
// branches, show, stamp, merge, and --help with an example for each.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

using namespace migrate::test;

TEST_CASE("every command has --help with an example", "[cli]") {
    TempDir dir;
    for (std::string cmd : {"init", "revision", "upgrade", "downgrade", "current", "history", "heads", "branches",
                            "show", "stamp", "merge"}) {
        INFO(cmd);
        auto r = run_migrate(cmd + " --help", dir.path());
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("Example") != std::string::npos);
        CHECK(r.out.find("migrate " + cmd) != std::string::npos);
    }
}

TEST_CASE("init scaffolds a project whose first revision upgrades the default SQLite file", "[cli][sqlite]") {
    TempDir dir;
    auto r = run_migrate("init proj", dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto proj = dir.path() / "proj";
    CHECK(std::filesystem::exists(proj / "migrate.toml"));
    CHECK(std::filesystem::is_directory(proj / "migrations" / "versions"));
    CHECK(run_migrate("init proj", dir.path()).exit_code == 2); // never overwrites

    auto rev = run_migrate("revision -m \"create authors\" --rev-id aaa1", proj);
    INFO(rev.err);
    REQUIRE(rev.exit_code == 0);
    CHECK(rev.out.find("aaa1_create_authors.json") != std::string::npos);
    auto up = run_migrate("upgrade head", proj);
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    CHECK(std::filesystem::exists(proj / "migrate.db")); // the default beside the config
    CHECK(run_migrate("current", proj).out == "aaa1 (head)\n");
}

TEST_CASE("revision chains on the head, refuses two heads, and honours --head, --splice, labels and depends_on",
          "[cli][sqlite]") {
    Project p;
    REQUIRE(p.run("revision -m one --rev-id a1").exit_code == 0);
    REQUIRE(p.run("revision -m two --rev-id a2").exit_code == 0);
    CHECK(p.read("migrations/versions/a2_two.json").find("\"down_revision\": \"a1\"") != std::string::npos);

    CHECK(p.run("revision -m bad --rev-id a2").exit_code == 2);       // id in use
    CHECK(p.run("revision -m bad --rev-id 'a-b'").exit_code == 2);    // bad id
    auto not_head = p.run("revision -m side --head a1 --rev-id b1");
    CHECK(not_head.exit_code == 2);
    CHECK(not_head.err.find("--splice") != std::string::npos);
    REQUIRE(p.run("revision -m side --head a1 --splice --rev-id b1").exit_code == 0);
    auto two = p.run("revision -m next --rev-id x1");
    CHECK(two.exit_code == 2);
    CHECK(two.err.find("several heads") != std::string::npos);

    REQUIRE(p.run("revision -m billing --head base --branch-label billing --rev-id c1").exit_code == 0);
    REQUIRE(p.run("revision -m invoices --head billing@head --depends-on a2 --rev-id c2").exit_code == 0);
    auto c2 = p.read("migrations/versions/c2_invoices.json");
    CHECK(c2.find("\"down_revision\": \"c1\"") != std::string::npos);
    CHECK(c2.find("\"depends_on\": [\"a2\"]") != std::string::npos);
    CHECK(p.run("heads").out == "a1 -> a2 (head), two\na1 -> b1 (head), side\nc1 -> c2 (head), invoices\n");
}

TEST_CASE("current, history, heads, branches and show describe the graph and the database", "[cli][sqlite]") {
    Project p;
    p.chain(3);
    p.add({"r2b", {"r1"}, "[]", "[]", {"side"}, {}, "side branch"});
    CHECK(p.run("current").out.empty());
    REQUIRE(p.run("upgrade r3").exit_code == 0);

    auto cur = p.run("current");
    CHECK(cur.exit_code == 0);
    CHECK(cur.out == "r3 (head)\n");
    CHECK(p.run("current --verbose").out.find("Rev: r3 (head)\nParent: r2") != std::string::npos);

    auto hist = p.run("history");
    CHECK(hist.out.find("r2 -> r3 (head), rev r3\n") != std::string::npos);
    CHECK(hist.out.find("r1 -> r2b (side) (head), side branch\n") != std::string::npos);
    CHECK(hist.out.find("<base> -> r1 (branchpoint), rev r1\n") != std::string::npos);
    CHECK(p.run("history -r r2:r3").out == "r2 -> r3 (head), rev r3\nr1 -> r2, rev r2\n");
    CHECK(p.run("history -r :r1").out == "<base> -> r1 (branchpoint), rev r1\n");
    CHECK(p.run("history -r current: --indicate-current").out == "r2 -> r3 (head) (current), rev r3\n");
    CHECK(p.run("history --verbose -r r3:").out.find("Revision ID: r3") != std::string::npos);
    CHECK(p.run("history -r nonsense").exit_code == 2);

    CHECK(p.run("heads").out == "r1 -> r2b (side) (head), side branch\nr2 -> r3 (head), rev r3\n");
    CHECK(p.run("heads --verbose").out.find("Branch names: side") != std::string::npos);
    CHECK(p.run("branches").out ==
          "<base> -> r1 (branchpoint), rev r1\n  -> r1 -> r2, rev r2\n  -> r1 -> r2b (side) (head), side branch\n");

    auto show = p.run("show r3");
    CHECK(show.out.find("Rev: r3 (head)") != std::string::npos);
    CHECK(show.out.find("Upgrade:\n    create_table t3") != std::string::npos);
    CHECK(show.out.find("Downgrade:\n    drop_table t3") != std::string::npos);
    CHECK(p.run("show side@head").out.find("Rev: r2b") != std::string::npos);
    CHECK(p.run("show zz").exit_code == 2);
}

TEST_CASE("stamp sets the version table without running ops, --purge replaces every row", "[cli][sqlite]") {
    Project p;
    p.chain(3);
    REQUIRE(p.run("stamp r2").exit_code == 0);
    CHECK(p.versions() == v({"r2"}));
    CHECK(p.tables().empty());
    CHECK(p.history_count("stamp") == 1);
    REQUIRE(p.run("upgrade head").exit_code == 0);
    CHECK(p.tables() == v({"t3"}));
    REQUIRE(p.run("stamp r1").exit_code == 0); // stamping down the same line replaces the head
    CHECK(p.versions() == v({"r1"}));
    REQUIRE(p.run("stamp base").exit_code == 0);
    CHECK(p.versions().empty());
    // An unknown row (a revision file deleted) is a verify failure (exit 3); --purge replaces it.
    p.connect()->execute("INSERT INTO migrate_version VALUES ('gone')");
    CHECK(p.run("stamp r3").exit_code == 3); // verify: an applied revision whose file is missing
    REQUIRE(p.run("stamp r3 --purge").exit_code == 0);
    CHECK(p.versions() == v({"r3"}));
}

TEST_CASE("merge joins heads into a revision that upgrade applies after both", "[cli][sqlite]") {
    Project p;
    p.chain(2);
    p.add({"b2", {"r1"}, "[" + create_table_op("b2t") + "]", "[" + drop_table_op("b2t") + "]"});
    CHECK(p.run("merge r2 -m only-one").exit_code == 2);
    auto m = p.run("merge heads -m \"join branches\" --rev-id m1");
    INFO(m.err);
    REQUIRE(m.exit_code == 0);
    CHECK(p.read("migrations/versions/m1_join_branches.json").find("\"down_revision\": [\"b2\",\"r2\"]") !=
          std::string::npos);
    CHECK(p.run("heads").out == "(b2, r2) -> m1 (head) (mergepoint), join branches\n");
    REQUIRE(p.run("upgrade head").exit_code == 0);
    CHECK(p.versions() == v({"m1"}));
    CHECK(p.tables() == v({"b2t", "t1", "t2"}));
}

TEST_CASE("progress goes to stderr one line per revision with its duration, -q silences it", "[cli][sqlite]") {
    Project p;
    p.chain(3);
    auto r = p.run("upgrade +2");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(r.err.find("upgraded   r1  rev r1  (") != std::string::npos);
    CHECK(r.err.find(" ms, 2/2)") != std::string::npos);
    auto q = p.run("-q upgrade head");
    REQUIRE(q.exit_code == 0);
    CHECK(q.err.empty());
    CHECK(q.out.empty());
    auto e = p.run("--echo downgrade -1");
    CHECK(e.err.find("DROP TABLE") != std::string::npos);
    CHECK(p.versions() == v({"r2"}));
}

TEST_CASE("output has no colour codes in a pipe", "[cli][sqlite]") {
    Project p;
    p.chain(2);
    CHECK(p.run("history").out.find('\033') == std::string::npos);
}

TEST_CASE("the URL precedence is --url, MIGRATE_URL, DATABASE_URL, the file", "[cli][sqlite]") {
    Project p;
    p.chain(1);
    auto url = [&](const std::string& name) { return "sqlite:///" + (p.path() / name).string(); };
    REQUIRE(run_command("DATABASE_URL=" + url("d.db") + " " + MIGRATE_BINARY + " upgrade head", p.path()).exit_code == 0);
    CHECK(std::filesystem::exists(p.path() / "d.db"));
    REQUIRE(run_command("DATABASE_URL=" + url("d2.db") + " MIGRATE_URL=" + url("m.db") + " " + MIGRATE_BINARY +
                            " upgrade head",
                        p.path())
                .exit_code == 0);
    CHECK(std::filesystem::exists(p.path() / "m.db"));
    CHECK_FALSE(std::filesystem::exists(p.path() / "d2.db"));
    REQUIRE(run_command("MIGRATE_URL=" + url("m2.db") + " " + MIGRATE_BINARY + " --url " + url("u.db") + " upgrade head",
                        p.path())
                .exit_code == 0);
    CHECK(std::filesystem::exists(p.path() / "u.db"));
    CHECK_FALSE(std::filesystem::exists(p.path() / "m2.db"));
    CHECK_FALSE(std::filesystem::exists(p.path() / "app.db"));
    REQUIRE(p.run("upgrade head").exit_code == 0);
    CHECK(std::filesystem::exists(p.path() / "app.db"));
}
