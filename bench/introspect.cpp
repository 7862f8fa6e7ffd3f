// Introspection cost against the catalog-reading reference of each database, in one run:
// reflect() vs `pg_dump --schema-only` (PostgreSQL) and `sqlite3 DB .schema` (SQLite), for
// 10 .. 5,000 tables of 5 columns, an index and a foreign key each. Also the number of catalog
// statements, which must not grow with the table count.
//
//   bench_introspect [--sizes 10,100,1000,5000] [--runs 3]
//   PostgreSQL part runs when MIGRATE_BENCH_PG_URL or MIGRATE_TEST_PG_URL is set.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include <migrate/db/connection.hpp>
#include <migrate/dialect/reflect.hpp>

using namespace migrate;
using Clock = std::chrono::steady_clock;

namespace {

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Best of `runs` wall-clock timings, in milliseconds.
double best_ms(int runs, const std::function<void()>& fn) {
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        auto t0 = Clock::now();
        fn();
        best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    return best;
}

void run_shell(const std::string& command) {
    if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + db::mask_password(command));
}

// N tables t0..t{N-1}: 5 columns, a secondary index, a FK to the previous table.
std::string schema_script(int tables) {
    std::string sql;
    for (int i = 0; i < tables; ++i) {
        auto n = std::to_string(i), prev = std::to_string(i == 0 ? 0 : i - 1);
        sql += "CREATE TABLE t" + n + " (id integer PRIMARY KEY, name varchar(100) NOT NULL, price numeric(10,2) DEFAULT 0, "
               "created_at timestamp DEFAULT CURRENT_TIMESTAMP, parent_id integer REFERENCES t" + prev + " (id));\n"
               "CREATE INDEX ix_t" + n + "_name ON t" + n + " (name);\n";
    }
    return sql;
}

struct Result {
    std::string dialect;
    int tables = 0;
    double reflect_ms = 0;
    std::size_t queries = 0;
    std::size_t reflected_tables = 0;
    double reference_ms = 0;
};

Result measure(db::Connection& conn, const std::string& dialect, int tables, int runs, const std::string& reference_cmd) {
    Result r{dialect, tables};
    r.reflect_ms = best_ms(runs, [&] {
        conn.reset_counters();
        auto md = dialect::reflect(conn);
        r.queries = conn.statements_executed();
        r.reflected_tables = md.tables.size();
    });
    r.reference_ms = best_ms(runs, [&] { run_shell(reference_cmd + " > /dev/null"); });
    if (r.reflected_tables != static_cast<std::size_t>(tables))
        throw std::runtime_error("reflected " + std::to_string(r.reflected_tables) + " tables of " + std::to_string(tables));
    return r;
}

Result bench_sqlite(int tables, int runs) {
    auto path = std::filesystem::temp_directory_path() / ("migrate-bench-" + std::to_string(::getpid()) + "-" +
                                                          std::to_string(tables) + ".db");
    std::filesystem::remove(path);
    Result r;
    {
        auto conn = db::connect("sqlite:///" + path.string());
        conn->execute_script("BEGIN;\n" + schema_script(tables) + "COMMIT;");
        r = measure(*conn, "sqlite", tables, runs, "sqlite3 " + shell_quote(path.string()) + " .schema");
    }
    std::filesystem::remove(path);
    return r;
}

std::string with_database(const std::string& url, const std::string& name) {
    auto authority = url.find("://") + 3;
    auto query = url.find('?', authority);
    auto path = url.find('/', authority);
    if (path == std::string::npos || (query != std::string::npos && path > query)) path = query;
    return url.substr(0, path == std::string::npos ? url.size() : path) + "/" + name +
           (query == std::string::npos ? "" : url.substr(query));
}

Result bench_postgresql(const std::string& server, int tables, int runs) {
    std::string name = "migrate_bench_" + std::to_string(::getpid()) + "_" + std::to_string(tables);
    auto admin = db::connect(server);
    admin->execute_script("DROP DATABASE IF EXISTS " + name);
    admin->execute_script("CREATE DATABASE " + name);
    Result r;
    try {
        auto url = with_database(server, name);
        {
            auto conn = db::connect(url);
            conn->execute_script("BEGIN;\n" + schema_script(tables) + "COMMIT;");
            conn->execute_script("ANALYZE");
            r = measure(*conn, "postgresql", tables, runs, "pg_dump --schema-only --dbname=" + shell_quote(url));
        }
    } catch (...) {
        admin->execute_script("DROP DATABASE IF EXISTS " + name);
        throw;
    }
    admin->execute_script("DROP DATABASE IF EXISTS " + name);
    return r;
}

std::vector<int> parse_sizes(const std::string& s) {
    std::vector<int> out;
    std::size_t i = 0;
    while (i < s.size()) {
        auto j = s.find(',', i);
        out.push_back(std::stoi(s.substr(i, j - i)));
        i = j == std::string::npos ? s.size() : j + 1;
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<int> sizes{10, 100, 1000, 5000};
    int runs = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--sizes") sizes = parse_sizes(argv[i + 1]);
        else if (a == "--runs") runs = std::stoi(argv[i + 1]);
    }
    const char* pg = std::getenv("MIGRATE_BENCH_PG_URL");
    if (!pg || !*pg) pg = std::getenv("MIGRATE_TEST_PG_URL");

    std::vector<Result> results;
    try {
        for (int n : sizes) {
            results.push_back(bench_sqlite(n, runs));
            std::cerr << "sqlite " << n << " done\n";
        }
        if (pg && *pg) {
            for (int n : sizes) {
                results.push_back(bench_postgresql(pg, n, runs));
                std::cerr << "postgresql " << n << " done\n";
            }
        } else {
            std::cerr << "PostgreSQL skipped: set MIGRATE_BENCH_PG_URL or MIGRATE_TEST_PG_URL\n";
        }
    } catch (const std::exception& e) {
        std::cerr << "bench_introspect: " << db::mask_password(e.what()) << "\n";
        return 1;
    }

    std::printf("| dialect | tables | reflect() ms | catalog queries | reference | reference ms | reflect / reference |\n");
    std::printf("|---|---:|---:|---:|---|---:|---:|\n");
    for (const auto& r : results)
        std::printf("| %s | %d | %.1f | %zu | %s | %.1f | %.2fx |\n", r.dialect.c_str(), r.tables, r.reflect_ms, r.queries,
                    r.dialect == "sqlite" ? "`sqlite3 .schema`" : "`pg_dump --schema-only`", r.reference_ms,
                    r.reflect_ms / r.reference_ms);
    std::printf("\nbest of %d runs each; reflection reads into the full MetaData model.\n", runs);
    return 0;
}
