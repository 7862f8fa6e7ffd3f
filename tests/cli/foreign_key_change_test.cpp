// A foreign key whose referred table, referred columns, ON DELETE or ON UPDATE changes, unnamed
// as almost every SQLite key is (server-named on PostgreSQL): autogenerate replaces it, the
// upgrade keeps the rows, check is clean, and each downgrade brings the old key back. And check
// reports every constraint or index the database has and the target lacks.
#include "cli_fixture.hpp"

#include <migrate/dialect/reflect.hpp>
#include <migrate/schema/json.hpp>

#include <catch2/catch.hpp>

using namespace migrate::test;
using migrate::schema::ForeignKey;

namespace {

struct Variant {
    std::string clause; // the key in books' CREATE TABLE
    std::string ref_table;
    std::string ref_column;
    std::string on_delete; // as schema::to_string spells it; "" for none
    std::string on_update;
};

// Each variant changes one thing of the one before.
const std::vector<Variant> k_variants = {
    {"REFERENCES authors (id) ON DELETE CASCADE", "authors", "id", "cascade", ""},
    {"REFERENCES publishers (id) ON DELETE CASCADE", "publishers", "id", "cascade", ""},
    {"REFERENCES publishers (id) ON DELETE SET NULL", "publishers", "id", "set null", ""},
    {"REFERENCES publishers (id) ON DELETE SET NULL ON UPDATE CASCADE", "publishers", "id", "set null", "cascade"},
    {"REFERENCES authors (legacy_id) ON DELETE SET NULL ON UPDATE CASCADE", "authors", "legacy_id", "set null",
     "cascade"},
};

std::string schema_with(const Variant& v) {
    return "CREATE TABLE authors (id integer PRIMARY KEY, legacy_id integer NOT NULL UNIQUE);\n"
           "CREATE TABLE publishers (id integer PRIMARY KEY);\n"
           "CREATE TABLE books (id integer PRIMARY KEY, title varchar(50),\n"
           "  owner_id integer " + v.clause + ");\n";
}

std::vector<ForeignKey> live_keys(const Project& p) {
    auto conn = p.connect();
    auto m = migrate::dialect::reflect(*conn);
    for (const auto& t : m.tables)
        if (t.name == "books") return t.foreign_keys;
    return {};
}

std::string action(migrate::schema::FkAction a) {
    return a == migrate::schema::FkAction::no_action ? std::string() : migrate::schema::to_string(a);
}

void require_key(const Project& p, const Variant& v) {
    auto keys = live_keys(p);
    REQUIRE(keys.size() == 1); // the new key replaced the old one
    CHECK(keys[0].ref_table == v.ref_table);
    CHECK(keys[0].ref_columns == std::vector<std::string>{v.ref_column});
    CHECK(action(keys[0].on_delete) == v.on_delete);
    CHECK(action(keys[0].on_update) == v.on_update);
}

std::string books(const Project& p) {
    std::string out;
    for (const auto& r : p.connect()->query("SELECT id, title, owner_id FROM books ORDER BY id"))
        out += r[0].to_string() + "|" + r[1].to_string() + "|" + r[2].to_string() + ";";
    return out;
}

void each_change(const Project& p) {
    p.write("migrate.toml", p.read("migrate.toml") + "target = \"schema.sql\"\n");
    p.write("schema.sql", schema_with(k_variants[0]));
    REQUIRE(p.run("revision --autogenerate -m tables").exit_code == 0);
    REQUIRE(p.run("upgrade head").exit_code == 0);
    // Ids equal legacy ids, so every variant's key holds for these rows.
    p.connect()->execute_script("INSERT INTO authors VALUES (1, 1), (2, 2); INSERT INTO publishers VALUES (1), (2);"
                                "INSERT INTO books VALUES (1, 'The Dispossessed', 1), (2, 'Excession', 2);");
    const auto rows = books(p);
    require_key(p, k_variants[0]);

    for (std::size_t i = 1; i < k_variants.size(); ++i) {
        INFO("variant " << i << ": " << k_variants[i].clause);
        p.write("schema.sql", schema_with(k_variants[i]));
        auto drift = p.run("check");
        INFO(drift.out << drift.err);
        CHECK(drift.exit_code == 3);
        CHECK(drift.out.find("drop_constraint") != std::string::npos);
        CHECK(drift.out.find("create_foreign_key") != std::string::npos);

        auto rev = p.run("revision --autogenerate -m \"key " + std::to_string(i) + "\"");
        INFO(rev.out << rev.err);
        REQUIRE(rev.exit_code == 0);
        CHECK(rev.err.find("warning") == std::string::npos);
        auto up = p.run("upgrade head");
        INFO(up.err);
        REQUIRE(up.exit_code == 0);
        require_key(p, k_variants[i]);
        CHECK(books(p) == rows);
        auto clean = p.run("check");
        INFO(clean.out << clean.err);
        CHECK(clean.exit_code == 0);
    }
    for (std::size_t i = k_variants.size() - 1; i > 0; --i) {
        INFO("back to variant " << i - 1);
        auto down = p.run("downgrade -1");
        INFO(down.err);
        REQUIRE(down.exit_code == 0);
        require_key(p, k_variants[i - 1]);
        CHECK(books(p) == rows);
    }
}

// The database has a foreign key, a unique and a check constraint (unnamed) and an index that
// the target lacks: check lists each, never "No changes detected".
void live_only_objects(const Project& p, const std::vector<std::string>& constraint_lines) {
    p.write("migrate.toml", p.read("migrate.toml") + "target = \"schema.sql\"\n");
    p.write("schema.sql", "CREATE TABLE books (id integer PRIMARY KEY, title varchar(50));\n"
                          "CREATE TABLE notes (id integer PRIMARY KEY, book_id integer, body varchar(100));\n");
    p.connect()->execute_script(
        "CREATE TABLE books (id integer PRIMARY KEY, title varchar(50));\n"
        "CREATE TABLE notes (id integer PRIMARY KEY, book_id integer REFERENCES books (id),\n"
        "  body varchar(100) CHECK (length(body) < 90), UNIQUE (book_id, body));\n"
        "CREATE INDEX ix_notes_body ON notes (body);\n");
    auto r = p.run("check");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.out.find("4 differences") != std::string::npos);
    CHECK(r.out.find("drop_index ix_notes_body on notes") != std::string::npos);
    for (const auto& line : constraint_lines) CHECK(r.out.find("  drop_constraint " + line + " on notes\n") != std::string::npos);
    // And autogenerate drops them, keeping what the database needs to undo it.
    REQUIRE(p.run("revision --autogenerate -m tidy").exit_code == 0);
    REQUIRE(p.run("upgrade head").exit_code == 0);
    CHECK(p.run("check").exit_code == 0);
    REQUIRE(p.run("downgrade -1").exit_code == 0);
    CHECK(p.run("check").exit_code == 3);
}

} // namespace

TEST_CASE("a changed unnamed SQLite foreign key is replaced, rows kept, and every downgrade restores the old one",
          "[cli][sqlite]") {
    Project p;
    each_change(p);
}

TEST_CASE("a changed server-named PostgreSQL foreign key is replaced, rows kept, and every downgrade restores the "
          "old one",
          "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    each_change(p);
}

TEST_CASE("check reports a SQLite database's unnamed constraints and index that the target lacks", "[cli][sqlite]") {
    Project p;
    live_only_objects(p, {"foreign key (book_id) -> books (id)", "unique (book_id, body)", "check (length(body) < 90)"});
}

TEST_CASE("check reports a PostgreSQL database's server-named constraints and index that the target lacks",
          "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    live_only_objects(p, {"notes_book_id_fkey", "notes_book_id_body_key", "notes_body_check"});
}
