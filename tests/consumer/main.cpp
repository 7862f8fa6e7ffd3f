// Opens a SQLite database through the installed library and prints a query's result; then a CI
// step in C++: `migrate test` and `migrate check` as library calls on a one-revision project.
#include <migrate/autogen/check.hpp>
#include <migrate/autogen/stairway.hpp>
#include <migrate/db/connection.hpp>
#include <migrate/db/error.hpp>
#include <migrate/orm/orm.hpp>
#include <migrate/runtime/migrator.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace {

// A project in a temp directory: one revision creating `books`, and a target that matches it.
std::filesystem::path write_project() {
    auto dir = std::filesystem::temp_directory_path() / ("migrate-consumer-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "migrations" / "versions");
    std::ofstream(dir / "migrate.toml") << "script_location = \"migrations\"\ntarget = \"schema.json\"\n";
    std::ofstream(dir / "schema.json")
        << R"({"tables": [{"name": "books", "columns": [{"name": "id", "type": "integer", "nullable": false}],)"
        << R"( "primary_key": {"columns": ["id"]}}]})";
    std::ofstream(dir / "migrations" / "versions" / "a1_books.json")
        << R"({"revision": "a1", "down_revision": null, "message": "books",)"
        << R"( "upgrade": [{"op": "create_table", "table": "books",)"
        << R"( "columns": [{"name": "id", "type": "integer", "nullable": false}], "primary_key": {"columns": ["id"]}}],)"
        << R"( "downgrade": [{"op": "drop_table", "table": "books"}]})";
    return dir;
}

int ci_step() {
    const auto dir = write_project();
    auto config = migrate::runtime::Config::load(dir / "migrate.toml");
    auto tested = migrate::autogen::test_revisions(config);
    std::cout << "test: " << (tested.passed() ? "passed" : "failed") << ", " << tested.revisions.size()
              << " revision(s)\n";
    migrate::runtime::Migrator migrator(config);
    migrator.upgrade("head");
    auto checked = migrate::autogen::check(migrator);
    std::cout << "check: " << (checked.clean() ? "clean" : "drift") << "\n";
    std::filesystem::remove_all(dir);
    return tested.passed() && checked.clean() ? 0 : 1;
}

} // namespace

int main() {
    try {
        auto conn = migrate::db::connect("sqlite://");
        conn->execute_script("CREATE TABLE books (id integer PRIMARY KEY, title text NOT NULL)");
        {
            migrate::db::Transaction tx(*conn);
            for (const char* title : {"The Dispossessed", "Kindred"})
                conn->execute("INSERT INTO books (title) VALUES (?)", {title});
            tx.commit();
        }
        for (const auto& row : conn->query("SELECT id, title FROM books ORDER BY id"))
            std::cout << row["id"].as_int() << " " << row["title"].as_text() << "\n";
        // The ORM's headers are installed too: a Session over the same kind of database.
        migrate::orm::Engine engine("sqlite://");
        migrate::orm::Session session(engine);
        std::cout << "session objects: " << session.size() << "\n";
        return ci_step();
    } catch (const migrate::Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
