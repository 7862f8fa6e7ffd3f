// What `migrate heads`, `current` and `history` cost on a long chain: loading a script directory
// of N revisions (default 10,000, each a 5-column table with an index and a FK to the previous
// one), then heads, planning from the current revision, and listing the history, against a
// baseline measured in the same run: listing the directory and reading every file raw, one read
// each. Loads are timed cold (no header cache: every file read and parsed, the cache written) and
// warm (the cache unchanged since the last load). With --cli PATH, also the real binary (`heads`,
// `current`, `history`), cold and warm, best of --runs.
//
//   bench_revision_load [--revisions 10000] [--runs 5] [--cli build/bin/migrate] [--keep DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <migrate/revision/migration_plan.hpp>
#include <migrate/revision/script_directory.hpp>

using namespace migrate;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Timing {
    double wall_ms = 1e300; // best run
    double cpu_ms = 1e300;  // user + system of the best-CPU run
};

double cpu_now_ms() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

// Best of `runs`: on a shared machine the minimum is the least disturbed measurement.
Timing best_of(int runs, const std::function<void()>& fn) {
    Timing best;
    for (int i = 0; i < runs; ++i) {
        double cpu0 = cpu_now_ms();
        auto t0 = Clock::now();
        fn();
        best.wall_ms = std::min(best.wall_ms, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        best.cpu_ms = std::min(best.cpu_ms, cpu_now_ms() - cpu0);
    }
    return best;
}

std::string hex_id(int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%012x", static_cast<unsigned>(i) * 2654435761u);
    return buf;
}

// A revision as a user writes it: a comment, a table with five columns, an index, a FK.
std::string revision_text(int i) {
    const std::string n = std::to_string(i), id = hex_id(i);
    const std::string down = i == 0 ? "null" : "\"" + hex_id(i - 1) + "\"";
    std::string fk;
    if (i > 0) {
        fk = ",\n      \"foreign_keys\": [\n        {\"name\": \"fk_t" + n + "_parent\", \"columns\": [\"parent_id\"], "
             "\"ref_table\": \"t" + std::to_string(i - 1) + "\", \"ref_columns\": [\"id\"]}\n      ]";
    }
    return "// Table t" + n + ".\n{\n  \"revision\": \"" + id + "\",\n  \"down_revision\": " + down +
           ",\n  \"message\": \"create t" + n + "\",\n  \"create_date\": \"2026-11-25T01:05:00Z\",\n"
           "  \"upgrade\": [\n    {\n      \"op\": \"create_table\",\n      \"table\": \"t" + n + "\",\n"
           "      \"columns\": [\n"
           "        {\"name\": \"id\", \"type\": \"integer\", \"nullable\": false, \"autoincrement\": true},\n"
           "        {\"name\": \"name\", \"type\": \"varchar(100)\", \"nullable\": false},\n"
           "        {\"name\": \"price\", \"type\": \"numeric(10,2)\", \"server_default\": \"0\"},\n"
           "        {\"name\": \"created_at\", \"type\": \"timestamp\"},\n"
           "        {\"name\": \"parent_id\", \"type\": \"integer\"}\n      ],\n"
           "      \"primary_key\": {\"columns\": [\"id\"]}" + fk + ",\n"
           "      \"indexes\": [{\"name\": \"ix_t" + n + "_name\", \"elements\": [\"name\"]}]\n    }\n  ],\n"
           "  \"downgrade\": [{\"op\": \"drop_table\", \"table\": \"t" + n + "\"}]\n}\n";
}

void generate(const fs::path& dir, int count) {
    fs::create_directories(dir / "migrations/versions");
    for (int i = 0; i < count; ++i) {
        std::ofstream(dir / "migrations/versions" / (hex_id(i) + "_create_t" + std::to_string(i) + ".json"))
            << revision_text(i);
    }
    std::ofstream(dir / "migrate.toml") << "url = \"sqlite:///bench.db\"\nscript_location = \"migrations\"\n";
}

// The floor: list the directory and read each file with open/fstat/read/close.
std::size_t read_raw(const fs::path& versions) {
    std::vector<std::string> names;
    DIR* d = opendir(versions.c_str());
    if (!d) throw std::runtime_error("cannot list " + versions.string());
    while (dirent* e = readdir(d)) {
        std::string name = e->d_name;
        if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) names.push_back(std::move(name));
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    std::size_t bytes = 0;
    std::string buf;
    for (const auto& name : names) {
        int fd = open((versions / name).c_str(), O_RDONLY | O_CLOEXEC);
        struct stat st {};
        fstat(fd, &st);
        buf.resize(static_cast<std::size_t>(st.st_size));
        bytes += static_cast<std::size_t>(read(fd, buf.data(), buf.size()));
        close(fd);
    }
    return bytes;
}

// What `history` prints per revision, built in memory.
std::size_t history_listing(const revision::RevisionGraph& g) {
    std::size_t chars = 0;
    const auto& order = g.topological_order();
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const auto& rev = g.at(*it);
        std::string line;
        for (const auto& p : rev.down_revisions) line += (line.empty() ? "" : ", ") + p;
        line = (line.empty() ? "<base>" : line) + " -> " + rev.id + (g.is_head(*it) ? " (head)" : "") + ", " + rev.message;
        chars += line.size();
    }
    return chars;
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

void print_row(const std::string& what, const Timing& t, const Timing& baseline) {
    std::printf("  %-40s %9.1f ms wall %9.1f ms cpu   %5.2fx baseline (wall)\n", what.c_str(), t.wall_ms, t.cpu_ms,
                t.wall_ms / baseline.wall_ms);
}

} // namespace

