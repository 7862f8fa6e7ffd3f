// bench/recreate: one alter_column (nullability) on a 1,000,000-row SQLite table with two
// indexes, through the migrate library (Migrator::upgrade, i.e. what `migrate upgrade` runs)
// vs the hand-written 12-step recreate SQL through the `sqlite3` shell, in the same run.
// Usage: bench_recreate [rows]   (default 1000000)
#include <migrate/runtime/migrate.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void run_shell(const std::string& command) {
    if (std::system(command.c_str()) != 0) {
        std::cerr << "failed: " << command << "\n";
        std::exit(1);
    }
}

} // namespace

int main(int argc, char** argv) {
    const long rows = argc > 1 ? std::atol(argv[1]) : 1'000'000;
    fs::path dir = fs::temp_directory_path() / ("migrate-bench-recreate-" + std::to_string(::getpid()));
    fs::create_directories(dir / "migrations/versions");

    // The table: 1M rows, two indexes, no NULL in the column made NOT NULL.
    std::ofstream(dir / "seed.sql")
        << "CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT, at INTEGER, payload TEXT);\n"
           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " << rows << ")\n"
           "INSERT INTO events SELECT i, 'kind' || (i % 17), i * 7 % 100003, hex(randomblob(16)) FROM n;\n"
           "CREATE INDEX ix_events_kind ON events (kind);\nCREATE INDEX ix_events_at ON events (at);\n";
    run_shell("cd " + dir.string() + " && sqlite3 seed.db < seed.sql");
    fs::copy_file(dir / "seed.db", dir / "raw.db");
    fs::copy_file(dir / "seed.db", dir / "lib.db");

    // Hand-written: SQLite's documented procedure, as a careful person would type it.
    std::ofstream(dir / "raw.sql")
        << "PRAGMA foreign_keys = OFF;\nBEGIN;\n"
           "CREATE TABLE events_new (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, at INTEGER, payload TEXT);\n"
           "INSERT INTO events_new (id, kind, at, payload) SELECT id, kind, at, payload FROM events;\n"
           "DROP TABLE events;\nALTER TABLE events_new RENAME TO events;\n"
           "CREATE INDEX ix_events_kind ON events (kind);\nCREATE INDEX ix_events_at ON events (at);\n"
           "PRAGMA foreign_key_check;\nCOMMIT;\nPRAGMA foreign_keys = ON;\n";
    auto t0 = std::chrono::steady_clock::now();
    run_shell("cd " + dir.string() + " && sqlite3 -bail raw.db < raw.sql");
    const double raw = seconds_since(t0);

    std::ofstream(dir / "migrations/versions/r1.json")
        << R"({"revision": "r1", "down_revision": null, "message": "kind not null",
               "upgrade": [{"op": "alter_column", "table": "events", "column": "kind", "nullable": false}],
               "downgrade": [{"op": "alter_column", "table": "events", "column": "kind", "nullable": true}]})";
    auto config = migrate::Config::defaults(dir);
    config.url = "sqlite:///" + (dir / "lib.db").string();
    migrate::Migrator migrator{config};
    t0 = std::chrono::steady_clock::now();
    migrator.upgrade("head");
    const double lib = seconds_since(t0);

    std::printf("SQLite table recreation, %ld rows, 2 indexes, alter_column nullable=false\n", rows);
    std::printf("  %-36s %8.3f s\n", "hand-written SQL via sqlite3", raw);
    std::printf("  %-36s %8.3f s\n", "migrate library (Migrator::upgrade)", lib);
    std::printf("  ratio migrate / raw: %.2fx (target <= 1.30x)\n", lib / raw);
    fs::remove_all(dir);
    return 0;
}
