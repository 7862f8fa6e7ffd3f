// The revision-header cache (lib/revision/detail/header_cache.*) through ScriptDirectory::load:
// real files in a temp directory, loaded cold (every file read) and warm (from the cache).
#include <catch2/catch.hpp>

#include <migrate/base/error.hpp>
#include <migrate/revision/script_directory.hpp>
#include <support/test_support.hpp>

#include "graph_fixtures.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace migrate::revision;
using migrate::revision::test::load_error;
using migrate::test::TempDir;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) { migrate::test::write_file(path, text); }

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A file last written in an earlier second than the next load is cached by it (a file written
// in the current second is read again next time, so the tests set the clock of theirs back).
void age(const fs::path& path, std::chrono::seconds by = std::chrono::hours(1)) {
    fs::last_write_time(path, fs::file_time_type::clock::now() - by);
}

void age_all(const fs::path& versions) {
    for (const auto& entry : fs::directory_iterator(versions))
        if (entry.path().extension() == ".json") age(entry.path());
}

std::string rev_json(const std::string& id, const std::string& down, const std::string& message,
                     const std::string& extra = "") {
    return "{\n  // " + id + "\n  \"revision\": \"" + id + "\",\n  \"down_revision\": " + down + ",\n  \"message\": \"" +
           message + "\",\n" + extra +
           "  \"upgrade\": [{\"op\": \"create_table\", \"table\": \"t_" + id +
           "\", \"columns\": [{\"name\": \"id\", \"type\": \"integer\"}]}],\n"
           "  \"downgrade\": [{\"op\": \"drop_table\", \"table\": \"t_" + id + "\"}]\n}\n";
}

// A small graph with every header field: a branch with a label, a merge point, a dependency,
// and a message that needs escaping in the cache.
fs::path write_project(const TempDir& tmp) {
    const fs::path versions = tmp / "versions";
    write(versions / "a_base.json", rev_json("aaa", "null", "base", "  \"create_date\": \"2026-11-24T02:30:00Z\",\n"));
    write(versions / "b_left.json", rev_json("bbb", "\"aaa\"", "tab\\there\\nnew line \\\\ back\\\\slash"));
    write(versions / "c_right.json",
          rev_json("ccc", "\"aaa\"", "right", "  \"branch_labels\": [\"right_side\", \"other\"],\n"));
    write(versions / "d_merge.json", rev_json("ddd", "[\"bbb\", \"ccc\"]", "merge", "  \"depends_on\": [\"right_side\"],\n"));
    write(versions / "README.md", "not a revision");
    age_all(versions);
    return versions;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += item + ",";
    return out;
}

// Every header field of every revision, and the heads: two loads that agree here print the same.
std::string describe(const RevisionGraph& graph) {
    std::string out;
    for (const auto& rev : graph.revisions()) {
        out += rev.path.generic_string() + " | " + rev.id + " | " + joined(rev.down_revisions) + " | " +
               joined(rev.branch_labels) + " | " + joined(rev.depends_on) + " | " + rev.message + " | " +
               rev.create_date + " | " + rev.sha256 + "\n";
    }
    return out + "heads: " + joined(graph.heads()) + "\n";
}

std::vector<std::string> leftover_temp_files(const fs::path& versions) {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(versions)) {
        auto name = entry.path().filename().string();
        if (name.rfind(std::string(k_header_cache_file) + ".", 0) == 0) out.push_back(name);
    }
    return out;
}

} // namespace

TEST_CASE("loading caches the headers of every revision file written before the current second") {
    TempDir tmp;
    const fs::path versions = write_project(tmp);
    write(versions / "e_fresh.json", rev_json("eee", "\"ddd\"", "fresh")); // written this second
    ScriptDirectory::load(tmp.path());
    REQUIRE(fs::is_regular_file(versions / k_header_cache_file));
    std::string cache = read(versions / k_header_cache_file);
    for (auto name : {"a_base.json", "b_left.json", "c_right.json", "d_merge.json"}) CHECK_THAT(cache, Contains(name));
    CHECK_THAT(cache, !Contains("e_fresh.json") && !Contains("README"));
    CHECK(leftover_temp_files(versions).empty());

    age(versions / "e_fresh.json"); // a later load caches it
    ScriptDirectory::load(tmp.path());
    CHECK_THAT(read(versions / k_header_cache_file), Contains("e_fresh.json"));
}

