// `migrate baseline` run by the binary on a database built by hand (a foreign-key cycle, a
// self-reference, checks, defaults, an index, a view; on PostgreSQL also an enum, a sequence and
// comments): the revision is written and stamped without running; `migrate check` finds no drift
// between it and the schema's own SQL, `migrate test` builds the same schema from it on a scratch
// database, and an empty database upgraded with it gets the same tables. A script directory with
// revisions needs --head.
#include "schema_differences.hpp"

#include <catch2/catch.hpp>

using namespace migrate::test;

namespace {

const std::vector<std::string> k_sqlite_schema = {
    "CREATE TABLE departments (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL UNIQUE, "
    "head_id INTEGER REFERENCES employees (id))",
    "CREATE TABLE employees (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, "
    "department_id INTEGER REFERENCES departments (id), manager_id INTEGER REFERENCES employees (id), "
    "salary NUMERIC(10, 2) CHECK (salary > 0), status VARCHAR(10) NOT NULL DEFAULT 'active')",
    "CREATE INDEX employees_name_idx ON employees (name)",
    "CREATE VIEW managers AS SELECT id, name FROM employees WHERE manager_id IS NULL",
};

const std::vector<std::string> k_postgres_schema = {
    "CREATE TYPE mood AS ENUM ('happy', 'sad')",
    "CREATE SEQUENCE ticket_numbers START 100",
    "CREATE TABLE departments (id integer PRIMARY KEY, name varchar(50) NOT NULL UNIQUE, head_id integer)",
    "CREATE TABLE employees (id integer PRIMARY KEY, name text NOT NULL, "
    "department_id integer REFERENCES departments (id), manager_id integer REFERENCES employees (id), "
    "feeling mood NOT NULL DEFAULT 'happy', salary numeric(10, 2) CHECK (salary > 0), "
    "ticket bigint DEFAULT nextval('ticket_numbers'))",
    "ALTER TABLE departments ADD CONSTRAINT departments_head_id_fkey FOREIGN KEY (head_id) REFERENCES employees (id)",
    "CREATE INDEX employees_name_idx ON employees (name)",
    "CREATE VIEW managers AS SELECT id, name FROM employees WHERE manager_id IS NULL",
    "COMMENT ON TABLE employees IS 'everyone who works here'",
    "COMMENT ON COLUMN employees.name IS 'full name'",
};

void build(const Project& p, const std::vector<std::string>& schema) {
    auto conn = p.connect();
    std::string script;
    for (const auto& sql : schema) {
        conn->execute(sql);
        script += sql + ";\n";
    }
    // The same SQL is the project's target: `check` and `test` compare the baseline with it.
    p.write("schema.sql", script);
    p.write("migrate.toml", p.read("migrate.toml") + "target = \"schema.sql\"\n");
}

std::vector<std::filesystem::path> revision_files(const Project& p) {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(p.path() / "migrations" / "versions"))
        if (e.path().extension() == ".json") out.push_back(e.path());
    return out;
}

void baselines_a_hand_built_database(const Project& p, const Project& empty, const std::vector<std::string>& schema) {
    build(p, schema);
    auto r = p.run("baseline -m \"schema as built by hand\" --rev-id base1");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("created ") != std::string::npos);
    CHECK(r.err.find("nothing was run") != std::string::npos);
    REQUIRE(revision_files(p).size() == 1);
    const std::string text = p.read("migrations/versions/" + revision_files(p).front().filename().string());
    CHECK(text.find("\"down_revision\": null") != std::string::npos);
    CHECK(text.find("\"create_view\"") != std::string::npos);
    CHECK(text.find("\"drop_table\"") != std::string::npos);
    // Stamped, not run: the version table names it, the history says "stamp".
    CHECK(p.versions() == v({"base1"}));
    CHECK(p.history_count("stamp") == 1);
    CHECK(p.history_count("upgrade") == 0);

    r = p.run("check");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    r = p.run("test");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);

    // A new database built from the baseline holds what the hand-built one holds.
    std::filesystem::copy(p.path() / "migrations" / "versions", empty.path() / "migrations" / "versions",
                          std::filesystem::copy_options::overwrite_existing | std::filesystem::copy_options::recursive);
    r = empty.run("upgrade head");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(schema_differences(p, empty).empty());
    CHECK(empty.tables() == v({"departments", "employees"}));
    r = empty.run("downgrade base");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(empty.tables().empty());
}

} // namespace

TEST_CASE("baseline writes a hand-built SQLite database as a revision that rebuilds it, and stamps it", "[cli][sqlite]") {
    Project p;
    Project empty;
    baselines_a_hand_built_database(p, empty, k_sqlite_schema);
}

TEST_CASE("baseline writes a hand-built PostgreSQL database (enum, sequence, cycle, view, comments) as a revision",
          "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase live(*server);
    PgDatabase fresh(*server);
    Project p(live.url());
    Project empty(fresh.url());
    baselines_a_hand_built_database(p, empty, k_postgres_schema);
}

TEST_CASE("baseline needs --head when the script directory has revisions, and an empty database has nothing to write",
          "[cli][sqlite]") {
    Project p;
    auto r = p.run("baseline");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("holds no schema to baseline") != std::string::npos);
    CHECK(revision_files(p).empty());

    build(p, k_sqlite_schema);
    p.add({"r1", {}, "[]", "[]"});
    r = p.run("baseline -m again");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--head") != std::string::npos);
    CHECK(revision_files(p).size() == 1);
    CHECK(p.versions().empty());

    r = p.run("baseline -m again --head r1 --rev-id b2");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(p.read("migrations/versions/" + [&] {
               for (const auto& f : revision_files(p))
                   if (f.filename().string().rfind("b2_", 0) == 0) return f.filename().string();
               return std::string("missing");
           }()).find("\"down_revision\": \"r1\"") != std::string::npos);
    CHECK(p.versions() == v({"b2"}));
}
