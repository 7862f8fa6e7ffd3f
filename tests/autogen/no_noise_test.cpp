// A schema compared with itself gives no ops: every type, default and index form, written by
// hand in SQL (target loaded through the scratch path) and built in C++ (target as a model).
#include "autogen_support.hpp"

#include <algorithm>

#include <migrate/dialect/dialect.hpp>
#include <support/test_support.hpp>

using namespace migrate;
using namespace migrate::test;

namespace {

const char* k_pg_schema = R"sql(
CREATE SCHEMA IF NOT EXISTS app;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE SEQUENCE order_no START WITH 1000 INCREMENT BY 5;
CREATE TABLE authors (
  id bigserial PRIMARY KEY,
  name character varying(100) NOT NULL,
  email citext_placeholder_free varchar(200),
  born date, rating real DEFAULT 0.5, score double precision, small int2 DEFAULT -1,
  price numeric(10,2) DEFAULT 0.00 CHECK (price >= 0),
  active boolean NOT NULL DEFAULT true,
  created timestamp without time zone DEFAULT now(),
  updated timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
  at_time time, uid uuid DEFAULT gen_random_uuid(), doc json, docb jsonb DEFAULT '{}'::jsonb,
  raw bytea, tags text[] DEFAULT '{}', m mood DEFAULT 'ok'::mood, code char(3) DEFAULT 'abc',
  note text DEFAULT 'it''s'::text COLLATE "C",
  seq_no integer DEFAULT nextval('order_no'::regclass),
  ident integer GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT authors_name_uq UNIQUE (name, born),
  CONSTRAINT rating_ck CHECK (rating BETWEEN 0 AND 1 AND m IN ('ok', 'happy'))
);
COMMENT ON TABLE authors IS 'people who write';
COMMENT ON COLUMN authors.name IS 'full name';
CREATE TABLE app.books (
  id integer NOT NULL, edition smallint NOT NULL DEFAULT 1,
  author_id bigint REFERENCES public.authors(id) ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
  title text, parent_id integer, parent_edition smallint,
  PRIMARY KEY (id, edition),
  FOREIGN KEY (parent_id, parent_edition) REFERENCES app.books (id, edition)
);
CREATE UNIQUE INDEX books_title_lower ON app.books (lower(title)) WHERE title IS NOT NULL;
CREATE INDEX books_multi ON app.books (author_id DESC, title);
CREATE INDEX authors_tags_gin ON authors USING gin (tags);
CREATE INDEX authors_hash ON authors USING hash (email);
CREATE INDEX authors_expr ON authors ((price * 2), upper(name));
CREATE VIEW author_names AS SELECT a.id, upper(a.name) AS n FROM authors a WHERE a.active;
CREATE TABLE a (id integer PRIMARY KEY, b_id integer);
CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a(id));
ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b(id);
)sql";

const char* k_sqlite_schema = R"sql(
CREATE TABLE authors (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name VARCHAR(100) NOT NULL, born DATE, rating REAL DEFAULT 0.5, score DOUBLE,
  price NUMERIC(10,2) DEFAULT 0 CHECK (price >= 0), active BOOLEAN NOT NULL DEFAULT 1,
  created TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated DATETIME DEFAULT (datetime('now')),
  raw BLOB, code CHAR(3) DEFAULT 'abc', note TEXT DEFAULT 'it''s' COLLATE NOCASE, doc JSON,
  CONSTRAINT authors_name_uq UNIQUE (name, born),
  CONSTRAINT rating_ck CHECK (rating BETWEEN 0 AND 1)
);
CREATE TABLE "Books" (
  id INTEGER NOT NULL, edition INTEGER NOT NULL DEFAULT 1,
  author_id INTEGER REFERENCES authors(id) ON DELETE CASCADE ON UPDATE SET NULL,
  title TEXT, "weird ""name""" TEXT,
  PRIMARY KEY (id, edition), UNIQUE (title)
);
CREATE UNIQUE INDEX books_title_lower ON "Books" (lower(title)) WHERE title IS NOT NULL;
CREATE INDEX books_multi ON "Books" (author_id DESC, title);
CREATE VIEW author_names AS SELECT id, upper(name) AS n FROM authors;
CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id));
CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));
)sql";

