// The revision-header cache seen from the binary: commands print the same from a warm cache as
// from the files, and `init` keeps the cache out of version control.
#include <catch2/catch.hpp>

#include "cli_fixture.hpp"

#include <migrate/revision/script_directory.hpp>

#include <algorithm>
#include <chrono>

using namespace migrate::test;
namespace fs = std::filesystem;

namespace {

// Revision files written in an earlier second than a load are cached by it.
void age_revisions(const Project& project) {
    for (const auto& entry : fs::directory_iterator(project.path() / "migrations/versions"))
        fs::last_write_time(entry.path(), fs::file_time_type::clock::now() - std::chrono::hours(1));
}

} // namespace

TEST_CASE("heads, history and current print the same from a warm header cache", "[cli][sqlite]") {
    Project project;
    project.chain(30);
    project.add({"b1", {"r10"}, "[]", "[]", {"side"}, {}, "a branch\\twith a tab"});
    age_revisions(project);
    const fs::path cache = project.path() / "migrations/versions" / migrate::revision::k_header_cache_file;
    REQUIRE(project.run("upgrade r20").exit_code == 0);
    REQUIRE(fs::exists(cache));

    for (std::string command : {"heads", "history", "history --verbose", "current", "branches"}) {
        fs::remove(cache);
        auto cold = project.run(command); // reads every file, writes the cache
        REQUIRE(fs::exists(cache));
        auto warm = project.run(command);
        INFO(command << "\n" << cold.out << cold.err);
        CHECK(cold.exit_code == 0);
        CHECK(warm.exit_code == 0);
        CHECK(warm.out == cold.out);
        CHECK(warm.err == cold.err);
    }
    auto heads = project.run("heads").out;
    CHECK(std::count(heads.begin(), heads.end(), '\n') == 2);
    CHECK(heads.find("r10 -> b1") != std::string::npos);
    CHECK(heads.find("a branch\twith a tab") != std::string::npos);
    CHECK(heads.find("r29 -> r30") != std::string::npos);

    // Ops of cached revisions are read from their files when a command runs them.
    auto up = project.run("upgrade heads");
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    CHECK(project.has_table("t30"));
    CHECK(project.versions() == std::vector<std::string>{"b1", "r30"});
}

TEST_CASE("an invalid revision file is reported by every run, cache or not", "[cli][sqlite]") {
    Project project;
    project.chain(5);
    project.write("migrations/versions/r6.json", "{\"revision\": \"r6\", \"upgrade\": [], \"downgrade\": []}\n");
    age_revisions(project);
    for (int run = 0; run < 2; ++run) {
        auto r = project.run("heads");
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("r6.json: down_revision: missing field") != std::string::npos);
    }
}

TEST_CASE("init writes a .gitignore that keeps the header cache out of version control", "[cli]") {
    TempDir dir;
    REQUIRE(run_migrate("init proj", dir.path()).exit_code == 0);
    std::ifstream in(dir / "proj/migrations/versions/.gitignore");
    std::string text{std::istreambuf_iterator<char>(in), {}};
    CHECK(text.find(std::string(migrate::revision::k_header_cache_file) + "*") != std::string::npos);
}
