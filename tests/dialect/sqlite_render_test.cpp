// SQLite DDL rendering, no database: exact statements for every object, NotSupported for what
// SQLite cannot represent.
#include <catch2/catch.hpp>

// Test models are written as aggregates that name only the fields that matter.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <migrate/base/error.hpp>
#include <migrate/dialect/dialect.hpp>

using namespace migrate::schema;
using migrate::NotSupported;
using migrate::dialect::dialect_for;
using migrate::dialect::Statements;

namespace {
const migrate::dialect::Dialect& sqlite() { return dialect_for(migrate::db::Backend::sqlite); }

Table books() {
    Table t;
    t.name = "books";
    t.columns = {Column{"id", Type::parse("integer"), false},
                 Column{"title", Type::parse("varchar(200)"), false, "'untitled'"},
                 Column{"author_id", Type::parse("bigint")},
                 Column{"added", Type::parse("timestamp"), true, "CURRENT_TIMESTAMP"},
                 Column{"price", Type::parse("numeric(10,2)"), true, "round(1.5, 1)", Identity::none, false, "NOCASE"}};
    t.primary_key = PrimaryKey{std::nullopt, {"id"}};
    t.foreign_keys = {ForeignKey{"fk_author", {"author_id"}, std::nullopt, "authors", {"id"}, FkAction::cascade,
                                 FkAction::no_action, true, true}};
    t.unique_constraints = {UniqueConstraint{"uq_title", {"title", "author_id"}}};
    t.check_constraints = {CheckConstraint{std::nullopt, "price >= 0"}};
    t.indexes = {Index{"ix_title", {IndexElement{"lower(title)", true}, IndexElement{"id", false, true}}, true, "price > 0"}};
    return t;
}
} // namespace

TEST_CASE("sqlite renders CREATE TABLE with inline keys, checks and foreign keys, then its indexes") {
    Statements s = sqlite().create_table(books());
    REQUIRE(s.size() == 2);
    CHECK(s[0] == "CREATE TABLE \"books\" (\n"
                  "    \"id\" INTEGER NOT NULL,\n"
                  "    \"title\" VARCHAR(200) NOT NULL DEFAULT 'untitled',\n"
                  "    \"author_id\" BIGINT,\n"
                  "    \"added\" TIMESTAMP DEFAULT CURRENT_TIMESTAMP,\n"
                  "    \"price\" NUMERIC(10,2) DEFAULT (round(1.5, 1)) COLLATE \"NOCASE\",\n"
                  "    PRIMARY KEY (\"id\"),\n"
                  "    CONSTRAINT \"uq_title\" UNIQUE (\"title\", \"author_id\"),\n"
                  "    CHECK (price >= 0),\n"
                  "    CONSTRAINT \"fk_author\" FOREIGN KEY (\"author_id\") REFERENCES \"authors\" (\"id\") ON DELETE CASCADE "
                  "DEFERRABLE INITIALLY DEFERRED\n"
                  ")");
    CHECK(s[1] == "CREATE UNIQUE INDEX \"ix_title\" ON \"books\" ((lower(title)), \"id\" DESC) WHERE price > 0");
}

TEST_CASE("sqlite can leave foreign keys and indexes out of CREATE TABLE") {
    Statements s = sqlite().create_table(books(), {.include_foreign_keys = false, .include_indexes = false, .if_not_exists = true});
    REQUIRE(s.size() == 1);
    CHECK(s[0].starts_with("CREATE TABLE IF NOT EXISTS \"books\" ("));
    CHECK(s[0].find("FOREIGN KEY") == std::string::npos);
}

