// Every kind of difference on PostgreSQL: found, applied, fixpoint, exact downgrade.
#include "autogen_support.hpp"

#include <algorithm>

#include <migrate/base/error.hpp>

#include <support/test_support.hpp>

using namespace migrate;
using namespace migrate::test;

namespace {

struct Pg {
    explicit Pg(const std::string& server) : live(server), dev(server) {}
    PgDatabase live;
    PgDatabase dev;
    Databases dbs() const { return {live.url(), dev.url()}; }
};

std::unique_ptr<Pg> pg() {
    auto url = pg_url();
    if (!url) return nullptr;
    return std::make_unique<Pg>(*url);
}

bool has(const autogen::Diff& d, const std::string& name) {
    auto names = op_names(d.upgrade);
    return std::find(names.begin(), names.end(), name) != names.end();
}

const char* k_authors = "CREATE TABLE authors (id integer PRIMARY KEY, name text NOT NULL);";

} // namespace

TEST_CASE("new tables are created referenced first, and dropped in reverse", "[postgres]") {
    auto p = pg();
    if (!p) return;
    // Reflection lists tables by name: "a_books" comes before the "b_authors" it references.
    auto d = full_cycle(p->dbs(), "",
                        "CREATE TABLE b_authors (id integer PRIMARY KEY, name text NOT NULL);"
                        "CREATE TABLE a_books (id integer PRIMARY KEY, author_id integer REFERENCES b_authors(id) "
                        "ON DELETE CASCADE);");
    REQUIRE(op_names(d.upgrade) == std::vector<std::string>{"create_table", "create_table"});
    CHECK(std::get<ops::CreateTable>(d.upgrade[0]).table.name == "b_authors");
    CHECK(std::get<ops::DropTable>(d.downgrade[0]).table == "a_books");
}

TEST_CASE("a dropped table is recreated fully by the downgrade", "[postgres]") {
    auto p = pg();
    if (!p) return;
    auto d = full_cycle(p->dbs(),
                        std::string(k_authors) + "CREATE TABLE books (id serial PRIMARY KEY, title varchar(200) NOT NULL "
                        "DEFAULT 'untitled', author_id integer REFERENCES authors(id), CHECK (length(title) > 0));"
                        "CREATE UNIQUE INDEX ix_title ON books (lower(title)) WHERE title <> '';"
                        "COMMENT ON TABLE books IS 'the books';",
                        k_authors);
    CHECK(has(d, "drop_table"));
}

TEST_CASE("circular foreign keys are closed after both tables exist", "[postgres]") {
    auto p = pg();
    if (!p) return;
    auto d = full_cycle(p->dbs(), "",
                        "CREATE TABLE a (id integer PRIMARY KEY, b_id integer);"
                        "CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a(id));"
                        "ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b(id);");
    CHECK(op_names(d.upgrade) == std::vector<std::string>{"create_table", "create_table", "create_foreign_key"});
}

TEST_CASE("column additions, drops, types, nullability, defaults and comments are found", "[postgres]") {
    auto p = pg();
    if (!p) return;
    auto d = full_cycle(p->dbs(),
                        "CREATE TABLE t (id integer PRIMARY KEY, gone text, name varchar(20), n integer, "
                        "status text DEFAULT 'new', flag boolean DEFAULT false);",
                        "CREATE TABLE t (id integer PRIMARY KEY, name varchar(50) NOT NULL, n bigint, "
                        "status text DEFAULT 'open', flag boolean DEFAULT false, added timestamptz DEFAULT now());"
                        "COMMENT ON TABLE t IS 'a table'; COMMENT ON COLUMN t.n IS 'a number';");
    CHECK(has(d, "drop_column"));
    CHECK(has(d, "add_column"));
    CHECK(has(d, "alter_column"));
    CHECK(has(d, "set_table_comment"));
}

TEST_CASE("a collation difference is an alter_column that restates the type, applied and reversed", "[postgres]") {
    auto p = pg();
    if (!p) return;
    auto d = full_cycle(p->dbs(), "CREATE TABLE t (id integer PRIMARY KEY, name varchar(20) COLLATE \"C\", code text);",
                        "CREATE TABLE t (id integer PRIMARY KEY, name varchar(20), code text COLLATE \"C\");");
    CHECK(d.warnings.empty());
    REQUIRE(op_names(d.upgrade) == std::vector<std::string>{"alter_column", "alter_column"});
    for (const auto& op : d.upgrade) CHECK(std::get<ops::AlterColumn>(op).collation);
}

