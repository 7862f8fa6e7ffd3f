// Each case SQLite's ALTER TABLE cannot do, carried out by table recreation on a real database:
// rows, rowids, indexes, triggers, views, the AUTOINCREMENT counter and foreign keys survive.
#include "recreate_support.hpp"

#include <migrate/ops/apply.hpp>
#include <migrate/ops/reverse.hpp>
#include <migrate/schema/type.hpp>

#include <catch2/catch.hpp>

using namespace migrate;
using test::apply_ops;
using test::rows_of;
using test::scalar_text;

namespace {

std::unique_ptr<db::Connection> books_db() {
    auto conn = db::connect("sqlite://");
    conn->execute_script(R"(
        CREATE TABLE authors (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
        CREATE TABLE books (
            code VARCHAR(10) NOT NULL,
            title TEXT,
            price TEXT,
            author_id INTEGER REFERENCES authors (id) ON DELETE CASCADE,
            CONSTRAINT ck_price CHECK (price <> 'free'),
            CONSTRAINT uq_code UNIQUE (code));
        CREATE INDEX ix_books_title ON books (title);
        CREATE INDEX ix_books_lower ON books (lower(title)) WHERE title IS NOT NULL;
        CREATE TABLE log (what TEXT);
        CREATE TRIGGER books_ins AFTER INSERT ON books BEGIN INSERT INTO log VALUES ('book ' || new.code); END;
        CREATE VIEW cheap AS SELECT code, title FROM books WHERE price < 10;
        CREATE TABLE reviews (id INTEGER PRIMARY KEY, book_code VARCHAR(10) REFERENCES books (code) ON DELETE CASCADE);
        INSERT INTO authors (name) VALUES ('Le Guin'), ('Banks'), ('Jemisin');
        DELETE FROM authors WHERE id = 3;
        INSERT INTO books VALUES ('a', 'The Dispossessed', '12', 1), ('b', NULL, 'abc', 2), ('c', 'Excession', NULL, NULL);
        DELETE FROM books WHERE code = 'a';
        INSERT INTO books VALUES ('a', 'The Dispossessed', '12', 1);
        INSERT INTO reviews (book_code) VALUES ('a'), ('b');
        DELETE FROM log;
    )");
    return conn;
}

ops::AlterColumn alter(std::string table, std::string column) {
    ops::AlterColumn a;
    a.table = std::move(table);
    a.column = std::move(column);
    return a;
}

const schema::Table& table_named(const schema::MetaData& m, const std::string& name) {
    const auto* t = m.table(name);
    REQUIRE(t);
    return *t;
}

bool has_index(const schema::Table& t, const std::string& name) {
    return std::any_of(t.indexes.begin(), t.indexes.end(), [&](const schema::Index& ix) { return ix.name == name; });
}

// What every recreation must keep on the books fixture.
void require_books_kept(db::Connection& conn) {
    auto m = dialect::reflect(conn);
    const auto& books = table_named(m, "books");
    CHECK(has_index(books, "ix_books_title"));
    CHECK(has_index(books, "ix_books_lower"));
    CHECK(scalar_text(conn, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'books_ins'") == "1");
    CHECK(scalar_text(conn, "SELECT count(*) FROM cheap") != "");
    // reviews' foreign key still points at books, and no ON DELETE CASCADE fired.
    const auto& reviews = table_named(m, "reviews");
    REQUIRE(reviews.foreign_keys.size() == 1);
    CHECK(reviews.foreign_keys[0].ref_table == "books");
    CHECK(scalar_text(conn, "SELECT count(*) FROM reviews") == "2");
    CHECK(scalar_text(conn, "SELECT count(*) FROM authors") == "2");
    test::require_clean(*&conn);
    // The trigger still fires.
    conn.execute("INSERT INTO books (code, title, author_id) VALUES ('z', 'Z', 1)");
    CHECK(scalar_text(conn, "SELECT what FROM log") == "book z");
}

} // namespace

TEST_CASE("alter_column type on SQLite recreates the table and keeps rows, rowids and values that do not convert",
          "[sqlite]") {
    auto conn = books_db();
    auto before = rows_of(*conn, "books");
    auto a = alter("books", "price");
    a.type = schema::Type::parse("integer");
    auto applied = apply_ops(*conn, {a});
    CHECK(applied.count("CREATE TABLE") == 1);
    auto after = rows_of(*conn, "books");
    REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < after.size(); ++i) CHECK(after[i][0] == before[i][0]); // rowids
    // '12' converts to 12 under INTEGER affinity; 'abc' is kept as it was (a CAST would give 0).
    CHECK(scalar_text(*conn, "SELECT typeof(price) || ':' || price FROM books WHERE code = 'a'") == "integer:12");
    CHECK(scalar_text(*conn, "SELECT typeof(price) || ':' || price FROM books WHERE code = 'b'") == "text:abc");
    CHECK(table_named(dialect::reflect(*conn), "books").column("price")->type == schema::Type::parse("integer"));
    require_books_kept(*conn);
}

TEST_CASE("alter_column nullability on SQLite sets NOT NULL when no row is NULL", "[sqlite]") {
    auto conn = books_db();
    conn->execute("UPDATE books SET title = 'untitled' WHERE title IS NULL");
    auto a = alter("books", "title");
    a.nullable = false;
    apply_ops(*conn, {a});
    CHECK_FALSE(table_named(dialect::reflect(*conn), "books").column("title")->nullable);
    require_books_kept(*conn);
}

TEST_CASE("NOT NULL on a column with NULLs rolls back and names the constraint, the row count and the rowids",
          "[sqlite]") {
    auto conn = books_db();
    auto schema_before = dialect::reflect(*conn);
    auto rows_before = rows_of(*conn, "books");
    auto a = alter("books", "title");
    a.nullable = false;
    try {
        apply_ops(*conn, {a});
        FAIL("expected the copy to fail");
    } catch (const DatabaseError& e) {
        std::string msg = e.what();
        CHECK_THAT(msg, Catch::Contains("NOT NULL constraint on books.title fails for 1 row (rowid 2)"));
    }
    CHECK(dialect::reflect(*conn) == schema_before);
    CHECK(rows_of(*conn, "books") == rows_before);
}

TEST_CASE("alter_column server default on SQLite changes the default and keeps the rows", "[sqlite]") {
    auto conn = books_db();
    auto rows_before = rows_of(*conn, "books");
    auto a = alter("books", "title");
    a.server_default = std::optional<std::string>("'untitled'");
    apply_ops(*conn, {a});
    CHECK(table_named(dialect::reflect(*conn), "books").column("title")->server_default == "'untitled'");
    CHECK(rows_of(*conn, "books") == rows_before);
    require_books_kept(*conn);
}

TEST_CASE("drop_column of an indexed column in a unique constraint and a check recreates the table", "[sqlite]") {
    auto conn = books_db();
    // price is in ck_price and in the view (replaced first: a view that uses a dropped column
    // refuses the drop); code in uq_code and referenced by reviews.
    ops::ReplaceView rv;
    rv.view.name = "cheap";
    rv.view.definition = "SELECT code FROM books";
    ops::DropColumn dc;
    dc.table = "books";
    dc.column = "price";
    auto applied = apply_ops(*conn, {rv, dc});
    CHECK(applied.count("CREATE TABLE") == 1);
    auto m = dialect::reflect(*conn);
    const auto& books = table_named(m, "books");
    CHECK(books.column("price") == nullptr);
    CHECK(books.check_constraints.empty());
    CHECK(rows_of(*conn, "books").size() == 3);
    // Dropping an indexed column drops its indexes (as PostgreSQL does).
    ops::DropColumn dt;
    dt.table = "books";
    dt.column = "title";
    apply_ops(*conn, {dt});
    auto m2 = dialect::reflect(*conn);
    CHECK(table_named(m2, "books").indexes.empty());
    CHECK(scalar_text(*conn, "SELECT count(*) FROM reviews") == "2");
    test::require_clean(*conn);
}

TEST_CASE("drop_column of a column a view or a trigger uses is refused, naming them, before anything runs", "[sqlite]") {
    auto conn = books_db();
    auto schema_before = dialect::reflect(*conn);
    auto rows_before = rows_of(*conn, "books");
    ops::DropColumn dc;
    dc.table = "books";
    dc.column = "title";
    CHECK_THROWS_WITH(apply_ops(*conn, {dc}),
                      Catch::StartsWith("drop_column books.title: view \"cheap\" uses column \"title\"; drop or replace it"));
    dc.column = "code"; // in the view and in the trigger books_ins (new.code)
    CHECK_THROWS_WITH(apply_ops(*conn, {dc}),
                      Catch::Contains("trigger \"books_ins\", view \"cheap\" use column \"code\""));
    CHECK(dialect::reflect(*conn) == schema_before);
    CHECK(rows_of(*conn, "books") == rows_before);
}

TEST_CASE("a column's name in a string literal or inside a longer name does not make a view use it", "[sqlite]") {
    auto conn = books_db();
    conn->execute_script("CREATE VIEW labels AS SELECT 'author_id' AS author_ids, code || '-author_id' AS c FROM books");
    ops::DropColumn dc;
    dc.table = "books";
    dc.column = "author_id";
    auto applied = apply_ops(*conn, {dc});
    CHECK(applied.count("CREATE TABLE") == 1); // author_id has a foreign key: recreation
    CHECK(table_named(dialect::reflect(*conn), "books").column("author_id") == nullptr);
    CHECK(scalar_text(*conn, "SELECT count(*) FROM labels") == "3");
}

TEST_CASE("alter_column collation on SQLite recreates the table, and NOCASE duplicates are named like other violations", "[sqlite]") {
    auto conn = books_db();
    conn->execute("INSERT INTO books (code, title) VALUES ('A', 'upper a')");
    auto a = alter("books", "code");
    a.collation = std::optional<std::string>{"NOCASE"};
    a.existing_collation = std::optional<std::string>{}; // was the default collation
    auto rows_before = rows_of(*conn, "books");
    CHECK_THROWS_WITH(apply_ops(*conn, {a}),
                      Catch::Contains("UNIQUE constraint uq_code (code) on books fails for 2 rows (rowids 4, 5)"));
    CHECK(rows_of(*conn, "books") == rows_before);

    conn->execute_script("DELETE FROM books WHERE code = 'A'; DELETE FROM log");
    apply_ops(*conn, {a});
    CHECK(table_named(dialect::reflect(*conn), "books").column("code")->collation == "NOCASE");
    CHECK(scalar_text(*conn, "SELECT title FROM books WHERE code = 'C'") == "Excession");
    CHECK_THROWS_AS(conn->execute("INSERT INTO books (code) VALUES ('B')"), DatabaseError);
    require_books_kept(*conn);

    auto undo = ops::reverse(ops::Op{a});
    REQUIRE(undo);
    apply_ops(*conn, {*undo});
    CHECK_FALSE(table_named(dialect::reflect(*conn), "books").column("code")->collation);
}

TEST_CASE("drop_column that SQLite can do in place is done in place", "[sqlite]") {
    auto conn = books_db();
    conn->execute("ALTER TABLE books ADD COLUMN note TEXT");
    ops::DropColumn dc;
    dc.table = "books";
    dc.column = "note";
    auto applied = apply_ops(*conn, {dc});
    CHECK(applied.count("CREATE TABLE") == 0);
    CHECK(applied.statements == std::vector<std::string>{"ALTER TABLE \"books\" DROP COLUMN \"note\""});
}

TEST_CASE("add_column with a non-constant default fills existing rows through the default", "[sqlite]") {
    auto conn = books_db();
    ops::AddColumn ac;
    ac.table = "books";
    ac.column = schema::Column{.name = "added", .type = schema::Type::parse("text"), .nullable = false,
                               .server_default = "CURRENT_TIMESTAMP"};
    apply_ops(*conn, {ac});
    CHECK(scalar_text(*conn, "SELECT count(*) FROM books WHERE added IS NULL") == "0");
    CHECK(scalar_text(*conn, "SELECT count(*) FROM books") == "3");
    require_books_kept(*conn);
}

TEST_CASE("add_column of a STORED generated column recreates the table and computes it for every row", "[sqlite]") {
    auto conn = books_db();
    ops::AddColumn ac;
    ac.table = "books";
    ac.column = schema::Column{.name = "title_length", .type = schema::Type::parse("integer"),
                               .generated = "length(title)", .generated_stored = true};
    auto applied = apply_ops(*conn, {ac});
    CHECK(applied.count("CREATE TABLE") == 1);
    CHECK(scalar_text(*conn, "SELECT group_concat(coalesce(title_length, 'null'), ',') FROM (SELECT title_length FROM books ORDER BY rowid)") ==
          "null,9,16");
    auto model = dialect::reflect(*conn);
    const auto* c = table_named(model, "books").column("title_length");
    REQUIRE(c);
    CHECK(c->generated == "length(title)");
    CHECK(c->generated_stored);
    require_books_kept(*conn);
}

TEST_CASE("a STRICT WITHOUT ROWID table with generated columns keeps all of it through a recreation", "[sqlite]") {
    auto conn = db::connect("sqlite://");
    conn->execute_script(R"(
        CREATE TABLE lines (id INTEGER NOT NULL, qty INTEGER NOT NULL, price REAL,
                            total REAL AS (qty * price) STORED, label TEXT AS ('#' || id),
                            PRIMARY KEY (id)) STRICT, WITHOUT ROWID;
        CREATE INDEX ix_lines_total ON lines (total);
        INSERT INTO lines (id, qty, price) VALUES (1, 2, 1.5), (2, 1, NULL), (3, 4, 0.25);
    )");
    auto before = dialect::reflect(*conn);
    auto a = alter("lines", "price");
    a.nullable = false;
    try {
        apply_ops(*conn, {a});
        FAIL("expected the copy to fail");
    } catch (const DatabaseError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("NOT NULL constraint on lines.price fails for 1 row ["));
    }
    CHECK(dialect::reflect(*conn) == before);
    conn->execute("UPDATE lines SET price = 3 WHERE price IS NULL");
    auto applied = apply_ops(*conn, {a});
    CHECK(applied.count("CREATE TABLE") == 1);
    auto after = dialect::reflect(*conn);
    auto expected = before;
    expected.tables[0].column("price")->nullable = false;
    CHECK(after == expected); // STRICT, WITHOUT ROWID, both generated columns and the index
    CHECK(scalar_text(*conn, "SELECT group_concat(total || label, ',') FROM (SELECT total, label FROM lines ORDER BY id)") == "3.0#1,3.0#2,1.0#3");
}

TEST_CASE("create and drop a primary key on SQLite keep the rowids", "[sqlite]") {
    auto conn = books_db();
    conn->execute_script("CREATE TABLE plain (k TEXT NOT NULL, v BLOB); "
                         "INSERT INTO plain VALUES ('x', x'00ff'), ('y', NULL), ('w', x''); DELETE FROM plain WHERE k = 'x'; "
                         "INSERT INTO plain VALUES ('x', 1e300)");
    auto rowids = scalar_text(*conn, "SELECT group_concat(rowid) FROM (SELECT rowid FROM plain ORDER BY k)");
    auto rows_before = rows_of(*conn, "plain");
    ops::CreatePrimaryKey pk;
    pk.table = "plain";
    pk.constraint = schema::PrimaryKey{"pk_plain", {"k"}};
    apply_ops(*conn, {pk});
    CHECK(table_named(dialect::reflect(*conn), "plain").primary_key->columns == std::vector<std::string>{"k"});
    CHECK(scalar_text(*conn, "SELECT group_concat(rowid) FROM (SELECT rowid FROM plain ORDER BY k)") == rowids);
    ops::DropConstraint drop;
    drop.table = "plain";
    drop.name = "pk_plain";
    drop.type = ops::ConstraintType::primary_key;
    apply_ops(*conn, {drop});
    CHECK_FALSE(table_named(dialect::reflect(*conn), "plain").primary_key);
    CHECK(rows_of(*conn, "plain") == rows_before);
    require_books_kept(*conn);
}

TEST_CASE("dropping an INTEGER PRIMARY KEY keeps its values as the rowids", "[sqlite]") {
    auto conn = books_db();
    auto rows_before = rows_of(*conn, "reviews");
    ops::DropConstraint drop;
    drop.table = "reviews";
    drop.name = "pk";
    drop.type = ops::ConstraintType::primary_key;
    apply_ops(*conn, {drop});
    CHECK_FALSE(table_named(dialect::reflect(*conn), "reviews").primary_key);
    CHECK(rows_of(*conn, "reviews") == rows_before);
}

TEST_CASE("create_unique_constraint on duplicates fails naming the constraint and the rowids", "[sqlite]") {
    auto conn = books_db();
    conn->execute("UPDATE books SET title = 'same'");
    ops::CreateUniqueConstraint u;
    u.table = "books";
    u.constraint = schema::UniqueConstraint{"uq_title", {"title"}};
    CHECK_THROWS_WITH(apply_ops(*conn, {u}),
                      Catch::Contains("UNIQUE constraint uq_title (title) on books fails for 3 rows (rowids 2, 3, 4)"));
    conn->execute("UPDATE books SET title = code");
    apply_ops(*conn, {u});
    CHECK(table_named(dialect::reflect(*conn), "books").unique_constraints.size() == 2);
    ops::DropConstraint drop;
    drop.table = "books";
    drop.name = "uq_title";
    drop.type = ops::ConstraintType::unique;
    apply_ops(*conn, {drop});
    CHECK(table_named(dialect::reflect(*conn), "books").unique_constraints.size() == 1);
    require_books_kept(*conn);
}

TEST_CASE("create_check_constraint on violating rows fails naming the check and the rowids", "[sqlite]") {
    auto conn = books_db();
    ops::CreateCheckConstraint ck;
    ck.table = "books";
    ck.constraint = schema::CheckConstraint{"ck_code", "length(code) = 2"};
    CHECK_THROWS_WITH(apply_ops(*conn, {ck}), Catch::Contains("CHECK constraint ck_code (length(code) = 2) on books fails for 3 rows"));
    ck.constraint.expression = "length(code) = 1";
    apply_ops(*conn, {ck});
    ops::DropConstraint drop;
    drop.table = "books";
    drop.name = "ck_price";
    drop.type = ops::ConstraintType::check;
    apply_ops(*conn, {drop});
    auto checks = table_named(dialect::reflect(*conn), "books").check_constraints;
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].name == "ck_code");
    require_books_kept(*conn);
}

