// Issue #6 through the real binary: every ALTER works on SQLite files (by table recreation),
// nothing is lost, and what cannot be done is refused before the database changes: a column a
// view or trigger uses, a server default on a generated column. PostgreSQL for the collation.
#include "cli_fixture.hpp"

#include <migrate/dialect/reflect.hpp>

#include <catch2/catch.hpp>

using namespace migrate;
using namespace migrate::test;

namespace {

// books with an index, a unique constraint, a check and rows; authors for a foreign key.
const char* const k_bookshop = R"J([
  {"op": "create_table", "table": "authors", "columns": [{"name": "id", "type": "integer"}, {"name": "name", "type": "text"}],
   "primary_key": {"columns": ["id"]}},
  {"op": "create_table", "table": "books", "columns": [
     {"name": "id", "type": "integer", "autoincrement": true}, {"name": "title", "type": "text"},
     {"name": "price", "type": "text"}, {"name": "isbn", "type": "varchar(20)"}, {"name": "author_id", "type": "integer"}],
   "primary_key": {"columns": ["id"]},
   "unique_constraints": [{"name": "uq_books_isbn", "columns": ["isbn"]}],
   "check_constraints": [{"name": "ck_books_price", "expression": "price <> 'free'"}],
   "indexes": [{"name": "ix_books_title", "elements": ["title"]}]},
  {"op": "bulk_insert", "table": "authors", "rows": [{"id": 1, "name": "Le Guin"}, {"id": 2, "name": "Banks"}]},
  {"op": "bulk_insert", "table": "books", "rows": [
     {"title": "The Dispossessed", "price": "12", "isbn": "i1", "author_id": 1},
     {"title": "excession", "price": "abc", "isbn": "i2", "author_id": 2},
     {"title": "Lathe", "isbn": "i3"}]}
])J";

std::unique_ptr<Project> bookshop(const std::string& r2_upgrade, const std::string& r2_downgrade = "[]") {
    auto p = std::make_unique<Project>();
    p->add({"r1", {}, k_bookshop, R"J([{"op": "drop_table", "table": "books"}, {"op": "drop_table", "table": "authors"}])J"});
    p->add({"r2", {"r1"}, r2_upgrade, r2_downgrade});
    return p;
}

schema::Table table_of(const Project& p, const std::string& name) {
    auto m = dialect::reflect(*p.connect());
    const auto* t = m.table(name);
    REQUIRE(t);
    return *t;
}

std::string scalar(const Project& p, const std::string& sql) {
    auto rows = p.connect()->query(sql);
    return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].as_text();
}

// The database's schema, the rows `rows_sql` reads and the version, to show a refused revision
// changed nothing.
std::string everything(const Project& p, const std::string& rows_sql =
                                             "SELECT group_concat(id || ':' || ifnull(title, '') || ':' || "
                                             "ifnull(price, ''), ',') FROM books") {
    return scalar(p, "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema ORDER BY name)") + "|" +
           scalar(p, rows_sql) + "|" + scalar(p, "SELECT group_concat(version_num) FROM migrate_version");
}

void require_ok(const CommandResult& r) {
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
}

} // namespace

TEST_CASE("alter_column changes type, nullability, default and collation of SQLite columns and downgrades back", "[cli][sqlite]") {
    auto p = bookshop(R"J([
      {"op": "alter_column", "table": "books", "column": "price", "type": "integer", "existing_type": "text"},
      {"op": "alter_column", "table": "books", "column": "isbn", "nullable": false, "existing_nullable": true},
      {"op": "alter_column", "table": "books", "column": "isbn", "server_default": "'none'", "existing_server_default": null},
      {"op": "alter_column", "table": "books", "column": "title", "collation": "NOCASE", "existing_collation": null}
    ])J", R"J([
      {"op": "alter_column", "table": "books", "column": "title", "collation": null, "existing_collation": "NOCASE"},
      {"op": "alter_column", "table": "books", "column": "isbn", "server_default": null, "existing_server_default": "'none'"},
      {"op": "alter_column", "table": "books", "column": "isbn", "nullable": true, "existing_nullable": false},
      {"op": "alter_column", "table": "books", "column": "price", "type": "text", "existing_type": "integer"}
    ])J");
    require_ok(p->run("upgrade r1"));
    auto before = table_of(*p, "books");
    auto rows_before = scalar(*p, "SELECT group_concat(rowid || typeof(price) || price, ',') FROM books");

    require_ok(p->run("upgrade head"));
    auto books = table_of(*p, "books");
    CHECK(books.column("price")->type == schema::Type::parse("integer"));
    CHECK_FALSE(books.column("isbn")->nullable);
    CHECK(books.column("isbn")->server_default == "'none'");
    CHECK(books.column("title")->collation == "NOCASE");
    // One recreation kept the index, the constraints and every row (with its rowid).
    CHECK(books.indexes == before.indexes);
    CHECK(books.unique_constraints == before.unique_constraints);
    CHECK(books.check_constraints == before.check_constraints);
    CHECK(scalar(*p, "SELECT group_concat(rowid || typeof(price) || ifnull(price, ''), ',') FROM books") ==
          "1integer12,2textabc,3null");
    CHECK(scalar(*p, "SELECT id FROM books WHERE title = 'EXCESSION'") == "2");

    require_ok(p->run("downgrade r1"));
    CHECK(table_of(*p, "books") == before);
    CHECK(scalar(*p, "SELECT group_concat(rowid || typeof(price) || price, ',') FROM books") == rows_before);
}

