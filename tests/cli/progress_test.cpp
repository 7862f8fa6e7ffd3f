// Live progress of a run on stderr: a line when each revision starts and when it ends, a
// summary naming the database, -q silencing all of it, and on a terminal (a pseudo-terminal
// from `script`) a running elapsed time for a statement that takes longer than 2 s.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

using namespace migrate::test;

namespace {

void start_and_end_lines(const Project& p) {
    p.chain(2);
    auto up = p.run("upgrade head");
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    const auto start1 = up.err.find("upgrading  r1  rev r1  (1/2)\n");
    const auto end1 = up.err.find("upgraded   r1  rev r1  (");
    const auto start2 = up.err.find("upgrading  r2  rev r2  (2/2)\n");
    const auto end2 = up.err.find("upgraded   r2  rev r2  (");
    REQUIRE(start1 != std::string::npos);
    REQUIRE(end2 != std::string::npos);
    CHECK(start1 < end1);
    CHECK(end1 < start2);
    CHECK(start2 < end2);
    CHECK(up.err.find("upgraded 2 revisions; " + migrate::db::mask_password(p.url()) + " is now at r2") !=
          std::string::npos);
    // Not a terminal: no elapsed-time ticker, no carriage returns.
    CHECK(up.err.find('\r') == std::string::npos);

    auto down = p.run("downgrade -1");
    INFO(down.err);
    CHECK(down.err.find("downgrading r2  rev r2  (1/1)\n") != std::string::npos);
    CHECK(down.err.find("downgraded r2  rev r2  (") != std::string::npos);
    CHECK(down.err.find("downgraded 1 revision; " + migrate::db::mask_password(p.url()) + " is now at r1") !=
          std::string::npos);

    auto quiet = p.run("upgrade head -q");
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.err.empty());
    CHECK(p.versions() == v({"r2"}));

    // A failing revision: its start line, then the failure naming the op, then the error.
    p.add({"r3", {"r2"}, "[" + create_table_op("t3") + ", " + create_table_op("t1") + "]", "[]"});
    auto failed = p.run("upgrade head");
    INFO(failed.err);
    CHECK(failed.exit_code == 1);
    const auto start3 = failed.err.find("upgrading  r3  rev r3  (1/1)\n");
    const auto failed3 = failed.err.find("failed     r3  rev r3  (");
    REQUIRE(start3 != std::string::npos);
    REQUIRE(failed3 != std::string::npos);
    CHECK(start3 < failed3);
    CHECK(failed.err.find("at op 2", failed3) != std::string::npos);
    CHECK(p.run("upgrade head -q").err.find("failed") == std::string::npos);
}

} // namespace

TEST_CASE("a run prints a line when each revision starts and ends, and -q silences it, on SQLite", "[cli][sqlite]") {
    Project p;
    start_and_end_lines(p);
}

TEST_CASE("a run prints a line when each revision starts and ends, and -q silences it, on PostgreSQL",
          "[cli][postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase db(*url);
    Project p(db.url());
    start_and_end_lines(p);
}

TEST_CASE("on a terminal a statement running longer than 2 s shows its elapsed time, cleared when it ends",
          "[cli][postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase db(*url);
    Project p(db.url());
    p.add({"slow", {}, R"J([{"op": "sql", "sql": "SELECT pg_sleep(3)"}])J", R"([{"op": "sql", "sql": "SELECT 1"}])"});
    // `script` runs the command on a pseudo-terminal: stderr is a terminal there.
    auto tty = run_command("script -qec " + shell_quote(shell_quote(MIGRATE_BINARY) + " upgrade head") + " /dev/null",
                           p.path());
    INFO(tty.out << tty.err);
    CHECK(tty.exit_code == 0);
    const auto ticker = tty.out.find("slow: statement running for ");
    CHECK(ticker != std::string::npos);
    CHECK(tty.out.find("\r\033[K", ticker) != std::string::npos); // cleared before the end line
    CHECK(tty.out.find("upgraded   slow") > ticker);

    REQUIRE(p.run("downgrade base").exit_code == 0);
    auto quiet = run_command(
        "script -qec " + shell_quote(shell_quote(MIGRATE_BINARY) + " upgrade head -q") + " /dev/null", p.path());
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.out.find("statement running") == std::string::npos);

    REQUIRE(p.run("downgrade base").exit_code == 0);
    auto piped = p.run("upgrade head");
    CHECK(piped.exit_code == 0);
    CHECK(piped.err.find("statement running") == std::string::npos);
}