TEST_CASE("create_foreign_key on SQLite is checked: violations roll back naming the key and the rowids", "[sqlite]") {
    auto conn = books_db();
    conn->execute("INSERT INTO log VALUES ('orphan')");
    ops::CreateForeignKey fk;
    fk.table = "log";
    fk.constraint = schema::ForeignKey{.name = "fk_log_book", .columns = {"what"}, .ref_table = "books", .ref_columns = {"code"}};
    CHECK_THROWS_WITH(apply_ops(*conn, {fk}),
                      Catch::Contains("FOREIGN KEY log(what) REFERENCES books(code) fails for 1 row (rowid 1)"));
    CHECK(table_named(dialect::reflect(*conn), "log").foreign_keys.empty());
    conn->execute("UPDATE log SET what = 'a'");
    apply_ops(*conn, {fk});
    CHECK(table_named(dialect::reflect(*conn), "log").foreign_keys.size() == 1);
    ops::DropConstraint drop;
    drop.table = "log";
    drop.name = "fk_log_book";
    drop.type = ops::ConstraintType::foreign_key;
    apply_ops(*conn, {drop});
    CHECK(table_named(dialect::reflect(*conn), "log").foreign_keys.empty());
    test::require_clean(*conn);
}

TEST_CASE("an unnamed foreign key is dropped by its definition and its reverse brings it back", "[sqlite]") {
    auto conn = books_db();
    auto rows_before = rows_of(*conn, "books");
    auto live = table_named(dialect::reflect(*conn), "books").foreign_keys;
    REQUIRE(live.size() == 1);
    REQUIRE_FALSE(live[0].name);
    ops::DropConstraint drop{{}, "books", "", ops::ConstraintType::foreign_key, ops::Constraint{live[0]}};
    // The referred table and columns say which key; the actions need not match.
    std::get<schema::ForeignKey>(*drop.definition).on_delete = schema::FkAction::no_action;
    apply_ops(*conn, {drop});
    CHECK(table_named(dialect::reflect(*conn), "books").foreign_keys.empty());
    CHECK(rows_of(*conn, "books") == rows_before);
    drop.definition = ops::Constraint{live[0]};
    apply_ops(*conn, {*ops::reverse(ops::Op{drop})});
    CHECK(table_named(dialect::reflect(*conn), "books").foreign_keys == live);
    CHECK(rows_of(*conn, "books") == rows_before);
    require_books_kept(*conn);

    ops::DropConstraint elsewhere{{}, "books", "", ops::ConstraintType::foreign_key,
                                  ops::Constraint{schema::ForeignKey{.columns = {"author_id"}, .ref_table = "books",
                                                                     .ref_columns = {"code"}}}};
    CHECK_THROWS_WITH(apply_ops(*conn, {elsewhere}), Catch::Contains("does not exist"));
}

