// bench/autogen: a no-op autogenerate (live database vs the same schema as a C++ model) on
// PostgreSQL with 300 and 3,000 tables (5 columns, an index and a FK each): time and catalog
// queries, beside `pg_dump --schema-only` of the same database timed in the same run.
// Usage: bench_autogen [postgresql://server-url]   (default: MIGRATE_TEST_PG_URL)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <migrate/autogen/autogenerate.hpp>
#include <migrate/autogen/scratch_database.hpp>
#include <migrate/db/connection.hpp>
#include <migrate/dialect/reflect.hpp>

using namespace migrate;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::string schema_sql(int tables) {
    std::string sql;
    for (int i = 0; i < tables; ++i) {
        std::string t = "t" + std::to_string(i);
        sql += "CREATE TABLE " + t + " (id integer PRIMARY KEY, parent_id integer" +
               (i > 0 ? " REFERENCES t" + std::to_string(i - 1) + "(id)" : std::string()) +
               ", name varchar(100) NOT NULL, n integer DEFAULT 0, created timestamptz DEFAULT now());\n"
               "CREATE INDEX ix_" + t + "_name ON " + t + " (name);\n";
    }
    return sql;
}

double time_pg_dump(const std::string& url) {
    auto t0 = Clock::now();
    std::string cmd = "pg_dump --schema-only --no-owner -d '" + url + "' > /dev/null";
    if (std::system(cmd.c_str()) != 0) return -1;
    return ms_since(t0);
}

} // namespace

int main(int argc, char** argv) {
    const char* env = std::getenv("MIGRATE_TEST_PG_URL");
    std::string server = argc > 1 ? argv[1] : env ? env : "";
    if (server.empty()) {
        std::cerr << "usage: bench_autogen postgresql://server (or set MIGRATE_TEST_PG_URL)\n";
        return 2;
    }
    std::printf("%8s %16s %10s %14s %8s\n", "tables", "autogenerate ms", "queries", "pg_dump -s ms", "ratio");
    for (int n : {300, 3000}) {
        autogen::ScratchDatabase database(server); // the benchmark's own database, always dropped
        auto conn = db::connect(database.url());
        conn->execute_script(schema_sql(n));
        auto target = dialect::reflect(*conn); // the same schema as a model: a no-op diff
        conn->reset_counters();
        auto t0 = Clock::now();
        auto diff = autogen::autogenerate(*conn, target);
        double autogen_ms = ms_since(t0);
        auto queries = conn->statements_executed();
        if (!diff.empty()) {
            std::cerr << "unexpected differences: " << diff.upgrade.size() << " ops\n";
            return 1;
        }
        double dump_ms = time_pg_dump(database.url());
        std::printf("%8d %16.1f %10zu %14.1f %7.2fx\n", n, autogen_ms, queries, dump_ms,
                    dump_ms > 0 ? autogen_ms / dump_ms : 0.0);
        conn.reset();
    }
    return 0;
}
