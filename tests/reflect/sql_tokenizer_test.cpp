// The tokenizer and CREATE-statement readers that SQLite reflection relies on (no database).
#include <catch2/catch.hpp>

#include <migrate/dialect/detail/sql_tokenizer.hpp>

using namespace migrate::dialect::detail;

TEST_CASE("the tokenizer unquotes identifiers and literals and skips comments") {
    auto toks = tokenize("SELECT \"a\"\"b\", `c`, [d e], 'it''s', x'00ff' -- tail\n /* block */ 1.5e-3");
    REQUIRE(toks.size() == 11);
    CHECK(toks[0].is_word("select"));
    CHECK(toks[1].kind == TokenKind::quoted);
    CHECK(toks[1].value == "a\"b");
    CHECK(toks[3].value == "c");
    CHECK(toks[5].value == "d e");
    CHECK(toks[7].kind == TokenKind::string);
    CHECK(toks[7].value == "it's");
    CHECK(toks[9].value == "00ff");
    CHECK(toks[10].kind == TokenKind::number);
    CHECK(toks[10].value == "1.5e-3");
}

TEST_CASE("collapse_whitespace keeps quoted text and drops layout and the final semicolon") {
    CHECK(collapse_whitespace(" SELECT a,\n    'x  y'\n   FROM  t; ") == "SELECT a, 'x  y' FROM t");
    CHECK(collapse_whitespace("SELECT \"a  b\" -- c\nFROM t") == "SELECT \"a  b\" FROM t");
}

TEST_CASE("a CREATE TABLE yields named constraints, checks, collations and AUTOINCREMENT") {
    auto t = parse_create_table(R"(CREATE TABLE "or""ders" (
        id INTEGER CONSTRAINT pk_orders PRIMARY KEY AUTOINCREMENT,
        "e mail" VARCHAR(20) NOT NULL COLLATE NOCASE CONSTRAINT uq_mail UNIQUE,
        price NUMERIC(10, 2) DEFAULT (0) CHECK (price >= 0),
        parent INTEGER REFERENCES "or""ders" (id) ON DELETE SET DEFAULT DEFERRABLE INITIALLY DEFERRED,
        a TEXT, b TEXT,
        CONSTRAINT fk_ab FOREIGN KEY (a, b) REFERENCES other(x, y) ON UPDATE CASCADE,
        UNIQUE (a, b),
        CONSTRAINT ck_ab CHECK (a <> b OR (a IS NULL))
    ))");
    REQUIRE(t);
    CHECK(t->name == "or\"ders");
    REQUIRE(t->columns.size() == 6);
    CHECK(t->columns[0].autoincrement);
    CHECK(t->columns[1].name == "e mail");
    CHECK(t->columns[1].type == "VARCHAR(20)");
    CHECK(t->columns[1].collation == "NOCASE");
    CHECK(t->columns[2].type == "NUMERIC(10, 2)");
    REQUIRE(t->primary_key);
    CHECK(t->primary_key->name == "pk_orders");
    REQUIRE(t->uniques.size() == 2);
    CHECK(t->uniques[0].name == "uq_mail");
    CHECK_FALSE(t->uniques[1].name);
    CHECK(t->uniques[1].columns == std::vector<std::string>{"a", "b"});
    REQUIRE(t->checks.size() == 2);
    CHECK_FALSE(t->checks[0].name);
    CHECK(t->checks[0].expression == "price >= 0");
    CHECK(t->checks[1].name == "ck_ab");
    CHECK(t->checks[1].expression == "a <> b OR (a IS NULL)");
    REQUIRE(t->foreign_keys.size() == 2);
    CHECK(t->foreign_keys[0].ref_table == "or\"ders");
    CHECK(t->foreign_keys[0].deferrable);
    CHECK(t->foreign_keys[0].initially_deferred);
    CHECK(t->foreign_keys[1].name == "fk_ab");
    CHECK(t->foreign_keys[1].ref_columns == std::vector<std::string>{"x", "y"});
    CHECK_FALSE(t->foreign_keys[1].deferrable);
}

