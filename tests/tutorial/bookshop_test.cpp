// The bookshop tutorial program runs end to end on SQLite and PostgreSQL; its output tells the story.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include <support/test_support.hpp>

namespace {

// bookshop is built beside the migrate binary (both in build/bin); run in a temp directory, it
// is given the source tree's migrations/.
std::string bookshop() {
    return migrate::test::shell_quote((std::filesystem::path(MIGRATE_BINARY).parent_path() / "bookshop").string()) +
           " --migrations " + migrate::test::shell_quote(std::string(MIGRATE_SOURCE_DIR) + "/migrations");
}

// The number printed before `word` on the line that starts with `label`.
long number_on(const std::string& out, const std::string& label) {
    std::regex re(label + R"(\s+(\d+) queries)");
    std::smatch m;
    if (!std::regex_search(out, m, re)) return -1;
    return std::stol(m[1]);
}

void check_story(const migrate::test::CommandResult& r) {
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    for (int step = 1; step <= 7; ++step) CHECK(r.out.find("== Step " + std::to_string(step) + ":") != std::string::npos);
    CHECK(r.out.find("current revision: 5e6f7a8b9c05") != std::string::npos);
    CHECK(r.out.find("get<Author>") != std::string::npos);
    CHECK(r.out.find("is the object already loaded: yes") != std::string::npos);
    CHECK(r.out.find("The Hobbit now costs 9.50") != std::string::npos);
    CHECK(r.out.find("'Kindred' was written by Octavia E. Butler") != std::string::npos);
    CHECK(number_on(r.out, "lazy loading:") == 21);
    CHECK(number_on(r.out, "selectin loading:") == 2);
    CHECK(r.out.find("one UPDATE changed 2000 rows") != std::string::npos);
    CHECK(r.out.find("loaded and updated 2000 objects") != std::string::npos);
    CHECK(std::regex_search(r.out, std::regex(R"(Ursula K\. Le Guin\s+3 books\s+avg\s+11\.83)")));
    CHECK(std::regex_search(r.out, std::regex(R"(classic\s+4 books)")));
}

} // namespace

TEST_CASE("the bookshop tutorial tells the whole story on SQLite, twice", "[sqlite][cli]") {
    migrate::test::TempDir dir;
    auto first = migrate::test::run_command(bookshop() + " --books 2000 --authors 20", dir.path());
    check_story(first);
    CHECK(first.out.find("applied 5e6f7a8b9c05  add books.isbn") != std::string::npos);
    CHECK(std::filesystem::exists(dir / "bookshop.db")); // the default URL is a file in the cwd
    auto second = migrate::test::run_command(bookshop() + " --books 2000 --authors 20", dir.path());
    check_story(second);
    CHECK(second.out.find("already at head") != std::string::npos);
}

TEST_CASE("bookshop finds migrations/ beside the nearest migrate.toml, or in the working directory", "[sqlite][cli]") {
    const std::string binary =
        migrate::test::shell_quote((std::filesystem::path(MIGRATE_BINARY).parent_path() / "bookshop").string());
    migrate::test::TempDir dir;
    // A project whose migrate.toml points at the source tree's chain, run from a subdirectory.
    {
        std::ofstream toml(dir / "migrate.toml");
        toml << "script_location = \"" << MIGRATE_SOURCE_DIR << "/migrations\"\n";
    }
    std::filesystem::create_directories(dir / "sub");
    auto r = migrate::test::run_command(binary + " --books 20 --authors 2", dir / "sub");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("current revision: 5e6f7a8b9c05") != std::string::npos);
    // No migrate.toml anywhere above /tmp: ./migrations, which this directory lacks (not the build's source tree).
    migrate::test::TempDir bare;
    auto none = migrate::test::run_command(binary, bare.path());
    CHECK(none.exit_code == 2);
    CHECK(none.err.find((bare / "migrations").string()) != std::string::npos);
}

TEST_CASE("the bookshop tutorial runs on PostgreSQL with --url and --echo", "[postgres][cli]") {
    auto server = migrate::test::pg_url();
    if (!server) return;
    migrate::test::PgDatabase db(*server);
    migrate::test::TempDir dir;
    auto r = migrate::test::run_command(
        bookshop() + " --books 2000 --authors 20 --echo --url " + migrate::test::shell_quote(db.url()), dir.path());
    check_story(r);
    CHECK(r.err.find("[echo] SELECT") != std::string::npos);
    CHECK(!std::filesystem::exists(dir / "bookshop.db"));
}