TEST_CASE("drop_column on SQLite drops a column that is indexed, in a unique constraint or in a check", "[cli][sqlite]") {
    auto p = bookshop(R"J([
      {"op": "drop_column", "table": "books", "column": "title"},
      {"op": "drop_column", "table": "books", "column": "isbn"},
      {"op": "drop_column", "table": "books", "column": "price"}
    ])J");
    require_ok(p->run("upgrade head"));
    auto books = table_of(*p, "books");
    CHECK(books.columns.size() == 2);
    CHECK(books.indexes.empty());
    CHECK(books.unique_constraints.empty());
    CHECK(books.check_constraints.empty());
    CHECK(scalar(*p, "SELECT group_concat(id || ':' || ifnull(author_id, '-'), ',') FROM books") == "1:1,2:2,3:-");
}

TEST_CASE("drop_column on SQLite drops a column of a composite primary key, and the key with it", "[cli][sqlite]") {
    Project p;
    p.add({"r1", {}, R"J([{"op": "create_table", "table": "tags", "columns": [
             {"name": "a", "type": "text", "nullable": false}, {"name": "b", "type": "text", "nullable": false}],
             "primary_key": {"columns": ["a", "b"]}},
           {"op": "bulk_insert", "table": "tags", "rows": [{"a": "x", "b": "1"}, {"a": "y", "b": "1"}]}])J",
           "[]"});
    p.add({"r2", {"r1"}, R"J([{"op": "drop_column", "table": "tags", "column": "b"},
                            {"op": "create_primary_key", "table": "tags", "name": "pk_tags", "columns": ["a"]}])J"});
    require_ok(p.run("upgrade head"));
    auto tags = table_of(p, "tags");
    REQUIRE(tags.primary_key);
    CHECK(tags.primary_key->columns == std::vector<std::string>{"a"});
    CHECK(scalar(p, "SELECT group_concat(a) FROM tags") == "x,y");
}

TEST_CASE("SQLite adds a column with a non-constant default and creates and drops every kind of constraint", "[cli][sqlite]") {
    auto p = bookshop(R"J([
      {"op": "add_column", "table": "books", "column": {"name": "slug", "type": "text", "nullable": false,
                                                        "server_default": "lower('X' || 'Y')"}},
      {"op": "create_foreign_key", "table": "books", "name": "fk_books_author", "columns": ["author_id"],
       "ref_table": "authors", "ref_columns": ["id"]},
      {"op": "create_unique_constraint", "table": "books", "name": "uq_books_title", "columns": ["title"]},
      {"op": "create_check_constraint", "table": "books", "name": "ck_books_slug", "expression": "length(slug) > 0"}
    ])J");
    p->add({"r3", {"r2"}, R"J([
      {"op": "drop_constraint", "table": "books", "name": "fk_books_author", "type": "foreign_key"},
      {"op": "drop_constraint", "table": "books", "name": "uq_books_title", "type": "unique"},
      {"op": "drop_constraint", "table": "books", "name": "ck_books_slug", "type": "check"},
      {"op": "drop_constraint", "table": "books", "name": "pk", "type": "primary_key"},
      {"op": "create_primary_key", "table": "books", "name": "pk_books", "columns": ["title"]}
    ])J"});
    require_ok(p->run("upgrade r2"));
    auto books = table_of(*p, "books");
    CHECK(books.column("slug")->server_default);
    CHECK(scalar(*p, "SELECT group_concat(slug) FROM books") == "xy,xy,xy");
    REQUIRE(books.foreign_keys.size() == 1);
    CHECK(books.foreign_keys[0].name == "fk_books_author");
    CHECK(books.unique_constraints.size() == 2);
    CHECK(books.check_constraints.size() == 2);

    require_ok(p->run("upgrade head"));
    books = table_of(*p, "books");
    CHECK(books.foreign_keys.empty());
    CHECK(books.unique_constraints.size() == 1);
    CHECK(books.check_constraints.size() == 1);
    REQUIRE(books.primary_key);
    CHECK(books.primary_key->columns == std::vector<std::string>{"title"});
    CHECK_FALSE(books.column("id")->autoincrement);
    CHECK(scalar(*p, "SELECT group_concat(rowid || id || isbn) FROM books") == "11i1,22i2,33i3");
}

