// migrate.toml reading and the URL precedence.
#include <support/test_support.hpp>

#include <migrate/base/error.hpp>
#include <migrate/runtime/config.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using migrate::runtime::Config;
using migrate::test::TempDir;

namespace {

struct EnvGuard {
    EnvGuard() { clear(); }
    ~EnvGuard() { clear(); }
    static void clear() {
        for (const char* name : {"MIGRATE_URL", "DATABASE_URL", "MIGRATE_ENV", "MIGRATE_TEST_DB_HOST"}) unsetenv(name);
    }
};

std::filesystem::path write(const TempDir& dir, const std::string& text) {
    auto path = dir / "migrate.toml";
    std::ofstream(path) << text;
    return path;
}

} // namespace

TEST_CASE("every key of migrate.toml is read, relative paths resolved beside the file") {
    EnvGuard env;
    TempDir dir;
    auto c = Config::load(write(dir, R"(# comment
url = "sqlite:///data/app.db"   # relative to the file
script_location = 'db/migrations'
version_table = "my_version"
history_table = "my_history"
target = "schema.sql"
dev_url = "postgresql://localhost/scratch"
transaction_per_revision = true
include_schemas = ["public", "billing"]
exclude_tables = [
  "spatial_ref_sys",  # PostGIS
]
lock_timeout = 2.5
)"));
    CHECK(c.url == "sqlite:///" + (dir.path() / "data/app.db").string());
    CHECK(c.url_source == (dir / "migrate.toml").string() + ":2"); // file:line, as `current --verbose` says
    CHECK(c.script_location == dir.path() / "db/migrations");
    CHECK(c.versions_dir() == dir.path() / "db/migrations/versions");
    CHECK(c.version_table == "my_version");
    CHECK(c.history_table == "my_history");
    CHECK(c.target == "schema.sql");
    CHECK(c.dev_url == "postgresql://localhost/scratch");
    CHECK(c.transaction_per_revision);
    CHECK(c.include_schemas == std::vector<std::string>{"public", "billing"});
    CHECK(c.exclude_tables == std::vector<std::string>{"spatial_ref_sys"});
    CHECK(c.lock_timeout == std::chrono::milliseconds(2500));
}

TEST_CASE("without a url the default is a SQLite file beside the config") {
    EnvGuard env;
    TempDir dir;
    auto c = Config::load(write(dir, ""));
    CHECK(c.url == "sqlite:///" + (dir.path() / "migrate.db").string());
    CHECK(c.url_source == "default");
    CHECK(c.version_table == "migrate_version");
    CHECK(c.history_table == "migrate_history");
    CHECK_FALSE(c.transaction_per_revision);
    CHECK(c.script_location == dir.path() / "migrations");
}

TEST_CASE("MIGRATE_URL beats DATABASE_URL, which beats the file, and the command line beats all") {
    EnvGuard env;
    TempDir dir;
    auto path = write(dir, "url = \"sqlite:///file.db\"\n");
    setenv("DATABASE_URL", "sqlite:///database_url.db", 1);
    CHECK(Config::load(path).url == "sqlite:///database_url.db");
    CHECK(Config::load(path).url_source == "DATABASE_URL");
    setenv("MIGRATE_URL", "sqlite:///migrate_url.db", 1);
    auto c = Config::load(path);
    CHECK(c.url == "sqlite:///migrate_url.db");
    c.set_url_from_command_line("sqlite:///cli.db");
    CHECK(c.url == "sqlite:///cli.db");
    CHECK(c.url_source == "--url");
}

TEST_CASE("a malformed config names the file, the line and the key") {
    EnvGuard env;
    TempDir dir;
    auto message = [&](const std::string& text) {
        try {
            Config::load(write(dir, text));
        } catch (const migrate::UsageError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(message("url = sqlite\n"), Catch::Contains("migrate.toml:1") && Catch::Contains("quotes"));
    CHECK_THAT(message("\n\nlock_timeout = \"soon\"\n"),
               Catch::Contains("migrate.toml:3: lock_timeout") && Catch::Contains("seconds"));
    CHECK_THAT(message("transaction_per_revision = 1\n"), Catch::Contains("transaction_per_revision"));
    CHECK_THAT(message("url = \"a\"\nurl = \"b\"\n"), Catch::Contains("migrate.toml:2") && Catch::Contains("twice"));
    CHECK_THAT(message("scrip_location = \"x\"\n"), Catch::Contains("scrip_location") && Catch::Contains("unknown key"));
    CHECK_THAT(message("url = \"unterminated\n"), Catch::Contains("unterminated"));
    CHECK_THAT(message("include_schemas = [1, 2]\n"), Catch::Contains("strings"));
    CHECK_THROWS_AS(Config::load(dir / "missing.toml"), migrate::UsageError);
}

namespace {

// A config with two environments; each test picks one (or none).
const char* k_environments = R"(url = "sqlite:///dev.db"
lock_timeout = 5

[env.staging]
url = "postgresql://app@staging.internal/app"

[env.prod]
url = "postgresql://app@${MIGRATE_TEST_DB_HOST}/app"
lock_timeout = 30
transaction_per_revision = true
)";

std::string load_error(const std::filesystem::path& file, const std::string& env = {}) {
    try {
        Config::load(file, env);
    } catch (const migrate::UsageError& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("an environment's keys override the top level, and no environment leaves the top level alone") {
    EnvGuard env;
    TempDir dir;
    auto file = write(dir, k_environments);
    setenv("MIGRATE_TEST_DB_HOST", "db1.internal", 1);

    auto plain = Config::load(file);
    CHECK(plain.url == "sqlite:///" + (dir.path() / "dev.db").string());
    CHECK(plain.environment.empty());
    CHECK(plain.lock_timeout == std::chrono::seconds(5));

    auto prod = Config::load(file, "prod");
    CHECK(prod.environment == "prod");
    CHECK(prod.url == "postgresql://app@db1.internal/app");
    CHECK(prod.url_source == file.string() + ":8");
    CHECK(prod.lock_timeout == std::chrono::seconds(30));
    CHECK(prod.transaction_per_revision);

    setenv("MIGRATE_ENV", "staging", 1);
    auto staging = Config::load(file);
    CHECK(staging.environment == "staging");
    CHECK(staging.url == "postgresql://app@staging.internal/app");
    CHECK(staging.lock_timeout == std::chrono::seconds(5)); // not overridden: the top level's
    CHECK(Config::load(file, "prod").environment == "prod"); // the argument beats MIGRATE_ENV
}

TEST_CASE("an unknown environment, an unset variable and an unknown section are errors naming them") {
    EnvGuard env;
    TempDir dir;
    auto file = write(dir, k_environments);
    CHECK_THAT(load_error(file, "qa"), Catch::Contains("--env qa") && Catch::Contains("known: prod, staging"));
    setenv("MIGRATE_ENV", "qa", 1);
    CHECK_THAT(load_error(file), Catch::Contains("MIGRATE_ENV qa"));
    unsetenv("MIGRATE_ENV");

    // A variable is needed only by the environment that uses it.
    CHECK(load_error(file) == "no error");
    CHECK(load_error(file, "staging") == "no error");
    CHECK_THAT(load_error(file, "prod"), Catch::Contains("migrate.toml:8: url") &&
                                             Catch::Contains("${MIGRATE_TEST_DB_HOST}") && Catch::Contains("not set"));

    CHECK_THAT(load_error(write(dir, "[autogenerate]\ncompare_server_defaults = false\n")),
               Catch::Contains("migrate.toml:1") && Catch::Contains("[autogenerate]") && Catch::Contains("unknown section"));
    // Keys and types of every environment are checked, chosen or not.
    CHECK_THAT(load_error(write(dir, "[env.prod]\nurlx = \"a\"\n")),
               Catch::Contains("migrate.toml:2: urlx") && Catch::Contains("unknown key"));
    CHECK_THAT(load_error(write(dir, "[env.prod]\nlock_timeout = \"x\"\n")),
               Catch::Contains("migrate.toml:2: lock_timeout"));
    CHECK_THAT(load_error(write(dir, "[env.prod.extra]\nurl = \"a\"\n")), Catch::Contains("[env.prod.extra]"));
    CHECK_THAT(load_error(write(dir, "env = 3\n")), Catch::Contains("env") && Catch::Contains("unknown key"));
}

TEST_CASE("a dollar sign that is not ${NAME} stays as written") {
    EnvGuard env;
    TempDir dir;
    auto c = Config::load(write(dir, "url = \"postgresql://u:pa$$w{ord}@h/db\"\ntarget = \"${}x.sql\"\n"));
    CHECK(c.url == "postgresql://u:pa$$w{ord}@h/db");
    CHECK(c.target == "${}x.sql");
}

TEST_CASE("[lint] sets rule severities and the SQLite recreation threshold, and every key is checked") {
    EnvGuard env;
    TempDir dir;
    auto c = Config::load(write(dir, "[lint]\nsqlite_recreate_rows = 500\ndrop_column = \"warning\"\nsql_not_analysed = \"off\"\n"));
    CHECK(c.lint.sqlite_recreate_rows == 500);
    const auto* drop = migrate::lint::find_rule("drop_column");
    REQUIRE(drop);
    CHECK(c.lint.severity_of(*drop) == migrate::lint::Severity::warning);
    CHECK_FALSE(c.lint.severity_of(*migrate::lint::find_rule("sql_not_analysed")).has_value());
    CHECK(c.lint.severity_of(*migrate::lint::find_rule("drop_table")) == migrate::lint::Severity::error);

    CHECK_THAT(load_error(write(dir, "[lint]\ndrop_column = \"loud\"\n")),
               Catch::Contains("migrate.toml:2: lint.drop_column") && Catch::Contains("\"off\""));
    CHECK_THAT(load_error(write(dir, "[lint]\ndrop_colum = \"error\"\n")),
               Catch::Contains("lint.drop_colum") && Catch::Contains("unknown key") && Catch::Contains("drop_column"));
    CHECK_THAT(load_error(write(dir, "[lint]\nsqlite_recreate_rows = -1\n")), Catch::Contains("must not be negative"));
    CHECK_THAT(load_error(write(dir, "[lint]\nsqlite_recreate_rows = \"many\"\n")),
               Catch::Contains("lint.sqlite_recreate_rows") && Catch::Contains("number of rows"));
}
