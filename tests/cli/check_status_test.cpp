// `migrate check`'s exit statuses, so that CI can tell drift from breakage: 0 clean, 3 drift
// (or not at head), 2 a bad target, 1 the database failed.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

using namespace migrate::test;

namespace {

const std::string k_schema = "CREATE TABLE authors (id integer PRIMARY KEY, name varchar(100) NOT NULL);\n";

// A project whose database is at head and matches schema.sql.
void clean_project(const Project& p) {
    p.write("migrate.toml", p.read("migrate.toml") + "target = \"schema.sql\"\n");
    p.write("schema.sql", k_schema);
    auto rev = p.run("revision --autogenerate -m authors");
    INFO(rev.err);
    REQUIRE(rev.exit_code == 0);
    REQUIRE(p.run("upgrade head").exit_code == 0);
}

void statuses(const Project& p) {
    clean_project(p);
    auto clean = p.run("check");
    INFO(clean.out << clean.err);
    CHECK(clean.exit_code == 0);
    CHECK(clean.out.find("No changes detected") != std::string::npos);

    p.write("schema.sql", k_schema + "CREATE TABLE books (id integer PRIMARY KEY);\n");
    auto drift = p.run("check");
    INFO(drift.out << drift.err);
    CHECK(drift.exit_code == 3);
    CHECK(drift.out.find("create_table books") != std::string::npos);
    p.write("schema.sql", k_schema);

    REQUIRE(p.run("downgrade base").exit_code == 0);
    auto behind = p.run("check");
    INFO(behind.err);
    CHECK(behind.exit_code == 3);
    CHECK(behind.err.find("not at head") != std::string::npos);
    REQUIRE(p.run("upgrade head").exit_code == 0);

    // Bad targets: SQL the scratch database refuses, a missing file, a file that cannot be read.
    p.write("schema.sql", k_schema + "CREATE TABLE books (id integer PRIMARY KEY,\n  author_id REFERENCES);\n");
    auto refused = p.run("check");
    INFO(refused.err);
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("schema.sql:2") != std::string::npos);
    std::filesystem::remove(p.path() / "schema.sql");
    auto missing = p.run("check");
    INFO(missing.err);
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("schema.sql") != std::string::npos);
    std::filesystem::create_directory(p.path() / "schema.sql");
    auto unreadable = p.run("check");
    INFO(unreadable.err);
    CHECK(unreadable.exit_code == 2);
    CHECK(unreadable.err.find("schema.sql: cannot read") != std::string::npos);
}

} // namespace

TEST_CASE("check exits 0 clean, 3 on drift or behind head, 2 for a bad target on SQLite", "[cli][sqlite]") {
    Project p;
    statuses(p);
}

TEST_CASE("check exits 0 clean, 3 on drift or behind head, 2 for a bad target on PostgreSQL", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    statuses(p);
}

TEST_CASE("check exits 1 when the SQLite database cannot be read", "[cli][sqlite]") {
    Project p;
    clean_project(p);
    p.write("app.db", std::string(4096, 'x')); // not a database any more
    auto r = p.run("check");
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("not a database") != std::string::npos);
}

TEST_CASE("check exits 1 when the PostgreSQL server cannot be reached", "[cli][postgres]") {
    // Nothing listens on port 1 of the loopback interface.
    for (const char* target : {"schema.sql", "schema.json"}) {
        Project p("postgresql://migrate@127.0.0.1:1/nowhere");
        p.write("migrate.toml", p.read("migrate.toml") + "target = \"" + target + "\"\n");
        p.write("schema.sql", k_schema);
        p.write("schema.json", R"({"tables": []})");
        auto r = p.run("check");
        INFO(target << ": " << r.err);
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("127.0.0.1") != std::string::npos);
    }
}
