// The repository's own migrations/ (the tutorial's schema) applied and reverted by the binary.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

using namespace migrate::test;

namespace {

const std::vector<std::string> k_tutorial_tables = {"authors", "book_tags", "books", "tags"};

void copy_tutorial(const Project& p) {
    std::filesystem::copy(std::filesystem::path(MIGRATE_SOURCE_DIR) / "migrations" / "versions",
                          p.path() / "migrations" / "versions", std::filesystem::copy_options::overwrite_existing | std::filesystem::copy_options::recursive);
}

void check_round_trip(const Project& p) {
    copy_tutorial(p);
    auto up = p.run("upgrade head");
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    CHECK(p.tables() == k_tutorial_tables);
    CHECK(p.versions() == v({"5e6f7a8b9c05"}));
    CHECK(p.history_count("upgrade") == 5);

    // The association really cascades and the ISBN is unique.
    auto conn = p.connect();
    conn->execute("INSERT INTO authors (name) VALUES ('Ursula K. Le Guin')");
    conn->execute("INSERT INTO books (title, author_id, isbn) VALUES ('The Dispossessed', 1, '978-0-06-051275-0')");
    conn->execute("INSERT INTO tags (name) VALUES ('sci-fi')");
    conn->execute("INSERT INTO book_tags (book_id, tag_id) VALUES (1, 1)");
    CHECK_THROWS_AS(conn->execute("INSERT INTO books (title, author_id, isbn) VALUES ('Copy', 1, '978-0-06-051275-0')"),
                    migrate::DatabaseError);
    conn->execute("DELETE FROM books WHERE id = 1");
    CHECK(conn->query("SELECT count(*) FROM book_tags")[0][0].as_int() == 0);
    CHECK(conn->query("SELECT count(*) FROM tags")[0][0].as_int() == 1);
    conn.reset();

    auto down = p.run("downgrade base");
    INFO(down.err);
    REQUIRE(down.exit_code == 0);
    CHECK(p.tables().empty());
    CHECK(p.has_table("migrate_version"));
    CHECK(p.versions().empty());
    CHECK(p.history_count("downgrade") == 5);
}

} // namespace

TEST_CASE("upgrade head then downgrade base of the tutorial chain leaves an empty schema on SQLite", "[cli][sqlite]") {
    Project p;
    check_round_trip(p);
}

TEST_CASE("upgrade head then downgrade base of the tutorial chain leaves an empty schema on PostgreSQL",
          "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    check_round_trip(p);
}

TEST_CASE("the repository's migrate.toml and migrations load and list the tutorial chain", "[cli]") {
    auto r = run_migrate("heads", MIGRATE_SOURCE_DIR);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == "4d5e6f7a8b04 -> 5e6f7a8b9c05 (head), add books.isbn\n");
    auto h = run_migrate("history", MIGRATE_SOURCE_DIR);
    REQUIRE(h.exit_code == 0);
    CHECK(h.out.find("<base> -> 1a2b3c4d5e01, create authors") != std::string::npos);
}
