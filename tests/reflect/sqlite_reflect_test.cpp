// SQLite reflection of databases written by hand (not by our renderer): the tool must read
// schemas it did not create, in a constant number of statements.
#include "round_trip.hpp"

using namespace migrate;
using schema::FkAction;

namespace {

schema::MetaData reflect_script(const std::string& sql, const dialect::ReflectOptions& options = {}) {
    auto db = test::ScratchDatabase::sqlite();
    db->conn().execute_script(sql);
    return dialect::reflect(db->conn(), options);
}

} // namespace

TEST_CASE("sqlite reflection reads columns, keys, checks and collations written by hand", "[sqlite]") {
    auto md = reflect_script(R"sql(
        CREATE TABLE authors (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name VARCHAR(100) NOT NULL COLLATE NOCASE,
            "e-mail" text UNIQUE,
            born date DEFAULT NULL,
            created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
            CONSTRAINT name_not_empty CHECK (length(name) > 0)
        );
        CREATE TABLE books (
            isbn CHAR(13) NOT NULL,
            edition int NOT NULL DEFAULT 1,
            author_id integer REFERENCES authors ON DELETE CASCADE,
            price numeric(10,2) DEFAULT (0.0) CHECK (price >= 0),
            CONSTRAINT pk_books PRIMARY KEY (isbn, edition)
        );
        CREATE TABLE migrate_version (version_num TEXT);
    )sql");

    REQUIRE(md.tables.size() == 2); // migrate_version is the tool's own
    const auto& authors = md.tables[0];
    CHECK(authors.name == "authors");
    REQUIRE(authors.columns.size() == 5);
    CHECK(authors.columns[0].name == "id");
    CHECK(authors.columns[0].type == schema::Type{"integer", {}});
    CHECK(authors.columns[0].autoincrement);
    CHECK_FALSE(authors.columns[0].nullable); // the rowid alias
    CHECK(authors.columns[1].type == schema::Type{"varchar", {100}});
    CHECK(authors.columns[1].collation == "NOCASE");
    CHECK_FALSE(authors.columns[1].nullable);
    CHECK(authors.columns[2].name == "e-mail");
    CHECK(authors.columns[2].nullable);
    CHECK(authors.columns[4].server_default == "current_timestamp");
    REQUIRE(authors.primary_key);
    CHECK_FALSE(authors.primary_key->name);
    CHECK(authors.primary_key->columns == std::vector<std::string>{"id"});
    REQUIRE(authors.unique_constraints.size() == 1);
    CHECK(authors.unique_constraints[0].columns == std::vector<std::string>{"e-mail"});
    CHECK(authors.indexes.empty()); // the autoindex is the UNIQUE constraint, not an index
    REQUIRE(authors.check_constraints.size() == 1);
    CHECK(authors.check_constraints[0] == schema::CheckConstraint{"name_not_empty", "length(name) > 0"});

    const auto& books = md.tables[1];
    REQUIRE(books.primary_key);
    CHECK(books.primary_key->name == "pk_books");
    CHECK(books.primary_key->columns == std::vector<std::string>{"isbn", "edition"});
    CHECK(books.columns[0].type == schema::Type{"char", {13}});
    CHECK(books.columns[1].server_default == "1");
    CHECK(books.columns[3].type == schema::Type{"numeric", {10, 2}});
    CHECK(books.columns[3].server_default == "0.0");
    REQUIRE(books.foreign_keys.size() == 1);
    const auto& fk = books.foreign_keys[0];
    CHECK(fk.columns == std::vector<std::string>{"author_id"});
    CHECK(fk.ref_table == "authors");
    CHECK(fk.ref_columns == std::vector<std::string>{"id"}); // implicit: the referenced primary key
    CHECK(fk.on_delete == FkAction::cascade);
    CHECK(fk.on_update == FkAction::no_action);
    REQUIRE(books.check_constraints.size() == 1);
    CHECK(books.check_constraints[0] == schema::CheckConstraint{std::nullopt, "price >= 0"});
}