TEST_CASE("a warm load gives the same graph as a cold one, from the cache alone") {
    TempDir tmp;
    const fs::path versions = write_project(tmp);
    const std::string cold = describe(ScriptDirectory::load(tmp.path()).graph());
    CHECK_THAT(cold, Contains("tab\there\nnew line \\ back\\slash"));
    CHECK(describe(ScriptDirectory::load(tmp.path()).graph()) == cold);
    CHECK(describe(ScriptDirectory::load(tmp.path()).graph()) == cold);

    // The headers come from the cache, not the files: a message changed there shows.
    std::string cache = read(versions / k_header_cache_file);
    auto at = cache.find("\tright\t");
    REQUIRE(at != std::string::npos);
    write(versions / k_header_cache_file, cache.replace(at, 7, "\tfrom the cache\t"));
    CHECK(ScriptDirectory::load(tmp.path()).graph().find("ccc")->message == "from the cache");
}

TEST_CASE("a file edited after it was cached is read again, even at the same size") {
    TempDir tmp;
    const fs::path versions = write_project(tmp);
    const fs::path file = versions / "c_right.json";
    ScriptDirectory::load(tmp.path());
    const auto mtime = fs::last_write_time(file);
    const auto size = fs::file_size(file);
    std::string text = read(file);
    text.replace(text.find("\"right\""), 7, "\"RIGHT\"");
    write(file, text);
    REQUIRE(fs::file_size(file) == size);

    SECTION("with its mtime moved forward") {
        fs::last_write_time(file, mtime + std::chrono::seconds(1));
    }
    SECTION("with its mtime set back to what it was (the ctime still moves)") {
        fs::last_write_time(file, mtime);
    }
    auto scripts = ScriptDirectory::load(tmp.path());
    CHECK(scripts.graph().find("ccc")->message == "RIGHT");
    CHECK(upgrade_ops(*scripts.graph().find("ccc")).size() == 1);
    CHECK(ScriptDirectory::load(tmp.path()).graph().find("ccc")->message == "RIGHT"); // and cached again
}

TEST_CASE("files added to and removed from the versions directory are picked up") {
    TempDir tmp;
    const fs::path versions = write_project(tmp);
    CHECK(ScriptDirectory::load(tmp.path()).graph().heads() == std::vector<std::string>{"ddd"});

    fs::remove(versions / "d_merge.json");
    write(versions / "e_next.json", rev_json("eee", "\"bbb\"", "next"));
    age(versions / "e_next.json");
    auto scripts = ScriptDirectory::load(tmp.path());
    CHECK(scripts.graph().find("ddd") == nullptr);
    CHECK(scripts.graph().heads() == std::vector<std::string>{"ccc", "eee"});
    std::string cache = read(versions / k_header_cache_file);
    CHECK_THAT(cache, Contains("e_next.json") && !Contains("d_merge.json"));
    CHECK(describe(ScriptDirectory::load(tmp.path()).graph()) == describe(scripts.graph()));
}

TEST_CASE("a corrupt, cut-short or foreign cache is ignored and rebuilt") {
    TempDir tmp;
    const fs::path versions = write_project(tmp);
    const std::string cold = describe(ScriptDirectory::load(tmp.path()).graph());
    const std::string good = read(versions / k_header_cache_file);
    const auto first_line = good.find('\n') + 1;

    SECTION("garbage") { write(versions / k_header_cache_file, "\x01\x02 not a cache\n\t\t\\q"); }
    SECTION("cut short") { write(versions / k_header_cache_file, good.substr(0, good.size() / 2)); }
    SECTION("without its end line") { write(versions / k_header_cache_file, good.substr(0, good.rfind("end\t"))); }
    SECTION("another format") {
        write(versions / k_header_cache_file, "migrate-revision-cache\t999\t0.0.0\n" + good.substr(first_line));
    }
    SECTION("a bad escape") {
        std::string bad = good;
        bad.replace(bad.find("\\t"), 2, "\\q");
        write(versions / k_header_cache_file, bad);
    }
    SECTION("a field too few") {
        std::string bad = good;
        bad.erase(bad.find("\tbase\t"), 5);
        write(versions / k_header_cache_file, bad);
    }
    SECTION("entries out of order") {
        std::string second_entry = good.substr(first_line, good.find('\n', first_line) + 1 - first_line);
        std::string bad = good;
        bad.erase(first_line, second_entry.size());
        bad.insert(bad.rfind("end\t"), second_entry);
        write(versions / k_header_cache_file, bad);
    }
    SECTION("empty") { write(versions / k_header_cache_file, ""); }

    CHECK(describe(ScriptDirectory::load(tmp.path()).graph()) == cold);
    CHECK(read(versions / k_header_cache_file) == good);
}

