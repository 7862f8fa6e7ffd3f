// The runtime on SQLite carries out alter_column and constraint ops by table recreation:
// foreign keys off around the transaction, failures roll the whole run back with the rows
// named, and the offline script does the same.
#include <support/test_support.hpp>

#include <migrate/base/error.hpp>
#include <migrate/dialect/reflect.hpp>
#include <migrate/runtime/migrate.hpp>

#include <catch2/catch.hpp>

#include <fstream>

using namespace migrate;

namespace {

struct Project {
    test::TempDir dir;
    Config config;
    Project() {
        std::filesystem::create_directories(dir / "migrations/versions");
        config = Config::defaults(dir.path());
        config.url = "sqlite:///" + (dir / "app.db").string();
    }
    void revision(const std::string& id, const std::string& down, const std::string& upgrade, const std::string& downgrade) {
        std::ofstream(dir / ("migrations/versions/" + id + ".json"))
            << "{\"revision\": \"" << id << "\", \"down_revision\": " << (down.empty() ? "null" : "\"" + down + "\"")
            << ", \"upgrade\": [" << upgrade << "], \"downgrade\": [" << downgrade << "]}";
    }
    // authors <- books (ON DELETE CASCADE), with rows; then r2 makes authors.name NOT NULL.
    void bookshop(const std::string& r2_upgrade) {
        revision("r1", "",
                 R"({"op": "create_table", "table": "authors", "columns": [
                      {"name": "id", "type": "integer", "autoincrement": true}, {"name": "name", "type": "text"}],
                      "primary_key": {"columns": ["id"]}},
                    {"op": "create_table", "table": "books", "columns": [
                      {"name": "id", "type": "integer"}, {"name": "author_id", "type": "integer"}],
                      "primary_key": {"columns": ["id"]},
                      "foreign_keys": [{"columns": ["author_id"], "ref_table": "authors", "ref_columns": ["id"], "on_delete": "cascade"}]},
                    {"op": "bulk_insert", "table": "authors", "rows": [{"name": "Le Guin"}, {"name": "Banks"}]},
                    {"op": "bulk_insert", "table": "books", "rows": [{"id": 10, "author_id": 1}, {"id": 11, "author_id": 2}]})",
                 R"({"op": "drop_table", "table": "books"}, {"op": "drop_table", "table": "authors"})");
        revision("r2", "r1", r2_upgrade,
                 R"({"op": "alter_column", "table": "authors", "column": "name", "nullable": true})");
    }
};

std::string scalar(db::Connection& conn, const std::string& sql) {
    auto rows = conn.query(sql);
    return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].as_text();
}

} // namespace

TEST_CASE("upgrade on SQLite recreates a table for alter_column and keeps the rows that reference it", "[sqlite]") {
    Project p;
    p.bookshop(R"({"op": "alter_column", "table": "authors", "column": "name", "nullable": false},
                  {"op": "create_unique_constraint", "table": "authors", "name": "uq_authors_name", "columns": ["name"]})");
    Migrator m{p.config};
    m.upgrade("head");
    auto& conn = m.connection();
    auto model = dialect::reflect(conn);
    CHECK_FALSE(model.table("authors")->column("name")->nullable);
    CHECK(model.table("authors")->unique_constraints.size() == 1);
    CHECK(model.table("books")->foreign_keys.at(0).ref_table == "authors");
    CHECK(scalar(conn, "SELECT count(*) FROM books") == "2"); // no ON DELETE CASCADE fired
    CHECK(scalar(conn, "PRAGMA foreign_keys") == "1");        // restored after the run
    CHECK(scalar(conn, "SELECT seq FROM sqlite_sequence WHERE name = 'authors'") == "2");
    m.downgrade("r1");
    CHECK(dialect::reflect(conn).table("authors")->column("name")->nullable);
    CHECK(scalar(conn, "SELECT count(*) FROM books") == "2");
}

TEST_CASE("a recreation that NULLs break rolls the whole run back and names the constraint and rowids", "[sqlite]") {
    Project p;
    p.bookshop(R"({"op": "bulk_insert", "table": "authors", "rows": [{"name": null}]},
                  {"op": "alter_column", "table": "authors", "column": "name", "nullable": false})");
    Migrator m{p.config};
    try {
        m.upgrade("head");
        FAIL("expected the upgrade to fail");
    } catch (const DatabaseError& e) {
        std::string msg = e.what();
        CHECK_THAT(msg, Catch::Contains("revision r2"));
        CHECK_THAT(msg, Catch::Contains("NOT NULL constraint on authors.name fails for 1 row (rowid 3)"));
    }
    CHECK(m.current().empty()); // one transaction: r1 is rolled back too
    CHECK(scalar(m.connection(), "SELECT count(*) FROM sqlite_schema WHERE name IN ('authors', 'books')") == "0");
    CHECK(scalar(m.connection(), "PRAGMA foreign_keys") == "1");
}

TEST_CASE("upgrade --sql on SQLite prints the recreation, and sqlite3 running it gives the online schema", "[sqlite]") {
    Project p;
    p.bookshop(R"({"op": "alter_column", "table": "authors", "column": "name", "nullable": false, "server_default": "'?'"})");
    Migrator offline{p.config};
    auto script = offline.upgrade_sql("head");
    CHECK(script.find("PRAGMA foreign_keys = OFF;\nBEGIN;") != std::string::npos);
    CHECK(script.find("CREATE TABLE \"_migrate_new_authors\"") != std::string::npos);
    CHECK(script.find("PRAGMA foreign_key_check(\"authors\")") != std::string::npos);
    std::ofstream(p.dir / "up.sql") << script;
    auto r = test::run_command("sqlite3 -bail offline.db < up.sql", p.dir.path());
    REQUIRE(r.exit_code == 0);

    Migrator online{p.config};
    online.upgrade("head");
    auto offline_db = db::connect("sqlite:///" + (p.dir / "offline.db").string());
    CHECK(dialect::reflect(*offline_db) == dialect::reflect(online.connection()));
    CHECK(scalar(*offline_db, "SELECT group_concat(name) FROM authors") == "Le Guin,Banks");
}
