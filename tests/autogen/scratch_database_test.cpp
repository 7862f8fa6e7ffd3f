// The scratch database of a .sql target is always dropped: after success, when the DDL
// fails, and when the process is interrupted; pg_dump output loads in it.
#include "autogen_support.hpp"

#include <csignal>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

#include <migrate/autogen/scratch_database.hpp>
#include <migrate/base/error.hpp>
#include <support/test_support.hpp>

using namespace migrate;
using namespace migrate::test;

namespace {

bool database_exists(const std::string& server, const std::string& name) {
    auto conn = db::connect(server);
    return !conn->query("SELECT 1 FROM pg_database WHERE datname = ?", {db::Value(name)}).empty();
}

} // namespace

TEST_CASE("with_database replaces the database of a URL and keeps its parameters") {
    CHECK(autogen::with_database("postgresql://u:p@h:5432/app?sslmode=disable", "x") ==
          "postgresql://u:p@h:5432/x?sslmode=disable");
    CHECK(autogen::with_database("postgresql://h", "x") == "postgresql://h/x");
    CHECK(autogen::with_database("postgresql://h?a=b", "x") == "postgresql://h/x?a=b");
}

TEST_CASE("a scratch database is dropped when it goes out of scope", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    std::string name;
    {
        autogen::ScratchDatabase scratch(*url);
        name = scratch.name();
        CHECK(database_exists(*url, name));
        auto conn = db::connect(scratch.url());
        conn->execute_script("CREATE TABLE t (id integer)");
    }
    CHECK_FALSE(database_exists(*url, name));
}

TEST_CASE("a failing target .sql names its line and leaves no scratch database", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url);
    const auto before = migrate::test::scratch_databases(*url);
    autogen::TargetOptions o;
    o.live_url = live.url();
    try {
        autogen::load_sql_target("CREATE TABLE a (id integer);\n\nCREATE TABLE b (id no_such_type);", "bad.sql", o);
        FAIL("no error");
    } catch (const UsageError& e) { // a bad target: bad input, not a failing database
        CHECK(std::string(e.what()).find("bad.sql:3") != std::string::npos);
    }
    CHECK(migrate::test::scratch_databases_left(*url, before).empty());
}

TEST_CASE("an interrupted process drops its scratch database", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        close(fds[0]);
        std::signal(SIGINT, SIG_DFL); // no test framework handler to chain to
        try {
            autogen::ScratchDatabase scratch(*url);
            std::string name = scratch.name() + "\n";
            if (write(fds[1], name.data(), name.size()) < 0) _exit(3);
            close(fds[1]);
            raise(SIGINT); // as Ctrl-C would
            pause();
        } catch (...) {
        }
        _exit(4);
    }
    close(fds[1]);
    std::string name;
    char c;
    while (read(fds[0], &c, 1) == 1 && c != '\n') name += c;
    close(fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE_FALSE(name.empty());
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGINT);
    CHECK_FALSE(database_exists(*url, name));
}

TEST_CASE("pg_dump --schema-only output loads, and what the model lacks is said once", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase source(*url);
    auto conn = db::connect(source.url());
    conn->execute_script(R"sql(
        CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
        CREATE TYPE mood AS ENUM ('sad', 'happy');
        CREATE TABLE people (id serial PRIMARY KEY, mail email, m mood DEFAULT 'happy', updated timestamptz);
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END; $$;
        CREATE TRIGGER people_touch BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION touch();
        CREATE TABLE events (id integer, at date NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE VIEW happy AS SELECT id FROM people WHERE m = 'happy';
        COMMENT ON TABLE people IS 'someone; with a semicolon';
    )sql");
    auto dump = run_command("pg_dump --schema-only -d " + shell_quote(source.url()));
    REQUIRE(dump.exit_code == 0);
    REQUIRE(dump.out.find("OWNER TO") != std::string::npos);

    autogen::TargetOptions o;
    o.live_url = source.url();
    auto target = autogen::load_sql_target(dump.out, "dump.sql", o);
    REQUIRE(target.warnings.size() == 1);
    CHECK(target.warnings[0].find("functions (1)") != std::string::npos);
    CHECK(target.warnings[0].find("triggers (1)") != std::string::npos);
    CHECK(target.warnings[0].find("domains (1)") != std::string::npos);
    CHECK(target.metadata.table("people"));

    auto d = autogen::autogenerate(*conn, target.metadata);
    INFO(listing(d));
    CHECK(d.empty());
}

TEST_CASE("a dev_url database is used inside a rolled-back transaction and left empty", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url);
    PgDatabase dev(*url);
    autogen::TargetOptions o;
    o.live_url = live.url();
    o.dev_url = dev.url();
    auto target = autogen::load_sql_target("CREATE TABLE t (id integer PRIMARY KEY);", "t.sql", o);
    CHECK(target.metadata.tables.size() == 1);
    auto conn = db::connect(dev.url());
    CHECK(conn->query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0][0].as_text() == "0");
}

TEST_CASE("a .json target loads and a bad extension is a usage error", "[sqlite]") {
    TempDir dir;
    {
        std::ofstream(dir / "schema.json") << R"({"tables": [{"name": "t", "columns": [{"name": "id", "type": "integer"}]}]})";
        std::ofstream(dir / "schema.yaml") << "x";
    }
    auto t = autogen::load_target(dir / "schema.json", {});
    REQUIRE(t.metadata.tables.size() == 1);
    CHECK_THROWS_AS(autogen::load_target(dir / "schema.yaml", {}), UsageError);
    CHECK_THROWS_AS(autogen::load_target(dir / "missing.sql", {}), UsageError);
}
