// SIGINT / SIGTERM to the real binary in the middle of a long statement: the statement is
// cancelled on the server, the run rolls back to a revision boundary, the lock is released,
// the message says where the run stopped, and a rerun succeeds. Also: who holds the lock.
#include "background_process.hpp"
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace migrate::test;

namespace {

// r1 creates t1; r2 creates t2, then runs a statement as long as the database says.
void two_revisions(const Project& p, const std::string& long_statement) {
    p.add({"r1", {}, "[" + create_table_op("t1") + "]", "[" + drop_table_op("t1") + "]"});
    p.add({"r2", {"r1"}, "[" + create_table_op("t2") + R"(, {"op": "sql", "sql": ")" + long_statement + "\"}]",
           "[" + drop_table_op("t2") + "]"});
}

// Polls `done` for up to 20 seconds.
bool wait_for(const std::function<bool()>& done) {
    for (int i = 0; i < 400; ++i) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

const std::string k_pg_sleep = "SELECT pg_sleep((SELECT seconds FROM sleep_for))";

// The backend running our pg_sleep, if any (0 when none).
long sleeping_backend(migrate::db::Connection& watcher) {
    auto rows = watcher.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = "
                              "'active' AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep((SELECT%'");
    return rows.empty() ? 0 : rows[0][0].as_int();
}

void interrupt_on_postgresql(int signal, bool per_revision) {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    auto watcher = p.connect();
    watcher->execute_script("CREATE TABLE sleep_for (seconds integer); INSERT INTO sleep_for VALUES (30)");
    two_revisions(p, k_pg_sleep);

    BackgroundMigrate run(std::string("upgrade head") + (per_revision ? " --transaction-per-revision" : ""), p.path());
    REQUIRE(run.started());
    long backend = 0;
    REQUIRE(run.wait_until([&] { return (backend = sleeping_backend(*watcher)) != 0; }));
    run.signal(signal);
    auto r = run.wait();
    INFO(r.err);
    CHECK(r.exit_code == 128 + signal);
    std::string at = per_revision ? "r1" : "<base>";
    CHECK(r.err.find("interrupted during r2 (op 2 of 2); the database is at " + at + "\n") != std::string::npos);

    // Right after the exit: the statement is no longer running and the lock is free.
    CHECK(watcher->query("SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND state = 'active'",
                         {backend})[0][0].as_int() == 0);
    auto key = migrate::runtime::MigrationLock::advisory_key("migrate_version");
    CHECK(watcher->query("SELECT pg_try_advisory_lock(?)", {key})[0][0].as_bool());
    watcher->query("SELECT pg_advisory_unlock(?)", {key});
    // The backend itself goes as the server notices the closed connection.
    CHECK(wait_for([&] {
        return watcher->query("SELECT count(*) FROM pg_stat_activity WHERE pid = ?", {backend})[0][0].as_int() == 0;
    }));

    CHECK(p.versions() == (per_revision ? v({"r1"}) : v({})));
    CHECK(p.has_table("t1") == per_revision);
    CHECK_FALSE(p.has_table("t2"));

    watcher->execute("UPDATE sleep_for SET seconds = 0");
    auto rerun = p.run("upgrade head");
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(p.versions() == v({"r2"}));
}

} // namespace

TEST_CASE("SIGINT during a long PostgreSQL statement cancels it, keeps the last revision and frees the lock",
          "[cli][postgres]") {
    interrupt_on_postgresql(SIGINT, true);
}

TEST_CASE("SIGTERM during a long PostgreSQL statement rolls the whole run back and exits 143", "[cli][postgres]") {
    interrupt_on_postgresql(SIGTERM, false);
}

TEST_CASE("SIGINT during a long SQLite statement interrupts it, keeps the last revision and frees the lock",
          "[cli][sqlite]") {
    Project p;
    p.connect()->execute_script("CREATE TABLE loop_size (n integer); INSERT INTO loop_size VALUES (4000000000)");
    two_revisions(p, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < "
                     "(SELECT n FROM loop_size)) SELECT count(*) FROM c");
    BackgroundMigrate run("upgrade head --transaction-per-revision", p.path());
    REQUIRE(run.started());
    // r1 is committed and reported; r2's statement starts right after (an earlier signal
    // stops the run at the same place: the next statement refuses to start).
    REQUIRE(run.wait_until([&] { return run.err().find("upgraded   r1") != std::string::npos; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    run.signal(SIGINT);
    auto r = run.wait();
    INFO(r.err);
    CHECK(r.exit_code == 130);
    CHECK(r.err.find("interrupted during r2 (op 2 of 2); the database is at r1\n") != std::string::npos);
    CHECK(p.versions() == v({"r1"}));
    CHECK_FALSE(p.has_table("t2"));
    p.connect()->execute("UPDATE loop_size SET n = 1"); // the write lock is free again
    auto rerun = p.run("upgrade head");
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(p.versions() == v({"r2"}));
}

TEST_CASE("waiting for the PostgreSQL lock names the session that holds it", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    p.chain(1);
    auto holder = p.connect();
    holder->execute_script("SET application_name = 'nightly_report'");
    auto key = migrate::runtime::MigrationLock::advisory_key("migrate_version");
    holder->query("SELECT pg_advisory_lock(?)", {key});
    const auto pid = std::to_string(holder->query("SELECT pg_backend_pid()")[0][0].as_int());

    auto r = p.run("upgrade head --lock-timeout 1");
    INFO(r.err);
    CHECK(r.exit_code == 1);
    // Once while waiting, again when giving up: the pid, the application, the client, its query.
    CHECK(r.err.rfind("waiting for the migration lock held by pid " + pid + " (application \"nightly_report\", ", 0) == 0);
    CHECK(r.err.find("error: timed out after 1s waiting for the migration lock held by pid " + pid) != std::string::npos);
    CHECK(r.err.find("connected ") != std::string::npos);
    CHECK(r.err.find("idle for ") != std::string::npos);
    CHECK(r.err.find("last query: SELECT pg_backend_pid()") != std::string::npos);
    CHECK(p.versions().empty());

    holder->query("SELECT pg_advisory_unlock(?)", {key});
    CHECK(p.run("upgrade head").exit_code == 0);
}

TEST_CASE("a SQLite reader that meets a running migration says so instead of 'database is locked'", "[cli][sqlite]") {
    Project p;
    p.chain(1);
    REQUIRE(p.run("upgrade head").exit_code == 0);
    // A writer in exclusive locking mode, as a migration holds the database, for 15 seconds.
    auto holder = std::thread([&] {
        run_command("sqlite3 app.db 'PRAGMA locking_mode=EXCLUSIVE; BEGIN IMMEDIATE; CREATE TABLE hold(x); COMMIT;' "
                    "'.shell sleep 15'",
                    p.path());
    });
    auto held = [&] {
        try {
            migrate::db::ConnectOptions now;
            now.busy_timeout = std::chrono::milliseconds(0);
            migrate::db::connect(p.url(), now)->query("SELECT count(*) FROM sqlite_master");
            return false;
        } catch (const migrate::DatabaseError& e) {
            return migrate::db::is_lock_conflict(e);
        }
    };
    REQUIRE(wait_for(held));
    for (const char* reader : {"current", "history -i"}) {
        auto r = p.run(reader);
        INFO(reader << ": " << r.err);
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("another process is migrating or writing to the database") != std::string::npos);
        CHECK(r.err.find("database is locked") == std::string::npos);
    }
    holder.join();
    CHECK(p.run("current").exit_code == 0);
}