int main(int argc, char** argv) {
    int count = 10000, runs = 5;
    std::string cli, keep;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--revisions") count = std::stoi(next());
        else if (a == "--runs") runs = std::stoi(next());
        else if (a == "--cli") cli = fs::absolute(next()).string();
        else if (a == "--keep") keep = next();
        else {
            std::cerr << "usage: bench_revision_load [--revisions N] [--runs R] [--cli PATH] [--keep DIR]\n";
            return 2;
        }
    }
    fs::path dir = keep.empty() ? fs::temp_directory_path() / ("migrate_bench_revisions_" + std::to_string(getpid()))
                                : fs::path(keep);
    generate(dir, count);
    // Files written in the current second are not cached (a later write in the same second could
    // leave the same stamp): wait, as any real directory has, so that warm means warm.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    const fs::path versions = dir / "migrations/versions";
    std::printf("revision_load: %d revisions in %s, best of %d\n", count, dir.c_str(), runs);

    std::size_t bytes = 0;
    Timing raw = best_of(runs, [&] { bytes = read_raw(versions); });
    std::printf("  %-40s %9.1f ms wall %9.1f ms cpu   (%zu bytes)\n", "baseline: list + raw read", raw.wall_ms, raw.cpu_ms,
                bytes);

    const std::string head = hex_id(count - 1), middle = hex_id(count / 2);
    const fs::path migrations = dir / "migrations", cache = versions / revision::k_header_cache_file;
    auto cold = [&] { fs::remove(cache); };
    std::size_t sink = 0;
    auto heads = [&] { sink += revision::ScriptDirectory::load(migrations).graph().heads().size(); };
    auto current = [&] {
        auto s = revision::ScriptDirectory::load(migrations);
        sink += s.graph().is_head(*s.graph().index_of(head));
        sink += revision::plan_upgrade(s.graph(), {middle}, "heads").steps.size();
    };
    auto history = [&] { sink += history_listing(revision::ScriptDirectory::load(migrations).graph()); };

    Timing load_cold = best_of(runs, [&] {
        cold();
        sink += revision::ScriptDirectory::load(migrations).graph().size();
    });
    print_row("load, cold (writes the cache)", load_cold, raw);
    Timing heads_cold = best_of(runs, [&] {
        cold();
        heads();
    });
    print_row("load + heads, cold", heads_cold, raw);

    Timing load_warm = best_of(runs, [&] { sink += revision::ScriptDirectory::load(migrations).graph().size(); });
    print_row("load, warm (from the cache)", load_warm, raw);
    print_row("load + heads, warm", best_of(runs, heads), raw);
    print_row("load + current + plan from middle, warm", best_of(runs, current), raw);
    print_row("load + history listing, warm", best_of(runs, history), raw);

    // Every op parsed: from the JSON a cold load keeps in memory (parsed again each run), and from
    // a fresh warm load each run (every file read for its ops; once read, they stay with it).
    cold();
    auto scripts = revision::ScriptDirectory::load(migrations);
    print_row("validate_all after a cold load", best_of(runs, [&] { scripts.validate_all(); }), raw);
    Timing validate_warm = best_of(runs, [&] { revision::ScriptDirectory::load(migrations).validate_all(); });
    print_row("warm load + validate_all (reads all)", validate_warm, raw);
    Timing plan_all = best_of(runs, [&] { sink += revision::plan_upgrade(scripts.graph(), {}, "heads").steps.size(); });
    print_row("plan base -> head (in memory)", plan_all, raw);

    if (!cli.empty()) {
        auto in_dir = "cd " + shell_quote(dir.string()) + " && " + shell_quote(cli) + " ";
        if (std::system((in_dir + "-q stamp head >/dev/null").c_str()) != 0) {
            std::cerr << "migrate stamp head failed\n";
            return 1;
        }
        Timing empty = best_of(runs, [&] { std::system((in_dir + "--version >/dev/null").c_str()); });
        std::printf("  %-40s %9.1f ms wall\n", "migrate --version (process floor)", empty.wall_ms);
        for (bool warm : {false, true}) {
            for (std::string command : {"heads", "current", "history"}) {
                Timing t = best_of(runs, [&] {
                    if (!warm) cold();
                    if (std::system((in_dir + command + " >/dev/null").c_str()) != 0)
                        throw std::runtime_error(command + " failed");
                });
                std::printf("  %-40s %9.1f ms wall   %5.2fx baseline (wall)\n",
                            ("migrate " + command + (warm ? ", warm" : ", cold")).c_str(), t.wall_ms,
                            t.wall_ms / raw.wall_ms);
            }
        }
    }
    if (keep.empty()) fs::remove_all(dir);
    return sink == 0 ? 1 : 0;
}