TEST_CASE("sqlite renders AUTOINCREMENT as an inline INTEGER PRIMARY KEY column") {
    Table t;
    t.name = "t";
    t.columns = {Column{"id", Type::parse("bigint"), false, std::nullopt, Identity::none, true}, Column{"x", Type::parse("text")}};
    t.primary_key = PrimaryKey{std::nullopt, {"id"}};
    CHECK(sqlite().create_table(t)[0] == "CREATE TABLE \"t\" (\n    \"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n    \"x\" TEXT\n)");
    t.primary_key->name = "pk t";
    CHECK(sqlite().create_table(t)[0] ==
          "CREATE TABLE \"t\" (\n    \"id\" INTEGER CONSTRAINT \"pk t\" PRIMARY KEY AUTOINCREMENT NOT NULL,\n    \"x\" TEXT\n)");
    t.primary_key->columns = {"id", "x"};
    CHECK_THROWS_AS(sqlite().create_table(t), NotSupported);
}

TEST_CASE("sqlite renders generated columns, STRICT and WITHOUT ROWID") {
    Table t;
    t.name = "lines";
    Column total{"total", Type::parse("real"), false};
    total.generated = "price * qty";
    total.generated_stored = true;
    Column label{"label", Type::parse("text")};
    label.generated = "upper(name)";
    t.columns = {Column{"id", Type::parse("integer"), false}, Column{"price", Type::parse("real")},
                 Column{"qty", Type::parse("integer")}, Column{"name", Type::parse("any")}, total, label};
    t.primary_key = PrimaryKey{std::nullopt, {"id"}};
    t.strict = true;
    CHECK(sqlite().create_table(t)[0] == "CREATE TABLE \"lines\" (\n    \"id\" INTEGER NOT NULL,\n    \"price\" REAL,\n"
                                         "    \"qty\" INTEGER,\n    \"name\" any,\n"
                                         "    \"total\" REAL NOT NULL GENERATED ALWAYS AS (price * qty) STORED,\n"
                                         "    \"label\" TEXT GENERATED ALWAYS AS (upper(name)) VIRTUAL,\n"
                                         "    PRIMARY KEY (\"id\")\n) STRICT");
    t.without_rowid = true;
    CHECK(sqlite().create_table(t)[0].ends_with("\n) WITHOUT ROWID, STRICT"));
    t.strict = false;
    CHECK(sqlite().create_table(t)[0].ends_with("\n) WITHOUT ROWID"));

    migrate::dialect::ObjectName name{std::nullopt, "lines"};
    CHECK(sqlite().add_column(name, label) ==
          Statements{"ALTER TABLE \"lines\" ADD COLUMN \"label\" TEXT GENERATED ALWAYS AS (upper(name)) VIRTUAL"});
    CHECK_THROWS_WITH(sqlite().add_column(name, total), Catch::Contains("STORED generated column (lines.total)") &&
                                                          Catch::Contains("table recreation"));
    label.server_default = "'x'";
    CHECK_THROWS_AS(sqlite().column_definition(label), NotSupported);
}

TEST_CASE("sqlite refuses what STRICT and WITHOUT ROWID tables cannot hold, and INCLUDE columns") {
    Table t;
    t.name = "t";
    t.columns = {Column{"id", Type::parse("integer"), false}, Column{"v", Type::parse("varchar(10)")}};
    t.strict = true;
    CHECK_THROWS_WITH(sqlite().create_table(t), Catch::Contains("column t.v is varchar(10)"));
    t.strict = false;
    t.without_rowid = true;
    CHECK_THROWS_WITH(sqlite().create_table(t), Catch::Contains("WITHOUT ROWID table needs a primary key"));
    t.columns[0].autoincrement = true;
    t.primary_key = PrimaryKey{std::nullopt, {"id"}};
    CHECK_THROWS_WITH(sqlite().create_table(t), Catch::Contains("cannot have AUTOINCREMENT"));
    Index ix{"ix", {IndexElement{"id"}}};
    ix.include = {"v"};
    CHECK_THROWS_WITH(sqlite().create_index({std::nullopt, "t"}, ix), Catch::Contains("INCLUDE columns"));
}