TEST_CASE("the AUTOINCREMENT counter survives a recreation, not just max(rowid)", "[sqlite]") {
    auto conn = books_db();
    CHECK(scalar_text(*conn, "SELECT seq FROM sqlite_sequence WHERE name = 'authors'") == "3");
    auto a = alter("authors", "name");
    a.nullable = true;
    apply_ops(*conn, {a});
    CHECK(scalar_text(*conn, "SELECT seq FROM sqlite_sequence WHERE name = 'authors'") == "3");
    CHECK(table_named(dialect::reflect(*conn), "authors").column("id")->autoincrement);
    conn->execute("INSERT INTO authors (name) VALUES ('Okorafor')");
    CHECK(scalar_text(*conn, "SELECT max(id) FROM authors") == "4");
    // books' foreign key to authors survives, and no cascade removed books.
    CHECK(scalar_text(*conn, "SELECT count(*) FROM books WHERE author_id IS NOT NULL") == "2");
    test::require_clean(*conn);
}

TEST_CASE("consecutive ops on one table make one recreation, and a rename runs in place between two", "[sqlite]") {
    auto conn = books_db();
    auto a = alter("books", "price");
    a.type = schema::Type::parse("numeric(10,2)");
    auto b = alter("books", "title");
    b.server_default = std::optional<std::string>("'?'");
    ops::DropColumn dc;
    dc.table = "books";
    dc.column = "author_id";
    auto applied = apply_ops(*conn, {a, b, dc});
    CHECK(applied.count("CREATE TABLE") == 1);
    CHECK(applied.count("DROP TABLE") == 1);

    auto r = alter("books", "title");
    r.nullable = true;
    r.new_name = "name";
    auto c = alter("books", "name");
    c.server_default = std::optional<std::optional<std::string>>(std::nullopt);
    auto planned = ops::plan({r, c}, test::sqlite_dialect());
    REQUIRE(planned.size() == 3);
    CHECK(std::holds_alternative<ops::Op>(planned[1]));
    apply_ops(*conn, {r, c});
    auto m = dialect::reflect(*conn);
    CHECK(table_named(m, "books").column("name"));
    CHECK(has_index(table_named(m, "books"), "ix_books_title")); // rewritten by RENAME COLUMN
    test::require_clean(*conn);
}

TEST_CASE("offline statements from the tracked model equal the statements of the online run", "[sqlite]") {
    auto conn = books_db();
    auto model = dialect::reflect(*conn);
    auto a = alter("books", "price");
    a.type = schema::Type::parse("integer");
    a.nullable = true;
    ops::TableRun run{{std::nullopt, "books"}, {a}};
    const auto& d = test::sqlite_dialect();
    auto offline = ops::render_table_run(run, ops::table_state(model, run.table, d), d, false);
    ops::ForeignKeysOff off(*conn);
    db::Transaction tx(*conn);
    auto online = ops::execute_table_run(*conn, run, d);
    tx.commit();
    std::vector<std::string> offline_sql;
    for (const auto& s : offline.statements) offline_sql.push_back(s.sql);
    // Triggers are read from the database online only.
    REQUIRE(online.size() == offline_sql.size() + 1);
    online.pop_back();
    CHECK(online == offline_sql);
}