TEST_CASE("a CREATE TABLE with a table-level primary key and WITHOUT ROWID is read") {
    auto t = parse_create_table("CREATE TABLE IF NOT EXISTS main.kv (k TEXT, v BLOB, "
                                "CONSTRAINT kv_pk PRIMARY KEY (k)) WITHOUT ROWID");
    REQUIRE(t);
    CHECK(t->name == "kv");
    CHECK(t->without_rowid);
    REQUIRE(t->primary_key);
    CHECK(t->primary_key->name == "kv_pk");
    CHECK(t->primary_key->columns == std::vector<std::string>{"k"});
    CHECK_FALSE(parse_create_table("CREATE VIRTUAL TABLE f USING fts5(a)"));
}

TEST_CASE("a CREATE TABLE with generated columns and STRICT yields their expressions and kinds") {
    auto t = parse_create_table("CREATE TABLE t (a INTEGER NOT NULL, b TEXT AS (a || 'x') NOT NULL, "
                                "c INT GENERATED ALWAYS AS ((a + 1) * 2) STORED CHECK (c > 0), "
                                "d REAL CONSTRAINT d_gen GENERATED ALWAYS AS (a / 2.0) VIRTUAL COLLATE BINARY, "
                                "e TEXT DEFAULT 'AS (x)') WITHOUT ROWID, STRICT");
    REQUIRE(t);
    CHECK(t->strict);
    CHECK(t->without_rowid);
    REQUIRE(t->columns.size() == 5);
    CHECK_FALSE(t->columns[0].generated);
    CHECK(t->columns[1].type == "TEXT");
    CHECK(t->columns[1].generated == "a || 'x'");
    CHECK_FALSE(t->columns[1].generated_stored);
    CHECK(t->columns[2].type == "INT");
    CHECK(t->columns[2].generated == "(a + 1) * 2");
    CHECK(t->columns[2].generated_stored);
    REQUIRE(t->checks.size() == 1);
    CHECK(t->checks[0].expression == "c > 0");
    CHECK(t->columns[3].generated == "a / 2.0");
    CHECK_FALSE(t->columns[3].generated_stored);
    CHECK(t->columns[3].collation == "BINARY");
    CHECK_FALSE(t->columns[4].generated); // a default's text is not a generation
    CHECK_FALSE(parse_create_table("CREATE TABLE s (a INT) STRICT")->without_rowid);
    CHECK(parse_create_table("CREATE TABLE s (a INT) STRICT")->strict);
}

TEST_CASE("a CREATE INDEX yields expression elements, order and the partial predicate") {
    auto i = parse_create_index("CREATE UNIQUE INDEX \"ix 1\" ON \"t\" (lower(\"e mail\") DESC, b COLLATE NOCASE, \"c\") "
                                "WHERE deleted_at IS NULL;");
    REQUIRE(i);
    CHECK(i->unique);
    CHECK(i->name == "ix 1");
    CHECK(i->table == "t");
    REQUIRE(i->elements.size() == 3);
    CHECK(i->elements[0].text == "lower(\"e mail\")");
    CHECK_FALSE(i->elements[0].is_column);
    CHECK(i->elements[0].descending);
    CHECK(i->elements[1].is_column);
    CHECK(i->elements[1].text == "b");
    CHECK(i->elements[2].text == "c");
    CHECK(i->where == "deleted_at IS NULL");
}

TEST_CASE("a CREATE VIEW yields its SELECT") {
    CHECK(parse_create_view("CREATE VIEW \"v\" (a, b) AS\n  SELECT 1,\n 2;") == "SELECT 1, 2");
    CHECK(parse_create_view("CREATE TEMP VIEW IF NOT EXISTS v AS SELECT * FROM t") == "SELECT * FROM t");
    CHECK_FALSE(parse_create_view("CREATE TABLE v (a)"));
}