TEST_CASE("equal server defaults in other spellings show no difference", "[postgres]") {
    auto p = pg();
    if (!p) return;
    auto conn = db::connect(p->live.url());
    conn->execute_script("CREATE TABLE t (a text DEFAULT 'x'::text, b varchar(5) DEFAULT 'y'::character varying, "
                         "c numeric(5,2) DEFAULT 0, d timestamptz DEFAULT CURRENT_TIMESTAMP, e integer DEFAULT (1))");
    schema::MetaData target;
    schema::Table t;
    t.name = "t";
    auto column = [](const char* name, const char* type, const char* def) {
        schema::Column c;
        c.name = name;
        c.type = schema::Type::parse(type);
        c.server_default = def;
        return c;
    };
    t.columns = {column("a", "text", "'x'"), column("b", "varchar(5)", "'y'"), column("c", "numeric(5,2)", "0"),
                 column("d", "timestamptz", "CURRENT_TIMESTAMP"), column("e", "integer", "1")};
    target.tables.push_back(t);
    auto d = autogen::autogenerate(*conn, target);
    INFO(listing(d));
    CHECK(d.empty());
}

TEST_CASE("primary keys, unique constraints, checks and foreign key actions are found", "[postgres]") {
    auto p = pg();
    if (!p) return;
    auto d = full_cycle(p->dbs(),
                        std::string(k_authors) +
                            "CREATE TABLE b (id integer, code text, price numeric CONSTRAINT price_ck CHECK (price > 0), "
                            "author_id integer CONSTRAINT b_author_fk REFERENCES authors(id));",
                        std::string(k_authors) +
                            "CREATE TABLE b (id integer PRIMARY KEY, code text UNIQUE, price numeric CONSTRAINT price_ck "
                            "CHECK (price >= 0), author_id integer CONSTRAINT b_author_fk REFERENCES authors(id) "
                            "ON DELETE SET NULL ON UPDATE CASCADE, CHECK (code <> ''));");
    CHECK(has(d, "create_primary_key"));
    CHECK(has(d, "create_unique_constraint"));
    CHECK(has(d, "create_check_constraint"));
    CHECK(has(d, "create_foreign_key"));
    CHECK(has(d, "drop_constraint"));
}

TEST_CASE("indexes: unique, partial, expression and method changes are found", "[postgres]") {
    auto p = pg();
    if (!p) return;
    auto d = full_cycle(p->dbs(),
                        "CREATE TABLE t (id integer PRIMARY KEY, name text, tags text[], n integer);"
                        "CREATE INDEX ix_name ON t (name); CREATE INDEX ix_gone ON t (n);",
                        "CREATE TABLE t (id integer PRIMARY KEY, name text, tags text[], n integer);"
                        "CREATE UNIQUE INDEX ix_name ON t (name); CREATE INDEX ix_lower ON t (lower(name)) WHERE n > 0;"
                        "CREATE INDEX ix_tags ON t USING gin (tags); CREATE INDEX ix_n_desc ON t (n DESC);");
    CHECK(has(d, "create_index"));
    CHECK(has(d, "drop_index"));
}

TEST_CASE("enums are created, dropped, and get new values in the right position", "[postgres]") {
    auto p = pg();
    if (!p) return;
    full_cycle(p->dbs(), "CREATE TYPE old_kind AS ENUM ('x');",
               "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (id integer PRIMARY KEY, m mood DEFAULT 'ok');");

    auto conn = db::connect(p->live.url());
    conn->execute_script("CREATE TYPE mood AS ENUM ('sad', 'happy');");
    auto target = load_sql(p->dbs(), "CREATE TYPE old_kind AS ENUM ('x'); "
                                    "CREATE TYPE mood AS ENUM ('very sad', 'sad', 'ok', 'happy', 'elated');");
    auto d = autogen::autogenerate(*conn, target);
    REQUIRE(op_names(d.upgrade) == std::vector<std::string>{"add_enum_value", "add_enum_value", "add_enum_value"});
    CHECK_FALSE(d.warnings.empty()); // the downgrade cannot remove them
    apply_ops(*conn, d.upgrade);
    auto again = autogen::autogenerate(*conn, target);
    INFO(listing(again));
    CHECK(again.empty());
}

