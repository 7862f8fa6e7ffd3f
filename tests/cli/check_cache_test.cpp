// `migrate check` with a .sql target through the binary: the target's model is cached beside
// the revision header cache, an edit of the file is seen, and a repeated check on PostgreSQL
// needs no scratch database (a role that may not create one passes on the cached model).
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace migrate::test;

namespace {

const std::string k_schema = "CREATE TABLE authors (id integer PRIMARY KEY, name varchar(100) NOT NULL);\n";

// A project whose database is at a head that matches schema.sql.
void at_head(const Project& p) {
    p.write("migrate.toml", p.read("migrate.toml") + "target = \"schema.sql\"\n");
    p.write("schema.sql", k_schema);
    auto rev = p.run("revision --autogenerate -m authors");
    INFO(rev.out << rev.err);
    REQUIRE(rev.exit_code == 0);
    REQUIRE(p.run("upgrade head").exit_code == 0);
}

} // namespace

TEST_CASE("check caches a .sql target's model, sees an edit of the file and survives a broken cache",
          "[cli][sqlite]") {
    Project p;
    at_head(p);
    auto clean = p.run("check");
    INFO(clean.out << clean.err);
    CHECK(clean.exit_code == 0);
    const auto cache = p.path() / "migrations" / "versions" / ".migrate-cache-target";
    CHECK(std::filesystem::exists(cache));

    p.write("schema.sql", k_schema + "CREATE TABLE tags (id integer PRIMARY KEY);\n");
    auto drift = p.run("check");
    INFO(drift.out << drift.err);
    CHECK(drift.exit_code != 0);
    CHECK(drift.out.find("create_table tags") != std::string::npos);

    p.write("migrations/versions/.migrate-cache-target", "garbage");
    p.write("schema.sql", k_schema);
    auto again = p.run("check");
    INFO(again.out << again.err);
    CHECK(again.exit_code == 0);
    CHECK(p.read("migrations/versions/.migrate-cache-target") != "garbage");
}

TEST_CASE("a repeated check with an unchanged .sql target creates no scratch database", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase database(*server);
    Project p(database.url());
    at_head(p);
    REQUIRE(p.run("check").exit_code == 0);

    // A role that may read the database but not create one: only the cached model can answer.
    const std::string role = "migrate_no_createdb_" + std::to_string(getpid());
    auto admin = migrate::db::connect(database.url());
    admin->execute_script("CREATE ROLE " + role + " LOGIN NOCREATEDB; GRANT SELECT ON ALL TABLES IN SCHEMA public TO " +
                          role);
    std::string restricted = database.url();
    restricted.replace(restricted.find("://") + 3, restricted.find('@') - restricted.find("://") - 3, role);
    auto cached = p.run("--url '" + restricted + "' check");
    auto uncached = CommandResult{};
    {
        std::filesystem::remove(p.path() / "migrations" / "versions" / ".migrate-cache-target");
        uncached = p.run("--url '" + restricted + "' check");
    }
    admin->execute_script("DROP OWNED BY " + role + "; DROP ROLE " + role);
    INFO(cached.out << cached.err);
    CHECK(cached.exit_code == 0);
    CHECK(cached.out.find("No changes detected") != std::string::npos);
    INFO(uncached.out << uncached.err);
    CHECK(uncached.exit_code == 1);
    CHECK(uncached.err.find("permission denied to create database") != std::string::npos);
}