TEST_CASE("drop_column of a column a view uses is refused on SQLite, naming table, column and view, database untouched", "[cli][sqlite]") {
    auto p = bookshop(R"J([
      {"op": "create_view", "name": "book_titles", "definition": "SELECT id, title FROM books"},
      {"op": "alter_column", "table": "books", "column": "price", "type": "integer"}
    ])J");
    p->add({"r3", {"r2"}, R"J([
      {"op": "drop_column", "table": "books", "column": "isbn"},
      {"op": "drop_column", "table": "books", "column": "title"}
    ])J"});
    require_ok(p->run("upgrade r2"));
    auto before = everything(*p);
    auto r = p->run("upgrade head");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("revision r3 (r3.json)") &&
                          Catch::Contains("drop_column books.title: view \"book_titles\" uses column \"title\"; "
                                          "drop or replace it earlier in the same revision"));
    CHECK(everything(*p) == before); // isbn, dropped before, is back: the revision rolled back
    CHECK(table_of(*p, "books").column("isbn"));
}

TEST_CASE("drop_column of a column a trigger of its table uses is refused on SQLite, naming the trigger", "[cli][sqlite]") {
    auto p = bookshop(R"J([
      {"op": "sql", "sql": "CREATE TABLE log (what TEXT); CREATE TRIGGER books_price AFTER UPDATE OF price ON books BEGIN INSERT INTO log VALUES ('new price'); END"}
    ])J");
    p->add({"r3", {"r2"}, R"J([{"op": "drop_column", "table": "books", "column": "price"}])J"});
    require_ok(p->run("upgrade r2"));
    auto before = everything(*p);
    auto r = p->run("upgrade head");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("drop_column books.price: trigger \"books_price\" uses column \"price\""));
    CHECK(everything(*p) == before);
}

TEST_CASE("drop_column on SQLite works once the revision drops the trigger and replaces the view that used the column", "[cli][sqlite]") {
    auto p = bookshop(R"J([
      {"op": "create_view", "name": "book_titles", "definition": "SELECT id, title, 'price' AS price_label FROM books"},
      {"op": "sql", "sql": "CREATE TABLE log (what TEXT); CREATE TRIGGER books_title AFTER UPDATE OF title ON books BEGIN INSERT INTO log VALUES ('title'); END"}
    ])J");
    p->add({"r3", {"r2"}, R"J([
      {"op": "sql", "sql": "DROP TRIGGER books_title"},
      {"op": "replace_view", "name": "book_titles", "definition": "SELECT id, 'title' AS title_label, isbn AS titles FROM books"},
      {"op": "drop_column", "table": "books", "column": "title"},
      {"op": "drop_column", "table": "books", "column": "price"}
    ])J"});
    require_ok(p->run("upgrade r2"));
    // price appears in the view only as a string literal and inside a longer name: not a use.
    require_ok(p->run("upgrade head"));
    auto books = table_of(*p, "books");
    CHECK_FALSE(books.column("title"));
    CHECK_FALSE(books.column("price"));
    CHECK(scalar(*p, "SELECT group_concat(title_label || titles) FROM book_titles") == "titlei1,titlei2,titlei3");
}