std::string pg_schema() {
    std::string s = k_pg_schema;
    auto p = s.find("citext_placeholder_free ");
    s.erase(p, std::string("citext_placeholder_free ").size());
    return s;
}

} // namespace

TEST_CASE("a hand-written PostgreSQL schema compared with itself gives no ops", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url);
    auto conn = db::connect(live.url());
    conn->execute_script(pg_schema());
    autogen::TargetOptions o;
    o.live_url = live.url();
    o.schemas = {"public", "app"};
    auto target = autogen::load_sql_target(pg_schema(), "schema.sql", o);
    CHECK(target.warnings.empty());
    REQUIRE(target.metadata.tables.size() == 4);
    autogen::CompareOptions co;
    co.include_schemas = {"app"};
    auto d = autogen::autogenerate(*conn, target.metadata, co);
    INFO(listing(d));
    CHECK(d.empty());
    CHECK(d.warnings.empty());
}

TEST_CASE("a hand-written SQLite schema compared with itself gives no ops", "[sqlite]") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "live.db").string();
    auto conn = db::connect(url);
    conn->execute_script(k_sqlite_schema);
    auto target = autogen::load_sql_target(k_sqlite_schema, "schema.sql", {.live_url = url});
    REQUIRE(target.metadata.tables.size() == 4);
    auto d = autogen::autogenerate(*conn, target.metadata);
    INFO(listing(d));
    CHECK(d.empty());
    CHECK(d.warnings.empty());
}

namespace {

// A model built in C++ the way an application declares it: unnamed constraints, portable
// types, defaults as a user writes them.
schema::MetaData cpp_model(bool postgres) {
    schema::MetaData m;
    auto col = [](const char* name, const char* type, bool nullable = true, std::optional<std::string> def = {}) {
        schema::Column c;
        c.name = name;
        c.type = schema::Type::parse(type);
        c.nullable = nullable;
        c.server_default = std::move(def);
        return c;
    };
    schema::Table authors;
    authors.name = "authors";
    authors.columns = {col("id", "integer", false), col("name", "varchar(100)", false),
                       col("price", "numeric(10,2)", true, "0"), col("active", "boolean", false, postgres ? "true" : "1"),
                       col("created", "timestamp", true, "CURRENT_TIMESTAMP"), col("note", "text", true, "'x'"),
                       col("score", "double"), col("born", "date"), col("uid", "uuid"), col("big", "bigint")};
    authors.primary_key = schema::PrimaryKey{std::nullopt, {"id"}};
    schema::UniqueConstraint uq;
    uq.columns = {"name"};
    authors.unique_constraints = {uq};
    schema::CheckConstraint ck;
    ck.expression = "price >= 0";
    authors.check_constraints = {ck};
    schema::Index ix;
    ix.name = "ix_authors_lower_name";
    ix.elements = {{"lower(name)", true, false}};
    ix.where = "active";
    authors.indexes = {ix};
    schema::Table books;
    books.name = "books";
    books.columns = {col("id", "integer", false), col("author_id", "integer"), col("title", "varchar(200)", false, "'untitled'")};
    books.primary_key = schema::PrimaryKey{std::nullopt, {"id"}};
    schema::ForeignKey fk;
    fk.columns = {"author_id"};
    fk.ref_table = "authors";
    fk.ref_columns = {"id"};
    fk.on_delete = schema::FkAction::cascade;
    books.foreign_keys = {fk};
    schema::Index bix;
    bix.name = "ix_books_author";
    bix.elements = {{"author_id", false, true}, {"title", false, false}};
    books.indexes = {bix};
    m.tables = {books, authors};
    return m;
}

void cpp_target_round_trip(db::Connection& conn, bool postgres) {
    auto model = cpp_model(postgres);
    const auto& d = dialect::dialect_for(conn.backend());
    for (const auto& st : d.render_metadata(model)) conn.execute_script(st);
    auto diff = autogen::autogenerate(conn, model);
    INFO(listing(diff));
    CHECK(diff.empty());
}

} // namespace

