// `migrate revision --autogenerate` and `migrate check` with the real binary, on a project in a
// temp directory: the flow a user follows after editing schema.sql.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <migrate/db/connection.hpp>
#include <support/test_support.hpp>

using namespace migrate::test;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<fs::path> revisions(const TempDir& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir / "migrations/versions"))
        if (e.path().extension() == ".json") out.push_back(e.path()); // not the header cache
    return out;
}

void project(const TempDir& dir, const std::string& url, const std::string& target = "schema.sql") {
    fs::create_directories(dir / "migrations/versions");
    write(dir / "migrate.toml", "url = \"" + url + "\"\nscript_location = \"migrations\"\n" +
                                    (target.empty() ? std::string() : "target = \"" + target + "\"\n"));
}

// The whole flow against `url` (the config's database).
void flow(const TempDir& dir, const std::string& url) {
    project(dir, url);
    write(dir / "schema.sql", "CREATE TABLE authors (id integer PRIMARY KEY, name varchar(100) NOT NULL);\n"
                              "CREATE TABLE books (id integer PRIMARY KEY, title text NOT NULL,\n"
                              "  author_id integer REFERENCES authors(id));\n");
    auto check = run_migrate("check", dir.path());
    INFO(check.out << check.err);
    CHECK(check.exit_code == 3);
    CHECK(check.out.find("create_table authors") != std::string::npos);

    auto rev = run_migrate("revision --autogenerate -m \"authors and books\"", dir.path());
    INFO(rev.out << rev.err);
    REQUIRE(rev.exit_code == 0);
    REQUIRE(revisions(dir).size() == 1);
    auto text = read(revisions(dir)[0]);
    CHECK(text.find("\"create_table\"") != std::string::npos);
    CHECK(text.find("\"drop_table\"") != std::string::npos);

    REQUIRE(run_migrate("upgrade head", dir.path()).exit_code == 0);
    check = run_migrate("check", dir.path());
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);

    auto none = run_migrate("revision --autogenerate -m nothing", dir.path());
    CHECK(none.exit_code == 0);
    CHECK((none.out + none.err).find("No changes detected") != std::string::npos);
    CHECK(revisions(dir).size() == 1);

    // A rename that only looks like one: drop + add, and a warning in the file and on stderr.
    write(dir / "schema.sql", "CREATE TABLE authors (id integer PRIMARY KEY, name varchar(100) NOT NULL);\n"
                              "CREATE TABLE volumes (id integer PRIMARY KEY, title text NOT NULL,\n"
                              "  author_id integer REFERENCES authors(id));\n");
    auto guessed = run_migrate("revision --autogenerate -m volumes", dir.path());
    INFO(guessed.out << guessed.err);
    REQUIRE(guessed.exit_code == 0);
    CHECK(guessed.err.find("--rename books:volumes") != std::string::npos);
    REQUIRE(revisions(dir).size() == 2);
    for (const auto& f : revisions(dir)) {
        auto t = read(f);
        if (t.find("volumes") != std::string::npos) {
            CHECK(t.rfind("// =====", 0) == 0);
            CHECK(t.find("WARNING") != std::string::npos);
            fs::remove(f);
        }
    }
    auto renamed = run_migrate("revision --autogenerate -m volumes --rename books:volumes", dir.path());
    INFO(renamed.out << renamed.err);
    REQUIRE(renamed.exit_code == 0);
    REQUIRE(run_migrate("upgrade head", dir.path()).exit_code == 0);
    CHECK(run_migrate("check", dir.path()).exit_code == 0);
    REQUIRE(run_migrate("downgrade -1", dir.path()).exit_code == 0);
    auto behind = run_migrate("check", dir.path());
    CHECK(behind.exit_code == 3);
    CHECK(behind.err.find("not at head") != std::string::npos);
}

} // namespace

TEST_CASE("revision --autogenerate then upgrade makes check pass on SQLite", "[cli][sqlite]") {
    TempDir dir;
    flow(dir, "sqlite:///app.db");
}

TEST_CASE("revision --autogenerate then upgrade makes check pass on PostgreSQL", "[cli][postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase db(*url);
    TempDir dir;
    flow(dir, db.url());
}

