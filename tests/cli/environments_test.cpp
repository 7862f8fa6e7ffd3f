// migrate.toml environments driven through the binary: [env.NAME] over the top-level keys,
// chosen by --env or MIGRATE_ENV, with ${VAR} taken from the environment.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

using namespace migrate::test;

namespace {

// The project's own database stays app.db; [env.ci] points at ci.db, [env.prod] at a file
// named by ${MIGRATE_TEST_PROD_DB}.
void add_environments(const Project& p) {
    p.write("migrate.toml", "url = \"" + p.url() + "\"\nscript_location = \"migrations\"\nlock_timeout = 20\n\n"
                            "[env.ci]\nurl = \"sqlite:///ci.db\"\n\n"
                            "[env.prod]\nurl = \"sqlite:///${MIGRATE_TEST_PROD_DB}\"\n");
}

CommandResult run_with(const Project& p, const std::string& variables, const std::string& args) {
    return run_command(variables + " " + shell_quote(MIGRATE_BINARY) + " " + args, p.path());
}

} // namespace

TEST_CASE("an environment chosen by --env or MIGRATE_ENV picks the database it names", "[cli][sqlite]") {
    Project p;
    p.chain(2);
    add_environments(p);

    auto up = p.run("--env ci upgrade head");
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    CHECK(std::filesystem::exists(p.path() / "ci.db"));
    CHECK(p.versions().empty()); // the top-level database is untouched

    auto current = run_with(p, "MIGRATE_ENV=ci", "current --verbose");
    REQUIRE(current.exit_code == 0);
    CHECK_THAT(current.out, Catch::Contains("ci.db") && Catch::Contains("Environment: ci") && Catch::Contains("r2"));
    CHECK_THAT(current.out, Catch::Contains("migrate.toml:6")); // the url's line in [env.ci]

    auto prod = run_with(p, "MIGRATE_TEST_PROD_DB=prod.db", "--env prod upgrade r1");
    INFO(prod.err);
    REQUIRE(prod.exit_code == 0);
    CHECK(std::filesystem::exists(p.path() / "prod.db"));
}

TEST_CASE("an unknown environment or an unset variable is exit 2 naming it, and no database is made",
          "[cli][sqlite]") {
    Project p;
    p.chain(1);
    add_environments(p);

    auto unknown = p.run("upgrade head --env qa");
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.err, Catch::Contains("--env qa") && Catch::Contains("known: ci, prod"));

    auto from_variable = run_with(p, "MIGRATE_ENV=qa", "current");
    CHECK(from_variable.exit_code == 2);
    CHECK_THAT(from_variable.err, Catch::Contains("MIGRATE_ENV qa"));

    auto unset = run_with(p, "env -u MIGRATE_TEST_PROD_DB", "--env prod upgrade head");
    CHECK(unset.exit_code == 2);
    CHECK_THAT(unset.err, Catch::Contains("migrate.toml:9: url") && Catch::Contains("${MIGRATE_TEST_PROD_DB}"));

    p.write("migrate.toml", "url = \"" + p.url() + "\"\nscript_location = \"migrations\"\n[deploy]\nlevel = 1\n");
    auto section = p.run("upgrade head");
    CHECK(section.exit_code == 2);
    CHECK_THAT(section.err, Catch::Contains("[deploy]") && Catch::Contains("unknown section"));

    CHECK_FALSE(std::filesystem::exists(p.path() / "app.db"));
    CHECK_FALSE(std::filesystem::exists(p.path() / "ci.db"));
}
