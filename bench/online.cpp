// bench/online: how long a steady writer stalls while a revision runs on a 1,000,000-row
// PostgreSQL table: the naive revision (one UPDATE backfill, SET NOT NULL, CREATE INDEX, a foreign
// key) against the online one (batched backfill, alter_column "online", CREATE INDEX
// CONCURRENTLY, NOT VALID + validate_constraint, lock_timeout with retries), both through the
// migrate library (Migrator::upgrade). A writer thread on its own connection updates one random
// row at a steady rate over loopback (bounded in count and time) while the revision runs; the
// baseline is the same writer with no migration running, in the same process.
// Usage: bench_online [PG_SERVER_URL] [rows]  (default MIGRATE_TEST_PG_URL, 1000000 rows)
#include <migrate/runtime/migrate.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Ms = std::chrono::duration<double, std::milli>;

namespace {

constexpr auto k_period = std::chrono::milliseconds(5); // 200 writes a second
constexpr std::size_t k_max_writes = 200'000;           // bounds: count ...
constexpr auto k_max_time = std::chrono::seconds(600);  // ... and time

// The server URL with another database name.
std::string with_database(const std::string& url, const std::string& name) {
    auto query = url.find('?');
    std::string base = url.substr(0, query);
    std::string rest = query == std::string::npos ? "" : url.substr(query);
    auto slash = base.find('/', base.find("://") + 3);
    return (slash == std::string::npos ? base : base.substr(0, slash)) + "/" + name + rest;
}

struct Latencies {
    std::vector<double> ms;
    double max() const { return ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end()); }
    double p99() const {
        if (ms.empty()) return 0;
        auto sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)];
    }
};

// Single-row updates at a steady rate until `stop` (plus one period), each timed from its send.
Latencies write_until(const std::string& url, long rows, const std::atomic<bool>& stop) {
    auto conn = migrate::db::connect(url);
    std::mt19937_64 random(42);
    std::uniform_int_distribution<long> pick(1, rows);
    Latencies out;
    const auto t0 = Clock::now();
    auto next = t0;
    while (!stop && out.ms.size() < k_max_writes && Clock::now() - t0 < k_max_time) {
        std::this_thread::sleep_until(next);
        const auto start = Clock::now();
        conn->execute("UPDATE accounts SET balance = balance + 1 WHERE id = ?", {migrate::db::Value(std::int64_t(pick(random)))});
        out.ms.push_back(Ms(Clock::now() - start).count());
        next += k_period;
        if (next < Clock::now()) next = Clock::now(); // late: write at once, do not burst to catch up
    }
    return out;
}

void reset_table(migrate::db::Connection& conn, long rows) {
    conn.execute_script("DROP TABLE IF EXISTS accounts; DROP TABLE IF EXISTS owners; "
                        "DROP TABLE IF EXISTS migrate_version; DROP TABLE IF EXISTS migrate_history; "
                        "DROP TABLE IF EXISTS migrate_version_backfill;"
                        "CREATE TABLE owners (id integer PRIMARY KEY);"
                        "INSERT INTO owners SELECT g FROM generate_series(1, 1000) AS g;"
                        "CREATE TABLE accounts (id bigint PRIMARY KEY, owner_id integer, balance integer NOT NULL, "
                        "note text);");
    conn.execute("INSERT INTO accounts SELECT g, 1 + g % 1000, 0, NULL FROM generate_series(1, " +
                 std::to_string(rows) + ") AS g");
    conn.execute("VACUUM ANALYZE accounts");
}

void write_revisions(const fs::path& versions, const std::vector<std::string>& upgrades, const std::string& extra) {
    fs::remove_all(versions);
    fs::create_directories(versions);
    for (std::size_t i = 0; i < upgrades.size(); ++i) {
        const std::string id = "r" + std::to_string(i + 1);
        std::ofstream(versions / (id + ".json"))
            << "{\"revision\": \"" << id << "\", \"down_revision\": "
            << (i == 0 ? std::string("null") : "\"r" + std::to_string(i) + "\"") << ", " << extra
            << "\"message\": \"step " << i + 1 << "\", \"upgrade\": [" << upgrades[i] << "], \"downgrade\": []}";
    }
}

struct Result {
    double seconds = 0;
    Latencies writes;
};

Result run(const std::string& url, const fs::path& dir, long rows) {
    migrate::Config config = migrate::Config::defaults(dir);
    config.url = url;
    config.lint_gate = migrate::runtime::LintGate::off;
    migrate::Migrator migrator{config};
    std::atomic<bool> stop{false};
    Latencies writes;
    std::thread writer([&] { writes = write_until(url, rows, stop); });
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // the writer at its pace first
    const auto t0 = Clock::now();
    migrator.upgrade("head");
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    stop = true;
    writer.join();
    return {seconds, writes};
}

