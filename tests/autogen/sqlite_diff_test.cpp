// Kinds of difference on SQLite: what SQLite can do in place passes the whole cycle; what it
// cannot is still found (the runtime refuses it before running anything).
#include "autogen_support.hpp"

#include <algorithm>

#include <migrate/base/error.hpp>
#include <support/test_support.hpp>

using namespace migrate;
using namespace migrate::test;

namespace {

struct Lite {
    TempDir dir;
    Databases dbs() const { return {"sqlite:///" + (dir / "live.db").string(), ""}; }
};

bool has(const autogen::Diff& d, const std::string& name) {
    auto names = op_names(d.upgrade);
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

TEST_CASE("sqlite: new tables are created referenced first and dropped in reverse", "[sqlite]") {
    Lite l;
    auto d = full_cycle(l.dbs(), "",
                        "CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors(id) ON DELETE CASCADE,"
                        " title TEXT NOT NULL DEFAULT 'untitled', CHECK (length(title) > 0));"
                        "CREATE TABLE authors (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(100) NOT NULL UNIQUE);"
                        "CREATE INDEX ix_books_title ON books (lower(title)) WHERE title <> '';");
    REQUIRE(op_names(d.upgrade) == std::vector<std::string>{"create_table", "create_table"});
    CHECK(std::get<ops::CreateTable>(d.upgrade[0]).table.name == "authors");
}

TEST_CASE("sqlite: a dropped table is recreated fully by the downgrade", "[sqlite]") {
    Lite l;
    auto d = full_cycle(l.dbs(),
                        "CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (id INTEGER PRIMARY KEY, "
                        "a_id INTEGER REFERENCES a(id), n NUMERIC(10,2) DEFAULT 0 CHECK (n >= 0), u TEXT UNIQUE);"
                        "CREATE UNIQUE INDEX ix_b ON b (n, u DESC);",
                        "CREATE TABLE a (id INTEGER PRIMARY KEY);");
    CHECK(has(d, "drop_table"));
}

TEST_CASE("sqlite: circular foreign keys are created inline", "[sqlite]") {
    Lite l;
    auto d = full_cycle(l.dbs(), "",
                        "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id));"
                        "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));");
    CHECK(op_names(d.upgrade) == std::vector<std::string>{"create_table", "create_table"});
}

TEST_CASE("sqlite: added columns, indexes and views pass the cycle", "[sqlite]") {
    Lite l;
    auto d = full_cycle(l.dbs(),
                        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); CREATE INDEX ix_old ON t (name);"
                        "CREATE VIEW v AS SELECT id FROM t; CREATE VIEW gone AS SELECT name FROM t;",
                        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER NOT NULL DEFAULT 0);"
                        "CREATE UNIQUE INDEX ix_new ON t (name) WHERE n > 0;"
                        "CREATE VIEW v AS SELECT id, n FROM t; CREATE VIEW fresh AS SELECT count(*) AS c FROM t;");
    CHECK(has(d, "add_column"));
    CHECK(has(d, "create_index"));
    CHECK(has(d, "drop_index"));
    CHECK(has(d, "create_view"));
    CHECK(has(d, "drop_view"));
}

TEST_CASE("sqlite: changes SQLite cannot make in place are still found", "[sqlite]") {
    Lite l;
    auto conn = db::connect(l.dbs().live_url);
    conn->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20), n INTEGER DEFAULT 1)");
    auto target = load_sql(l.dbs(), "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL, n INTEGER DEFAULT 2,"
                                    " CONSTRAINT n_ck CHECK (n > 0))");
    auto d = autogen::autogenerate(*conn, target);
    INFO(listing(d));
    CHECK(op_names(d.upgrade) == std::vector<std::string>{"alter_column", "alter_column", "create_check_constraint"});
    const auto& alter = std::get<ops::AlterColumn>(d.upgrade[0]);
    CHECK(alter.type == schema::Type::parse("varchar(50)"));
    CHECK(alter.nullable == false);
    CHECK_THROWS_AS(apply_ops(*conn, d.upgrade), NotSupported);
}

