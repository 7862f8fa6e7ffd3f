// Offline scripts (--sql) run by the databases' own shells give what an online run gives, and
// two upgrade processes started together apply every revision exactly once.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace migrate::test;

namespace {

struct State {
    std::vector<std::string> tables, versions;
    long upgrades;
    bool operator==(const State&) const = default;
};
State state_of(const Project& p) { return {p.tables(), p.versions(), p.history_count("upgrade")}; }

void copy_tutorial(const Project& p) {
    std::filesystem::copy(std::filesystem::path(MIGRATE_SOURCE_DIR) / "migrations" / "versions",
                          p.path() / "migrations" / "versions", std::filesystem::copy_options::overwrite_existing | std::filesystem::copy_options::recursive);
}

} // namespace

TEST_CASE("the offline script run with sqlite3 gives the online run's schema and version rows", "[cli][sqlite]") {
    Project online, offline;
    copy_tutorial(online);
    copy_tutorial(offline);
    REQUIRE(online.run("upgrade head").exit_code == 0);
    auto sql = offline.run("upgrade head --sql");
    INFO(sql.err);
    REQUIRE(sql.exit_code == 0);
    CHECK(sql.out.find("BEGIN;") != std::string::npos);
    CHECK(sql.out.find("COMMIT;") != std::string::npos);
    CHECK(sql.out.find("CREATE TABLE IF NOT EXISTS \"migrate_version\"") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(offline.path() / "app.db")); // touched no database
    offline.write("up.sql", sql.out);
    auto applied = run_command("sqlite3 -bail app.db < up.sql", offline.path());
    INFO(applied.err);
    REQUIRE(applied.exit_code == 0);
    CHECK(state_of(offline) == state_of(online));

    // And back down with a FROM:TO range.
    auto down = offline.run("downgrade head:base --sql");
    REQUIRE(down.exit_code == 0);
    offline.write("down.sql", down.out);
    REQUIRE(run_command("sqlite3 -bail app.db < down.sql", offline.path()).exit_code == 0);
    REQUIRE(online.run("downgrade base").exit_code == 0);
    CHECK(offline.tables().empty());
    CHECK(offline.versions() == online.versions());
}

TEST_CASE("the offline script run with psql -1 gives the online run's schema and version rows", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase a(*server), b(*server);
    Project online(a.url()), offline(b.url());
    copy_tutorial(online);
    copy_tutorial(offline);
    REQUIRE(online.run("upgrade head").exit_code == 0);
    auto sql = offline.run("upgrade head --sql");
    REQUIRE(sql.exit_code == 0);
    CHECK(offline.versions().empty()); // touched no database
    offline.write("up.sql", sql.out);
    auto applied = run_command("psql -q -v ON_ERROR_STOP=1 -1 -f up.sql " + shell_quote(b.url()), offline.path());
    INFO(applied.err);
    REQUIRE(applied.exit_code == 0);
    CHECK(state_of(offline) == state_of(online));
}

TEST_CASE("offline ranges start where FROM says and per-revision mode commits after each", "[cli][sqlite]") {
    Project p;
    p.chain(3);
    auto r = p.run("upgrade r1:r3 --sql --transaction-per-revision");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("CREATE TABLE \"t1\"") == std::string::npos);
    CHECK(r.out.find("CREATE TABLE \"t2\"") != std::string::npos);
    CHECK(r.out.find("UPDATE \"migrate_version\" SET version_num = 'r2' WHERE version_num = 'r1'") != std::string::npos);
    std::size_t commits = 0;
    for (auto pos = r.out.find("COMMIT;"); pos != std::string::npos; pos = r.out.find("COMMIT;", pos + 1)) ++commits;
    CHECK(commits == 2);
    auto bad = p.run("downgrade base --sql");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("FROM:TO") != std::string::npos);
}