TEST_CASE("a C++ model compared with the database it created gives no ops on PostgreSQL", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url);
    auto conn = db::connect(live.url());
    cpp_target_round_trip(*conn, true);
}

TEST_CASE("a C++ model compared with the database it created gives no ops on SQLite", "[sqlite]") {
    TempDir dir;
    auto conn = db::connect("sqlite:///" + (dir / "live.db").string());
    cpp_target_round_trip(*conn, false);
}

#include <support/realistic_schema.hpp>

namespace {

std::string script_of(const dialect::Statements& statements) {
    std::string out;
    for (const auto& st : statements) out += st + ";\n";
    return out;
}

// The realistic schema: created by our renderer, compared with itself as a C++ model and as a
// .sql target; then half of it dropped from the target and restored by the downgrade.
void realistic_cycle(const std::string& live_url, const std::string& dev_url, db::Backend backend) {
    auto model = realistic_schema(backend);
    const auto& d = dialect::dialect_for(backend);
    auto conn = db::connect(live_url);
    conn->execute_script(script_of(d.render_metadata(model)));
    autogen::CompareOptions o;
    for (const auto& s : model.schemas) o.include_schemas.push_back(s);

    auto as_model = autogen::autogenerate(*conn, model, o);
    INFO("C++ target:\n" << listing(as_model));
    CHECK(as_model.empty());

    autogen::TargetOptions to{live_url, dev_url, {"public"}};
    for (const auto& s : model.schemas) to.schemas.push_back(s);
    auto loaded = autogen::load_sql_target(script_of(d.render_metadata(model)), "realistic.sql", to);
    auto as_sql = autogen::autogenerate(*conn, loaded.metadata, o);
    INFO(".sql target:\n" << listing(as_sql));
    CHECK(as_sql.empty());

    auto smaller = model;
    smaller.views.clear();
    // Drop tables nothing else references, until half are gone (so no kept table loses a FK).
    for (bool progress = true; progress && smaller.tables.size() > model.tables.size() / 2;) {
        progress = false;
        for (std::size_t i = smaller.tables.size(); i-- > 0;) {
            const auto& t = smaller.tables[i];
            bool referenced = std::any_of(smaller.tables.begin(), smaller.tables.end(), [&](const schema::Table& o) {
                return &o != &t && std::any_of(o.foreign_keys.begin(), o.foreign_keys.end(), [&](const auto& fk) {
                    return fk.ref_table == t.name && (fk.ref_schema ? fk.ref_schema : o.schema) == t.schema;
                });
            });
            if (referenced) continue;
            smaller.tables.erase(smaller.tables.begin() + static_cast<std::ptrdiff_t>(i));
            progress = true;
            break;
        }
    }
    std::erase_if(smaller.sequences, [&](const schema::Sequence& s) {
        return s.owned_by && !smaller.table(s.owned_by->substr(0, s.owned_by->rfind('.')), s.schema);
    });
    auto d1 = autogen::autogenerate(*conn, smaller, o);
    REQUIRE_FALSE(d1.empty());
    apply_ops(*conn, d1.upgrade);
    auto d2 = autogen::autogenerate(*conn, smaller, o);
    INFO("after dropping half:\n" << listing(d2));
    CHECK(d2.empty());
    apply_ops(*conn, d1.downgrade);
    auto d3 = autogen::autogenerate(*conn, model, o);
    INFO("after the downgrade:\n" << listing(d3));
    CHECK(d3.empty());
}

} // namespace

TEST_CASE("the realistic schema gives no ops against itself and survives a half drop and its downgrade on PostgreSQL",
          "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url);
    PgDatabase dev(*url);
    realistic_cycle(live.url(), dev.url(), db::Backend::postgresql);
}

TEST_CASE("the realistic schema gives no ops against itself and survives a half drop and its downgrade on SQLite",
          "[sqlite]") {
    TempDir dir;
    realistic_cycle("sqlite:///" + (dir / "live.db").string(), "", db::Backend::sqlite);
}