TEST_CASE("sqlite reflection reads expression, partial and descending indexes and views", "[sqlite]") {
    auto md = reflect_script(R"sql(
        CREATE TABLE "User Accounts" ("Email" TEXT NOT NULL, deleted_at TEXT, score INT);
        CREATE UNIQUE INDEX "ux email" ON "User Accounts" (lower("Email")) WHERE deleted_at IS NULL;
        CREATE INDEX ix_score ON "User Accounts" (score DESC, "Email");
        CREATE VIEW active AS
            SELECT "Email" FROM "User Accounts"   -- live ones
            WHERE deleted_at IS NULL;
    )sql");
    REQUIRE(md.tables.size() == 1);
    const auto& t = md.tables[0];
    REQUIRE(t.indexes.size() == 2);
    const auto& ix = t.indexes[1];
    CHECK(ix.name == "ux email");
    CHECK(ix.unique);
    REQUIRE(ix.elements.size() == 1);
    CHECK(ix.elements[0] == schema::IndexElement{"lower(\"Email\")", true, false});
    CHECK(ix.where == "deleted_at IS NULL");
    const auto& score = t.indexes[0];
    CHECK_FALSE(score.unique);
    CHECK(score.elements == std::vector<schema::IndexElement>{{"score", false, true}, {"Email", false, false}});
    CHECK_FALSE(score.where);
    REQUIRE(md.views.size() == 1);
    CHECK(md.views[0].name == "active");
    CHECK(md.views[0].definition == "SELECT \"Email\" FROM \"User Accounts\" WHERE deleted_at IS NULL");
}

TEST_CASE("sqlite reflection reads self-referencing and circular foreign keys with their names", "[sqlite]") {
    auto md = reflect_script(R"sql(
        CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INT,
            CONSTRAINT a_to_b FOREIGN KEY (b_id) REFERENCES b (id) DEFERRABLE INITIALLY DEFERRED);
        CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INT REFERENCES a (id) ON UPDATE SET NULL,
            parent INT CONSTRAINT b_parent REFERENCES b (id) ON DELETE SET DEFAULT);
    )sql");
    REQUIRE(md.tables.size() == 2);
    REQUIRE(md.tables[0].foreign_keys.size() == 1);
    const auto& ab = md.tables[0].foreign_keys[0];
    CHECK(ab.name == "a_to_b");
    CHECK(ab.deferrable);
    CHECK(ab.initially_deferred);
    CHECK(ab.ref_table == "b");
    REQUIRE(md.tables[1].foreign_keys.size() == 2);
    CHECK_FALSE(md.tables[1].foreign_keys[0].name);
    CHECK(md.tables[1].foreign_keys[0].on_update == FkAction::set_null);
    CHECK(md.tables[1].foreign_keys[1].name == "b_parent");
    CHECK(md.tables[1].foreign_keys[1].ref_table == "b");
    CHECK(md.tables[1].foreign_keys[1].on_delete == FkAction::set_default);
    CHECK_FALSE(md.tables[1].foreign_keys[1].deferrable);
}

TEST_CASE("sqlite reflection costs the same number of statements for 3 tables and 60", "[sqlite]") {
    auto count = [](int tables) {
        auto db = test::ScratchDatabase::sqlite();
        std::string sql;
        for (int i = 0; i < tables; ++i) {
            auto n = std::to_string(i);
            sql += "CREATE TABLE t" + n + " (id INTEGER PRIMARY KEY, v TEXT UNIQUE, p INT REFERENCES t" + n + "(id));"
                   "CREATE INDEX ix" + n + " ON t" + n + " (v, p);";
        }
        db->conn().execute_script(sql);
        db->conn().reset_counters();
        auto md = dialect::reflect(db->conn());
        CHECK(md.tables.size() == static_cast<std::size_t>(tables));
        return db->conn().statements_executed();
    };
    auto small = count(3);
    CHECK(small <= 4);
    CHECK(count(60) == small);
}

TEST_CASE("sqlite reflection leaves out excluded tables and reads WITHOUT ROWID keys", "[sqlite]") {
    auto md = reflect_script("CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;"
                             "CREATE TABLE audit (id INTEGER PRIMARY KEY);",
                             {.schemas = {"public"}, .exclude_tables = {"AUDIT"}});
    REQUIRE(md.tables.size() == 1);
    CHECK(md.tables[0].name == "kv");
    CHECK(md.tables[0].columns[0].type == schema::Type{"text", {}});
    CHECK_FALSE(md.tables[0].columns[0].nullable);
    CHECK(md.tables[0].primary_key == schema::PrimaryKey{std::nullopt, {"k"}});
    CHECK(md.tables[0].indexes.empty());
}
