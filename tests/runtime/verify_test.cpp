// Checksums through the library, as a C++ CI step calls them: Migrator::verify() returns the
// problems as values; accept() records a file's checksum; runs refuse with a Disagreement.
#include <support/test_support.hpp>

#include <migrate/db/error.hpp>
#include <migrate/runtime/migrate.hpp>
#include <migrate/runtime/verify.hpp>

#include <catch2/catch.hpp>

#include <fstream>

using namespace migrate;

namespace {

void write_revision(const std::filesystem::path& dir, const std::string& id, const std::string& down,
                    const std::string& column_type) {
    std::ofstream(dir / ("migrations/versions/" + id + ".json"))
        << "{\"revision\": \"" << id << "\", \"down_revision\": " << down << ", \"upgrade\": [{\"op\": \"create_table\", "
        << "\"table\": \"" << id << "\", \"columns\": [{\"name\": \"id\", \"type\": \"" << column_type
        << "\"}]}], \"downgrade\": [{\"op\": \"drop_table\", \"table\": \"" << id << "\"}]}";
}

// A project with a1 <- a2 (each creating its table) on a SQLite file.
struct TwoRevisions {
    test::TempDir dir;
    Config config;
    TwoRevisions() {
        std::filesystem::create_directories(dir / "migrations/versions");
        config = Config::defaults(dir.path());
        config.url = "sqlite:///" + (dir / "app.db").string();
        write_revision(dir.path(), "a1", "null", "integer");
        write_revision(dir.path(), "a2", "\"a1\"", "integer");
    }
};

} // namespace

TEST_CASE("Migrator::verify returns modified and missing revisions as values, and accept clears them", "[sqlite]") {
    TwoRevisions project;
    const auto& dir = project.dir;
    const auto& config = project.config;
    {
        Migrator m{config};
        m.upgrade("head");
        auto clean = m.verify();
        CHECK(clean.ok());
        CHECK(clean.matched == 2);
    }
    write_revision(dir.path(), "a1", "null", "bigint"); // edited after it was applied
    Migrator m{config};
    auto result = m.verify();
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].kind == runtime::VerifyProblem::Kind::modified);
    CHECK(result.problems[0].revision == "a1");
    CHECK(result.problems[0].recorded != result.problems[0].current);
    CHECK(runtime::describe(result.problems[0]) ==
          "modified a1 " + (dir / "migrations/versions/a1.json").generic_string());
    CHECK_THROWS_AS(m.downgrade("base"), Disagreement);
    CHECK(m.current() == std::vector<std::string>{"a2"});

    auto accepted = m.accept({"a1"}, "ci@builder");
    CHECK(accepted.recorded == std::vector<std::string>{"a1"});
    auto history = m.applied_history();
    REQUIRE_FALSE(history.empty());
    CHECK(history.back().direction == "accept");
    CHECK(history.back().applied_by == "ci@builder");
    CHECK(m.verify().ok());
}

TEST_CASE("verify_applied counts revisions with no recorded checksum apart", "[sqlite]") {
    TwoRevisions project;
    Migrator m{project.config};
    m.stamp({"a2"}, false); // records a2's checksum only
    auto result = m.verify();
    CHECK(result.ok());
    CHECK(result.matched == 1);
    CHECK(result.unrecorded == 1);
}
