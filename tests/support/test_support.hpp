// Helpers shared by the tests: the PostgreSQL test server, temp directories, running the CLI.
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>

namespace migrate::test {

// The URL of the throwaway PostgreSQL server (MIGRATE_TEST_PG_URL), or nullopt.
// Without it, a [postgres] test skips with a visible warning locally and FAILS when CI=true:
// call it as   auto url = pg_url(); if (!url) return;
std::optional<std::string> pg_url();
// The same for the PgBouncer in transaction pooling mode in front of it
// (MIGRATE_TEST_PGBOUNCER_URL); any database name in the URL reaches the server's database.
std::optional<std::string> pgbouncer_url();
// `url` with its database name replaced by `database` (postgresql://user@host:port/NAME).
std::string with_database(const std::string& url, const std::string& database);

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// A PostgreSQL database of its own for one test: created on the test server with a unique
// name, dropped on destruction. url() connects to it.
class PgDatabase {
public:
    explicit PgDatabase(const std::string& server_url);
    ~PgDatabase();
    PgDatabase(const PgDatabase&) = delete;
    PgDatabase& operator=(const PgDatabase&) = delete;
    const std::string& url() const { return url_; }
    const std::string& name() const { return name_; }

private:
    std::string server_url_;
    std::string name_;
    std::string url_;
};

// The scratch databases (migrate_scratch_*) on the server that stay, out of those not in
// `before`: tests running in parallel make short-lived ones of their own, so a new name must
// disappear within a few seconds to count as cleaned up.
std::set<std::string> scratch_databases(const std::string& server_url);
std::set<std::string> scratch_databases_left(const std::string& server_url, const std::set<std::string>& before);

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs a shell command line (in `cwd` when given), capturing stdout and stderr separately.
CommandResult run_command(const std::string& command_line, const std::filesystem::path& cwd = {});

// Runs the built `migrate` binary with the given argument string in `cwd`.
CommandResult run_migrate(const std::string& args, const std::filesystem::path& cwd);

// Shell-quotes one argument.
std::string shell_quote(const std::string& arg);

// Writes `text` to `path` as bytes, creating its directories.
inline void write_file(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

} // namespace migrate::test