TEST_CASE("a versions directory where the cache cannot be written loads as without one") {
    TempDir tmp;
    const fs::path versions = write_project(tmp);
    std::string cold;
    SECTION("a directory in the cache's place") {
        fs::create_directory(versions / k_header_cache_file);
        cold = describe(ScriptDirectory::load(tmp.path()).graph());
        CHECK(fs::is_directory(versions / k_header_cache_file));
    }
    SECTION("a read-only directory") {
        fs::permissions(versions, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                        fs::perm_options::remove);
        cold = describe(ScriptDirectory::load(tmp.path()).graph());
        // root writes anyway; anyone else gets no cache.
        if (::geteuid() != 0) CHECK_FALSE(fs::exists(versions / k_header_cache_file));
        fs::permissions(versions, fs::perms::owner_write, fs::perm_options::add);
    }
    CHECK_THAT(cold, Contains("d_merge.json | ddd | bbb,ccc, |  | right_side, | merge"));
    CHECK(describe(ScriptDirectory::load(tmp.path()).graph()) == cold);
    CHECK(leftover_temp_files(versions).empty());
}

TEST_CASE("an invalid revision file is reported on every load while the other files are cached") {
    TempDir tmp;
    const fs::path versions = write_project(tmp);
    write(versions / "c_right.json", "{\n  \"revision\": \"ccc\",\n  \"upgrade\": [],\n  \"downgrade\": []\n}\n");
    age(versions / "c_right.json");
    const std::string expected = (versions / "c_right.json").generic_string() + ": down_revision: missing field";
    CHECK_THAT(load_error(tmp.path()), Contains(expected));
    std::string cache = read(versions / k_header_cache_file);
    CHECK_THAT(cache, Contains("a_base.json") && Contains("d_merge.json") && !Contains("c_right.json"));
    CHECK_THAT(load_error(tmp.path()), Contains(expected));
    CHECK(read(versions / k_header_cache_file) == cache);

    write(versions / "c_right.json", rev_json("ccc", "\"aaa\"", "right", "  \"branch_labels\": [\"right_side\"],\n"));
    CHECK(ScriptDirectory::load(tmp.path()).graph().heads() == std::vector<std::string>{"ddd"});
}

TEST_CASE("graph errors between cached files are reported as from the files") {
    TempDir tmp;
    const fs::path versions = write_project(tmp);
    write(versions / "e_dup.json", rev_json("bbb", "\"aaa\"", "duplicate"));
    age(versions / "e_dup.json");
    const std::string cold = load_error(tmp.path());
    CHECK_THAT(cold, Contains("e_dup.json: revision: duplicate revision id \"bbb\"") && Contains("b_left.json"));
    CHECK_THAT(read(versions / k_header_cache_file), Contains("e_dup.json"));
    CHECK(load_error(tmp.path()) == cold);
}

TEST_CASE("the ops of a cached revision are read from its file when asked for") {
    TempDir tmp;
    const fs::path versions = write_project(tmp);
    auto cold = ScriptDirectory::load(tmp.path());
    auto warm = ScriptDirectory::load(tmp.path());
    const Revision& rev = *warm.graph().find("bbb");
    CHECK(rev.ops.upgrade() == cold.graph().find("bbb")->ops.upgrade());
    CHECK(rev.ops.downgrade() == cold.graph().find("bbb")->ops.downgrade());
    REQUIRE(upgrade_ops(rev).size() == 1);
    CHECK(downgrade_ops(rev).size() == 1);
    CHECK_NOTHROW(warm.validate_all());
    Revision copy = rev; // copies share what was read
    CHECK(&copy.ops.upgrade() == &rev.ops.upgrade());

    // A file changed under a loaded directory: its ops are no longer those of the loaded
    // revision (whose checksum the runtime records), so asking for them is an error.
    auto again = ScriptDirectory::load(tmp.path());
    write(versions / "c_right.json", rev_json("ccc", "\"aaa\"", "right", "  \"branch_labels\": [\"changed\"],\n"));
    CHECK_THROWS_WITH(upgrade_ops(*again.graph().find("ccc")),
                      Contains((versions / "c_right.json").generic_string() + ": changed while migrate was running"));
    fs::remove(versions / "a_base.json");
    CHECK_THROWS_WITH(downgrade_ops(*again.graph().find("aaa")), Contains("a_base.json: cannot be read"));
}