TEST_CASE("sqlite spells portable types so that they parse back to themselves") {
    for (std::string spelling : {"integer", "smallint", "bigint", "varchar(20)", "char(3)", "text", "numeric(10,2)", "real",
                                 "double", "boolean", "date", "time", "timestamp", "timestamptz", "uuid", "json", "jsonb",
                                 "blob", "tsvector", "\"My Type\""}) {
        Type t = Type::parse(spelling);
        INFO(spelling << " -> " << sqlite().render_type(t));
        CHECK(sqlite().parse_type(sqlite().render_type(t)) == t);
    }
    CHECK(sqlite().render_type(Type::parse("double precision")) == "DOUBLE");
    CHECK(sqlite().render_type(Type::parse("bytea")) == "BLOB");
    CHECK(sqlite().render_type(Type::parse("bool")) == "BOOLEAN");
    CHECK_THROWS_AS(sqlite().render_type(Type::parse("integer[]")), NotSupported);
}

TEST_CASE("sqlite renders the ALTERs it has and refuses the others naming the column") {
    migrate::dialect::ObjectName t{std::nullopt, "books"};
    CHECK(sqlite().add_column(t, Column{"isbn", Type::parse("varchar(13)")}) ==
          Statements{"ALTER TABLE \"books\" ADD COLUMN \"isbn\" VARCHAR(13)"});
    CHECK(sqlite().drop_column(t, "isbn") == Statements{"ALTER TABLE \"books\" DROP COLUMN \"isbn\""});
    CHECK(sqlite().rename_column(t, "a", "b") == Statements{"ALTER TABLE \"books\" RENAME COLUMN \"a\" TO \"b\""});
    CHECK(sqlite().rename_table(t, "tomes") == Statements{"ALTER TABLE \"books\" RENAME TO \"tomes\""});
    CHECK(sqlite().drop_table({"main", "books"}) == Statements{"DROP TABLE \"main\".\"books\""});
    CHECK_THROWS_WITH(sqlite().alter_column_type(t, "title", Type::parse("text")), Catch::Contains("books.title"));
    CHECK_THROWS_AS(sqlite().alter_column_nullable(t, "title", true), NotSupported);
    CHECK_THROWS_AS(sqlite().alter_column_default(t, "title", std::nullopt), NotSupported);
    CHECK_THROWS_AS(sqlite().add_primary_key(t, PrimaryKey{std::nullopt, {"id"}}), NotSupported);
    CHECK_THROWS_AS(sqlite().add_unique(t, UniqueConstraint{"u", {"id"}}), NotSupported);
    CHECK_THROWS_AS(sqlite().add_foreign_key(t, ForeignKey{}), NotSupported);
    CHECK_THROWS_AS(sqlite().add_check(t, CheckConstraint{"c", "1"}), NotSupported);
    CHECK_THROWS_WITH(sqlite().drop_constraint(t, "uq_title"), Catch::Contains("uq_title"));
    CHECK_FALSE(sqlite().capabilities().alter_column_type);
    CHECK(sqlite().capabilities().transactional_ddl);
}

TEST_CASE("sqlite refuses comments, enums, sequences, schemas and identity, naming the object") {
    migrate::dialect::ObjectName t{std::nullopt, "books"};
    CHECK_THROWS_WITH(sqlite().set_table_comment(t, "x"), Catch::Contains("table books"));
    CHECK_THROWS_WITH(sqlite().set_column_comment(t, "title", "x"), Catch::Contains("books.title"));
    CHECK_THROWS_WITH(sqlite().create_enum(EnumType{std::nullopt, "mood", {"a"}}), Catch::Contains("enum mood"));
    CHECK_THROWS_AS(sqlite().add_enum_value({std::nullopt, "mood"}, "b"), NotSupported);
    CHECK_THROWS_WITH(sqlite().create_sequence(Sequence{std::nullopt, "seq"}), Catch::Contains("sequence seq"));
    CHECK_THROWS_WITH(sqlite().create_schema("app"), Catch::Contains("schema app"));
    Table c = books();
    c.comment = "x";
    CHECK_THROWS_WITH(sqlite().create_table(c), Catch::Contains("table books"));
    c = books();
    c.columns[1].comment = "x";
    CHECK_THROWS_WITH(sqlite().create_table(c), Catch::Contains("books.title"));
    c = books();
    c.columns[0].identity = Identity::always;
    CHECK_THROWS_WITH(sqlite().create_table(c), Catch::Contains("books.id"));
    CHECK_THROWS_AS(sqlite().create_index(t, Index{"g", {IndexElement{"a"}}, false, std::nullopt, "gin"}), NotSupported);
}