void print(const char* name, const Result& r, const Latencies& baseline) {
    std::printf("  %-34s %8.1f s %8zu writes  p99 %8.1f ms (%6.1fx)  longest stall %8.1f ms (%6.1fx)\n", name,
                r.seconds, r.writes.ms.size(), r.writes.p99(), r.writes.p99() / std::max(baseline.p99(), 0.001),
                r.writes.max(), r.writes.max() / std::max(baseline.max(), 0.001));
}

} // namespace

int main(int argc, char** argv) {
    const char* env = std::getenv("MIGRATE_TEST_PG_URL");
    const std::string server = argc > 1 ? argv[1] : env ? env : "";
    const long rows = argc > 2 ? std::atol(argv[2]) : 1'000'000;
    if (server.empty()) {
        std::cerr << "usage: bench_online PG_SERVER_URL [rows] (or set MIGRATE_TEST_PG_URL)\n";
        return 2;
    }
    const std::string name = "migrate_bench_online_" + std::to_string(::getpid());
    auto admin = migrate::db::connect(server);
    admin->execute("CREATE DATABASE \"" + name + "\"");
    const std::string url = with_database(server, name);
    const fs::path dir = fs::temp_directory_path() / name;
    int status = 0;
    try {
        auto conn = migrate::db::connect(url);
        reset_table(*conn, rows);
        std::atomic<bool> stop{false};
        Latencies idle;
        std::thread writer([&] { idle = write_until(url, rows, stop); });
        std::this_thread::sleep_for(std::chrono::seconds(3));
        stop = true;
        writer.join();

        // The naive revision: what a first draft (or autogenerate) writes.
        write_revisions(dir / "migrations/versions",
                        {R"({"op": "add_column", "table": "accounts", "column": {"name": "flag", "type": "integer"}},
                            {"op": "sql", "sql": "UPDATE accounts SET flag = balance % 2"},
                            {"op": "alter_column", "table": "accounts", "column": "flag", "nullable": false},
                            {"op": "create_index", "table": "accounts", "name": "ix_accounts_owner", "elements": ["owner_id"]},
                            {"op": "create_foreign_key", "table": "accounts", "name": "fk_accounts_owner",
                             "columns": ["owner_id"], "ref_table": "owners", "ref_columns": ["id"]})"},
                        "");
        const Result naive = run(url, dir, rows);
        reset_table(*conn, rows);
        // The online one: the same schema, each risky step in its online form and revision.
        write_revisions(dir / "migrations/versions",
                        {R"({"op": "add_column", "table": "accounts", "column": {"name": "flag", "type": "integer"}})",
                         R"({"op": "backfill", "table": "accounts", "set": {"flag": "balance % 2"}, "key": "id",
                             "batch_size": 2000})",
                         R"({"op": "alter_column", "table": "accounts", "column": "flag", "nullable": false,
                             "existing_nullable": true, "online": true})",
                         R"({"op": "create_index", "table": "accounts", "name": "ix_accounts_owner",
                             "elements": ["owner_id"], "concurrently": true})",
                         R"({"op": "create_foreign_key", "table": "accounts", "name": "fk_accounts_owner",
                             "columns": ["owner_id"], "ref_table": "owners", "ref_columns": ["id"], "not_valid": true})",
                         R"({"op": "validate_constraint", "table": "accounts", "name": "fk_accounts_owner"})"},
                        R"("lock_timeout": "100ms", "retries": 20, )");
        const Result online = run(url, dir, rows);

        std::printf("A writer updating one random row every %lld ms on a %ld-row PostgreSQL table, while a revision runs\n",
                    static_cast<long long>(k_period.count()), rows);
        std::printf("  %-34s %8s   %8zu writes  p99 %8.1f ms           longest stall %8.1f ms\n", "no migration (baseline)",
                    "3.0 s", idle.ms.size(), idle.p99(), idle.max());
        print("naive revision", naive, idle);
        print("online revisions", online, idle);
        std::printf("  online / naive: longest stall %.3fx, p99 %.3fx (target: longest stall under 200 ms online: %s)\n",
                    online.writes.max() / std::max(naive.writes.max(), 0.001),
                    online.writes.p99() / std::max(naive.writes.p99(), 0.001),
                    online.writes.max() < 200 ? "met" : "NOT met");
    } catch (const std::exception& e) {
        std::cerr << "bench_online: " << e.what() << "\n";
        status = 1;
    }
    fs::remove_all(dir);
    admin->execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    return status;
}