TEST_CASE("sequences are created, altered and dropped", "[postgres]") {
    auto p = pg();
    if (!p) return;
    full_cycle(p->dbs(), "CREATE SEQUENCE gone_seq; CREATE SEQUENCE s INCREMENT BY 1;",
               "CREATE SEQUENCE s INCREMENT BY 10 MAXVALUE 100000 CYCLE; CREATE SEQUENCE fresh START WITH 5;");
}

TEST_CASE("serial columns bring their owned sequence, both ways", "[postgres]") {
    auto p = pg();
    if (!p) return;
    full_cycle(p->dbs(), "", "CREATE TABLE t (id serial PRIMARY KEY, name text);");
    auto p2 = pg();
    full_cycle(p2->dbs(), "CREATE TABLE t (id serial PRIMARY KEY, name text);", "");
}

TEST_CASE("views are created, replaced and dropped", "[postgres]") {
    auto p = pg();
    if (!p) return;
    full_cycle(p->dbs(),
               "CREATE TABLE t (id integer PRIMARY KEY, n integer); CREATE VIEW v AS SELECT id FROM t;"
               "CREATE VIEW old_v AS SELECT n FROM t;",
               "CREATE TABLE t (id integer PRIMARY KEY, n integer); CREATE VIEW v AS SELECT id, n FROM t WHERE n > 0;"
               "CREATE VIEW new_v AS SELECT count(*) AS c FROM t;");
}

TEST_CASE("look-alike renames stay drop and add with warnings, --rename makes them renames", "[postgres]") {
    auto p = pg();
    if (!p) return;
    const std::string before = "CREATE TABLE books (id integer PRIMARY KEY, title text, price numeric);"
                               "CREATE TABLE reviews (id integer PRIMARY KEY, book_id integer REFERENCES books(id));";
    const std::string after = "CREATE TABLE volumes (id integer PRIMARY KEY, name text, price numeric);"
                              "CREATE TABLE reviews (id integer PRIMARY KEY, book_id integer REFERENCES volumes(id));";
    auto conn = db::connect(p->live.url());
    conn->execute_script(before);
    auto target = load_sql(p->dbs(), after);
    auto guessed = autogen::autogenerate(*conn, target);
    CHECK(has(guessed, "drop_table"));
    REQUIRE_FALSE(guessed.warnings.empty());
    CHECK(guessed.warnings[0].find("--rename books:volumes") != std::string::npos);
}

TEST_CASE("a --rename of a table and a column gives rename ops that keep the data", "[postgres]") {
    auto p = pg();
    if (!p) return;
    const std::string before = "CREATE TABLE books (id integer PRIMARY KEY, title text UNIQUE, price numeric);"
                               "CREATE INDEX ix_books_title ON books (title);"
                               "CREATE TABLE reviews (id integer PRIMARY KEY, book_id integer REFERENCES books(id));"
                               "INSERT INTO books VALUES (1, 'Dune', 9);";
    const std::string after = "CREATE TABLE volumes (id integer PRIMARY KEY, name text UNIQUE, price numeric);"
                              "CREATE INDEX ix_books_title ON volumes (name);"
                              "CREATE TABLE reviews (id integer PRIMARY KEY, book_id integer REFERENCES volumes(id));";
    autogen::CompareOptions o;
    o.renames = {autogen::parse_rename("books:volumes"), autogen::parse_rename("books.title:name")};
    auto d = full_cycle(p->dbs(), before, after, o);
    CHECK(op_names(d.upgrade) == std::vector<std::string>{"rename_table", "alter_column"});
    auto conn = db::connect(p->live.url());
    CHECK(conn->query("SELECT title FROM books")[0][0].as_text() == "Dune");
}

TEST_CASE("a rename naming nothing in the database is a usage error", "[postgres]") {
    auto p = pg();
    if (!p) return;
    auto conn = db::connect(p->live.url());
    autogen::CompareOptions o;
    o.renames = {autogen::parse_rename("nope:other")};
    CHECK_THROWS_AS(autogen::autogenerate(*conn, schema::MetaData{}, o), UsageError);
    CHECK_THROWS_AS(autogen::parse_rename("no-colon"), UsageError);
}