TEST_CASE("alter_column of a generated column on SQLite: type, NOT NULL and collation work, a server default exits 2, its source column stays", "[cli][sqlite]") {
    Project p;
    p.add({"r1", {}, R"J([{"op": "create_table", "table": "lines", "columns": [
             {"name": "qty", "type": "integer"}, {"name": "label", "type": "text"},
             {"name": "twice", "type": "integer", "generated": "qty * 2"},
             {"name": "shout", "type": "text", "generated": "upper(label)", "generated_stored": true}]},
           {"op": "bulk_insert", "table": "lines", "rows": [{"qty": 2, "label": "a"}, {"qty": 5, "label": "b"}]}])J",
           "[]"});
    p.add({"r2", {"r1"}, R"J([
      {"op": "alter_column", "table": "lines", "column": "twice", "type": "bigint", "nullable": false},
      {"op": "alter_column", "table": "lines", "column": "shout", "collation": "NOCASE"}
    ])J"});
    p.add({"r3", {"r2"}, R"J([{"op": "alter_column", "table": "lines", "column": "twice", "server_default": "0"}])J"});
    require_ok(p.run("upgrade r2"));
    auto lines = table_of(p, "lines");
    CHECK(lines.column("twice")->type == schema::Type::parse("bigint"));
    CHECK_FALSE(lines.column("twice")->nullable);
    CHECK(lines.column("twice")->generated == "qty * 2");
    CHECK(lines.column("shout")->collation == "NOCASE");
    CHECK(scalar(p, "SELECT group_concat(twice || shout) FROM lines WHERE shout = 'a' OR shout = 'B'") == "4A,10B");

    const std::string rows = "SELECT group_concat(qty || label || twice || shout) FROM lines";
    auto before = everything(p, rows);
    auto r = p.run("upgrade head");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("revision r3 (r3.json)") && Catch::Contains("column lines.twice is generated") &&
                          Catch::Contains("no server default"));
    CHECK(everything(p, rows) == before);

    // Dropping the column a generated column computes from is refused, as PostgreSQL refuses it.
    p.add({"r3", {"r2"}, R"J([{"op": "drop_column", "table": "lines", "column": "qty"}])J"});
    r = p.run("upgrade head");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("drop_column lines.qty: generated column \"twice\" uses column \"qty\""));
    CHECK(everything(p, rows) == before);
}

TEST_CASE("alter_column collation on PostgreSQL restates the type, reflects back, and downgrades", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    p.add({"r1", {}, R"J([{"op": "create_table", "table": "books", "columns": [
             {"name": "id", "type": "integer"}, {"name": "title", "type": "varchar(40)"},
             {"name": "qty", "type": "integer"}, {"name": "twice", "type": "integer", "generated": "qty * 2", "generated_stored": true}]},
           {"op": "bulk_insert", "table": "books", "rows": [{"id": 1, "title": "b", "qty": 1}, {"id": 2, "title": "B", "qty": 2}]}])J",
           R"J([{"op": "drop_table", "table": "books"}])J"});
    p.add({"r2", {"r1"},
           R"J([{"op": "alter_column", "table": "books", "column": "title", "collation": "C",
                "existing_type": "varchar(40)", "existing_collation": null},
               {"op": "alter_column", "table": "books", "column": "twice", "type": "bigint", "nullable": false}])J",
           R"J([{"op": "alter_column", "table": "books", "column": "twice", "type": "integer", "nullable": true},
               {"op": "alter_column", "table": "books", "column": "title", "collation": null,
                "existing_type": "varchar(40)", "existing_collation": "C"}])J"});
    require_ok(p.run("upgrade head"));
    auto books = table_of(p, "books");
    CHECK(books.column("title")->collation == "C");
    CHECK(books.column("title")->type == schema::Type::parse("varchar(40)"));
    CHECK(books.column("twice")->type == schema::Type::parse("bigint"));
    CHECK(scalar(p, "SELECT string_agg(title, ',' ORDER BY title) FROM books") == "B,b"); // byte order under "C"

    require_ok(p.run("downgrade r1"));
    CHECK_FALSE(table_of(p, "books").column("title")->collation);

    SECTION("without type or existing_type, the revision is refused before anything runs") {
        p.add({"r3", {"r2"}, R"J([{"op": "alter_column", "table": "books", "column": "title", "collation": "C"}])J"});
        auto r = p.run("upgrade head");
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("revision r3 (r3.json): alter_column books.title:") &&
                              Catch::Contains("\"existing_type\""));
        CHECK(p.versions() == v({"r1"}));
    }
    SECTION("a server default on a generated column exits 2 naming the column, as on SQLite") {
        p.add({"r3", {"r2"}, R"J([{"op": "alter_column", "table": "books", "column": "twice", "server_default": "0"}])J"});
        auto r = p.run("upgrade head");
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("revision r3 (r3.json)") && Catch::Contains("column books.twice is generated"));
        CHECK(p.versions() == v({"r1"}));
    }
}