TEST_CASE("sqlite: a collation difference is an alter_column that the downgrade reverses", "[sqlite]") {
    Lite l;
    auto conn = db::connect(l.dbs().live_url);
    conn->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT COLLATE RTRIM, code TEXT)");
    auto target = load_sql(l.dbs(), "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, code TEXT COLLATE NOCASE)");
    auto d = autogen::autogenerate(*conn, target);
    INFO(listing(d));
    CHECK(d.warnings.empty());
    REQUIRE(op_names(d.upgrade) == std::vector<std::string>{"alter_column", "alter_column"});
    const auto& name = std::get<ops::AlterColumn>(d.upgrade[0]);
    REQUIRE(name.collation);
    CHECK_FALSE(*name.collation);
    CHECK(name.existing_collation == std::optional<std::optional<std::string>>{std::optional<std::string>{"RTRIM"}});
    CHECK(std::get<ops::AlterColumn>(d.upgrade[1]).collation == std::optional<std::optional<std::string>>{"NOCASE"});
    const auto& undo = std::get<ops::AlterColumn>(d.downgrade[1]);
    CHECK(undo.collation == std::optional<std::optional<std::string>>{std::optional<std::string>{"RTRIM"}});
}

TEST_CASE("sqlite: look-alike tables and columns are reported, not renamed", "[sqlite]") {
    Lite l;
    auto conn = db::connect(l.dbs().live_url);
    conn->execute_script("CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, price REAL);");
    auto target = load_sql(l.dbs(), "CREATE TABLE volumes (id INTEGER PRIMARY KEY, title TEXT, price REAL);");
    auto d = autogen::autogenerate(*conn, target);
    CHECK(op_names(d.upgrade) == std::vector<std::string>{"drop_table", "create_table"});
    REQUIRE(d.warnings.size() == 1);
    CHECK(d.warnings[0].find("--rename books:volumes") != std::string::npos);

    conn->execute_script("DROP TABLE books; CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT);");
    target = load_sql(l.dbs(), "CREATE TABLE books (id INTEGER PRIMARY KEY, name TEXT);");
    d = autogen::autogenerate(*conn, target);
    REQUIRE(d.warnings.size() == 1);
    CHECK(d.warnings[0].find("--rename books.title:name") != std::string::npos);
}

TEST_CASE("sqlite: --rename turns a look-alike table into rename_table and keeps the rows", "[sqlite]") {
    Lite l;
    autogen::CompareOptions o;
    o.renames = {autogen::parse_rename("books:volumes")};
    auto d = full_cycle(l.dbs(), "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO books VALUES (1, 'Dune');",
                        "CREATE TABLE volumes (id INTEGER PRIMARY KEY, title TEXT);", o);
    CHECK(op_names(d.upgrade) == std::vector<std::string>{"rename_table"});
    auto conn = db::connect(l.dbs().live_url);
    CHECK(conn->query("SELECT title FROM books")[0][0].as_text() == "Dune");
}

TEST_CASE("sqlite: exclude_tables globs leave tables out on both sides", "[sqlite]") {
    Lite l;
    auto conn = db::connect(l.dbs().live_url);
    conn->execute_script("CREATE TABLE spatial_ref_sys (id INTEGER PRIMARY KEY); CREATE TABLE tmp_1 (id INTEGER);");
    autogen::CompareOptions o;
    o.exclude_tables = {"spatial_ref_sys", "tmp_*"};
    CHECK(autogen::autogenerate(*conn, schema::MetaData{}, o).empty());
    CHECK_FALSE(autogen::autogenerate(*conn, schema::MetaData{}).empty());
}

TEST_CASE("sqlite: an index with the same definition under a new name is a rename, done by drop and create",
          "[sqlite]") {
    Lite l;
    auto d = full_cycle(l.dbs(),
                        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER);"
                        "CREATE UNIQUE INDEX ix_old ON t (lower(name), n DESC) WHERE n > 0;",
                        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER);"
                        "CREATE UNIQUE INDEX t_name_idx ON t (lower(name), n DESC) WHERE n > 0;");
    REQUIRE(autogen::describe(d) == std::vector<std::string>{"rename_index ix_old to t_name_idx on t"});
    REQUIRE(d.warnings.size() == 1);
    CHECK(d.warnings[0].find("no ALTER INDEX ... RENAME, so it is dropped and created again") != std::string::npos);
    auto sql = ops::render_statements(d.upgrade, dialect::dialect_for(db::Backend::sqlite));
    REQUIRE(sql.size() == 2);
    CHECK(sql[0].sql == "DROP INDEX \"ix_old\"");
    CHECK(sql[1].sql.find("CREATE UNIQUE INDEX \"t_name_idx\" ON \"t\"") == 0);
}
