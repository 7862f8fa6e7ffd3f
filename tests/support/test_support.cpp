// The test helpers: the PostgreSQL test server, temp directories, running commands.
#include <support/test_support.hpp>

#include <migrate/db/connection.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>
#include <sys/wait.h>
#include <unistd.h>

namespace migrate::test {

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string unique_suffix() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    return std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + std::to_string(rd() % 100000);
}

} // namespace

std::optional<std::string> pg_url() {
    const char* url = std::getenv("MIGRATE_TEST_PG_URL");
    if (url && *url) return std::string(url);
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") {
        FAIL("MIGRATE_TEST_PG_URL is not set but CI=true: [postgres] tests must run in CI "
             "(run them under tests/pg/with-postgres.sh)");
    }
    WARN("SKIPPED: MIGRATE_TEST_PG_URL is not set; run under tests/pg/with-postgres.sh to include [postgres] tests");
    return std::nullopt;
}

std::string with_database(const std::string& url, const std::string& db) {
    auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) throw std::runtime_error("MIGRATE_TEST_PG_URL is not a URI: " + url);
    auto authority = scheme_end + 3;
    auto query = url.find('?', authority);
    auto path = url.find('/', authority);
    if (path == std::string::npos || (query != std::string::npos && path > query)) path = query;
    std::string head = url.substr(0, path == std::string::npos ? url.size() : path);
    std::string tail = query == std::string::npos ? "" : url.substr(query);
    return head + "/" + db + tail;
}

std::optional<std::string> pgbouncer_url() {
    const char* url = std::getenv("MIGRATE_TEST_PGBOUNCER_URL");
    if (url && *url) return std::string(url);
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true")
        FAIL("MIGRATE_TEST_PGBOUNCER_URL is not set but CI=true: tests/pg/with-postgres.sh starts PgBouncer "
             "(install pgbouncer)");
    WARN("SKIPPED: MIGRATE_TEST_PGBOUNCER_URL is not set; install pgbouncer and run under tests/pg/with-postgres.sh");
    return std::nullopt;
}

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "migrate-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

PgDatabase::PgDatabase(const std::string& server_url) : server_url_(server_url) {
    name_ = "migrate_test_" + unique_suffix();
    auto conn = db::connect(server_url_);
    conn->execute_script("CREATE DATABASE \"" + name_ + "\" TEMPLATE template0 ENCODING 'UTF8'");
    url_ = with_database(server_url_, name_);
}

PgDatabase::~PgDatabase() {
    try {
        auto conn = db::connect(server_url_);
        conn->execute_script("DROP DATABASE IF EXISTS \"" + name_ + "\" WITH (FORCE)");
    } catch (const std::exception& e) {
        // Never throw from a destructor; a leftover database is harmless on a throwaway server.
        std::fprintf(stderr, "warning: could not drop test database %s: %s\n", name_.c_str(), e.what());
    }
}

std::set<std::string> scratch_databases(const std::string& server_url) {
    std::set<std::string> names;
    for (auto& r : db::connect(server_url)->query("SELECT datname FROM pg_database WHERE datname LIKE 'migrate_scratch_%'"))
        names.insert(r[0].as_text());
    return names;
}

std::set<std::string> scratch_databases_left(const std::string& server_url, const std::set<std::string>& before) {
    std::set<std::string> left;
    for (int attempt = 0; attempt < 50; ++attempt) {
        left.clear();
        for (auto& n : scratch_databases(server_url))
            if (!before.contains(n)) left.insert(n);
        if (left.empty()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return left;
}

std::string shell_quote(const std::string& arg) {
    std::string out = "'";
    for (char c : arg) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

CommandResult run_command(const std::string& command_line, const std::filesystem::path& cwd) {
    TempDir capture;
    auto out_file = capture / "stdout";
    auto err_file = capture / "stderr";
    std::string cmd;
    if (!cwd.empty()) cmd += "cd " + shell_quote(cwd.string()) + " && ";
    cmd += "{ " + command_line + "\n} >" + shell_quote(out_file.string()) + " 2>" + shell_quote(err_file.string()) +
           " </dev/null";
    int status = std::system(cmd.c_str());
    CommandResult result;
    if (status == -1) result.exit_code = -1;
    else if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    else result.exit_code = 128 + WTERMSIG(status);
    result.out = read_file(out_file);
    result.err = read_file(err_file);
    return result;
}

CommandResult run_migrate(const std::string& args, const std::filesystem::path& cwd) {
    return run_command(shell_quote(MIGRATE_BINARY) + " " + args, cwd);
}

} // namespace migrate::test