TEST_CASE("stamp --sql run with sqlite3 gives the online stamp's version rows", "[cli][sqlite]") {
    Project online, offline;
    online.chain(3);
    offline.chain(3);
    REQUIRE(online.run("stamp r2").exit_code == 0);
    auto sql = offline.run("stamp r2 --sql");
    INFO(sql.err);
    REQUIRE(sql.exit_code == 0);
    CHECK(sql.out.find("-- migrate stamp r2") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(offline.path() / "app.db")); // touched no database
    offline.write("stamp.sql", sql.out);
    REQUIRE(run_command("sqlite3 -bail app.db < stamp.sql", offline.path()).exit_code == 0);
    CHECK(offline.versions() == online.versions());
    CHECK(offline.tables() == online.tables()); // the version tables only: no op ran

    // FROM:TO replaces FROM's row, as the online stamp replaces the current head.
    REQUIRE(online.run("stamp r3").exit_code == 0);
    auto up = offline.run("stamp r2:r3 --sql");
    REQUIRE(up.exit_code == 0);
    CHECK(up.out.find("UPDATE \"migrate_version\" SET version_num = 'r3' WHERE version_num = 'r2'") != std::string::npos);
    offline.write("up.sql", up.out);
    REQUIRE(run_command("sqlite3 -bail app.db < up.sql", offline.path()).exit_code == 0);
    CHECK(offline.versions() == online.versions());
    CHECK(offline.history_count("stamp") == online.history_count("stamp"));

    auto bad = offline.run("stamp nope --sql");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("nope") != std::string::npos);
}

namespace {

void race(const Project& p, int rounds) {
    for (int round = 0; round < rounds; ++round) {
        INFO("round " << round);
        CommandResult a, b;
        std::thread ta([&] { a = p.run("upgrade head"); });
        std::thread tb([&] { b = p.run("upgrade head"); });
        ta.join();
        tb.join();
        INFO(a.err << "\n---\n" << b.err);
        REQUIRE(a.exit_code == 0);
        REQUIRE(b.exit_code == 0);
        REQUIRE(p.versions() == v({"r5"}));
        REQUIRE(p.history_count("upgrade") == 5 * (round + 1));
        REQUIRE(p.run("downgrade base").exit_code == 0);
        REQUIRE(p.tables().empty());
    }
}

} // namespace

TEST_CASE("two upgrade processes started together apply every revision exactly once on SQLite", "[cli][sqlite]") {
    Project p;
    p.chain(5);
    race(p, 20);
}

TEST_CASE("two upgrade processes started together apply every revision exactly once on PostgreSQL",
          "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    p.chain(5);
    race(p, 20);
}

TEST_CASE("a second process waits for the lock, says so once and gives up after --lock-timeout", "[cli][sqlite]") {
    Project p;
    p.chain(1);
    // Hold SQLite's write lock from a shell for three seconds.
    auto holder = std::thread([&] {
        run_command("sqlite3 app.db 'PRAGMA locking_mode=EXCLUSIVE; BEGIN IMMEDIATE; CREATE TABLE hold(x); COMMIT;' "
                    "'.shell sleep 3'",
                    p.path());
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    auto r = p.run("upgrade head --lock-timeout 1");
    holder.join();
    CHECK(r.exit_code == 1);
    // The notice is one line of its own, printed once; the final error repeats the reason.
    std::string wait = "waiting for the migration lock held by another process that is migrating or writing to the "
                       "database\n";
    auto first = r.err.find(wait);
    CHECK(first == 0);
    CHECK(r.err.find("\n" + wait) == std::string::npos);
    CHECK(r.err.find("timed out") != std::string::npos);
    CHECK(p.versions().empty());
    CHECK(p.run("upgrade head").exit_code == 0); // the lock is free again
}

TEST_CASE("a second process on PostgreSQL waits for the advisory lock and gives up after --lock-timeout",
          "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    p.chain(1);
    auto key = migrate::runtime::MigrationLock::advisory_key("migrate_version");
    auto holder = std::thread([&] {
        run_command("psql -q " + shell_quote(db.url()) + " -c 'SELECT pg_advisory_lock(" + std::to_string(key) +
                        "), pg_sleep(3)'",
                    p.path());
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    auto r = p.run("upgrade head --lock-timeout 1");
    holder.join();
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("waiting for the migration lock held by pid ") != std::string::npos);
    CHECK(p.versions().empty());
    CHECK(p.run("upgrade head").exit_code == 0);
}