TEST_CASE("sqlite renders indexes and views with the schema on the object name") {
    CHECK(sqlite().create_index({"aux", "books"}, Index{"ix", {IndexElement{"a"}}}, {.if_not_exists = true}) ==
          Statements{"CREATE INDEX IF NOT EXISTS \"aux\".\"ix\" ON \"books\" (\"a\")"});
    CHECK(sqlite().drop_index({std::nullopt, "ix"}) == Statements{"DROP INDEX \"ix\""});
    View v{std::nullopt, "v", "SELECT 1 AS one"};
    CHECK(sqlite().create_view(v) == Statements{"CREATE VIEW \"v\" AS SELECT 1 AS one"});
    CHECK(sqlite().replace_view(v) == Statements{"DROP VIEW IF EXISTS \"v\"", "CREATE VIEW \"v\" AS SELECT 1 AS one"});
    CHECK(sqlite().drop_view({std::nullopt, "v"}) == Statements{"DROP VIEW \"v\""});
}

TEST_CASE("sqlite keeps foreign keys inline even in a cycle") {
    MetaData m;
    Table a, b;
    a.name = "a";
    a.columns = {Column{"id", Type::parse("integer")}, Column{"b_id", Type::parse("integer")}};
    a.foreign_keys = {ForeignKey{std::nullopt, {"b_id"}, std::nullopt, "b", {"id"}}};
    b.name = "b";
    b.columns = {Column{"id", Type::parse("integer")}, Column{"a_id", Type::parse("integer")}};
    b.foreign_keys = {ForeignKey{std::nullopt, {"a_id"}, std::nullopt, "a", {"id"}}};
    m.tables = {a, b};
    Statements s = sqlite().render_metadata(m);
    REQUIRE(s.size() == 2);
    CHECK(s[0].find("REFERENCES \"b\"") != std::string::npos);
    CHECK(s[1].find("REFERENCES \"a\"") != std::string::npos);
}

TEST_CASE("sqlite literals for offline scripts") {
    using migrate::db::Value;
    CHECK(sqlite().literal(Value{}) == "NULL");
    CHECK(sqlite().literal(Value{42}) == "42");
    CHECK(sqlite().literal(Value{true}) == "1");
    CHECK(sqlite().literal(Value{2.5}) == "2.5");
    CHECK(sqlite().literal(Value{3.0}) == "3.0");
    CHECK(sqlite().literal(Value{"it's"}) == "'it''s'");
    CHECK(sqlite().literal(Value{migrate::db::Blob{{0x00, 0xff}}}) == "x'00ff'");
}

TEST_CASE("sqlite normalises defaults: outer parentheses, case and spacing") {
    CHECK(sqlite().normalise_default("(datetime('now'))") == "datetime('now')");
    CHECK(sqlite().normalise_default("CURRENT_TIMESTAMP") == "current_timestamp");
    CHECK(sqlite().normalise_default("'It''S'") == "'It''S'");
    CHECK(sqlite().normalise_default("(1) + (2)") == "(1) + (2)");
}

TEST_CASE("sqlite normalise folds autoincrement columns to integer and drops btree") {
    MetaData m;
    Table t;
    t.name = "t";
    t.columns = {Column{"id", Type::parse("bigint"), false, std::nullopt, Identity::none, true},
                 Column{"d", Type::parse("int4"), true, "(0)"}};
    t.primary_key = PrimaryKey{std::nullopt, {"id"}};
    t.indexes = {Index{"ix", {IndexElement{"d"}}, false, std::nullopt, "btree"}};
    m.tables = {t};
    MetaData n = sqlite().normalise(m);
    CHECK(n.tables[0].columns[0].type == Type{"integer", {}});
    CHECK(n.tables[0].columns[1].server_default == "0");
    CHECK_FALSE(n.tables[0].indexes[0].method.has_value());
    CHECK(sqlite().normalise(n) == n);
}
