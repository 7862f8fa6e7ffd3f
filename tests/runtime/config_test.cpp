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
    EnvGuard() {
        unsetenv("MIGRATE_URL");
        unsetenv("DATABASE_URL");
    }
    ~EnvGuard() {
        unsetenv("MIGRATE_URL");
        unsetenv("DATABASE_URL");
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

[autogenerate]
compare_server_defaults = false
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
    CHECK(c.sections["autogenerate"]["compare_server_defaults"] == "false");
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