TEST_CASE("check exits 2 when the config has no usable target", "[cli][sqlite]") {
    TempDir dir;
    project(dir, "sqlite:///app.db", "");
    auto r = run_migrate("check", dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("target") != std::string::npos);
    project(dir, "sqlite:///app.db", "schema.txt");
    write(dir / "schema.txt", "");
    r = run_migrate("check", dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("schema.txt") != std::string::npos);
}

TEST_CASE("a target .sql that fails names its line and leaves no scratch database", "[cli][postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase db(*url);
    TempDir dir;
    project(dir, db.url());
    write(dir / "schema.sql", "CREATE TABLE a (id integer PRIMARY KEY);\nCREATE TABLE b (id nosuchtype);\n");
    const auto before = migrate::test::scratch_databases(*url);
    auto r = run_migrate("check", dir.path());
    CHECK(r.exit_code == 2); // a bad target, not a failing database
    CHECK(r.err.find("schema.sql:2") != std::string::npos);
    CHECK(migrate::test::scratch_databases_left(*url, before).empty());
}

TEST_CASE("a JSON target whose expressions PostgreSQL rewrites: revision, upgrade, then check passes, and a change fails it",
          "[cli][postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase db(*url);
    TempDir dir;
    project(dir, db.url(), "schema.json");
    auto schema = [](const std::string& statuses) {
        std::string text(R"j({"tables": [{"name": "orders", "columns": [
            {"name": "id", "type": "integer", "nullable": false},
            {"name": "status", "type": "varchar(10)", "server_default": "'new'"},
            {"name": "qty", "type": "integer"}, {"name": "price", "type": "numeric(10,2)", "server_default": "0"},
            {"name": "total", "type": "numeric", "generated": "price * qty", "generated_stored": true}],
          "primary_key": {"columns": ["id"]},
          "check_constraints": [{"expression": "status IN (STATUSES)"},
                                {"expression": "qty BETWEEN 1 AND 10 AND status LIKE 'n%'"}],
          "indexes": [{"name": "ix_open", "elements": [{"expression": "lower(status)"}], "where": "status IN ('new')"}]}],
          "views": [{"name": "big", "definition": "SELECT id FROM orders WHERE qty BETWEEN 5 AND 10"}]})j");
        return text.replace(text.find("STATUSES"), 8, statuses);
    };
    write(dir / "schema.json", schema("'new', 'paid'"));
    auto rev = run_migrate("revision --autogenerate -m orders", dir.path());
    INFO(rev.out << rev.err);
    REQUIRE(rev.exit_code == 0);
    CHECK(read(revisions(dir)[0]).find("status IN ('new', 'paid')") != std::string::npos); // the user's text
    REQUIRE(run_migrate("upgrade head", dir.path()).exit_code == 0);
    auto check = run_migrate("check", dir.path());
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
    CHECK(check.err.empty());

    write(dir / "schema.json", schema("'new', 'paid', 'void'"));
    check = run_migrate("check", dir.path());
    INFO(check.out << check.err);
    CHECK(check.exit_code == 3);
    CHECK(check.out.find("create_check_constraint orders_status_check on orders") != std::string::npos);
}

TEST_CASE("a .sql target with domains, functions, triggers and a materialized view: no ops, and one line about them",
          "[cli][postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase db(*url);
    TempDir dir;
    project(dir, db.url());
    std::string sql = "CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);\n"
                      "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%') DEFAULT 'x@y';\n"
                      "CREATE TABLE people (id integer PRIMARY KEY, age positive_int, mail email NOT NULL,\n"
                      "  score positive_int DEFAULT 5, updated timestamptz DEFAULT now());\n"
                      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); "
                      "RETURN NEW; END $$;\n"
                      "CREATE TRIGGER people_touch BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION touch();\n"
                      "CREATE MATERIALIZED VIEW adults AS SELECT id FROM people WHERE age >= 18;\n";
    write(dir / "schema.sql", sql);
    auto conn = migrate::db::connect(db.url());
    conn->execute_script(sql);
    auto check = run_migrate("check", dir.path());
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
    CHECK(check.err == "warning: schema.sql and the database: not compared, outside the schema model (ignored on both "
                       "sides): domains (2), functions (1), materialized views (1), triggers (1)\n");
}
