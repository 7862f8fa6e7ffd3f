// What `migrate lint` asks of a dialect: which type changes rewrite a PostgreSQL table, which
// defaults are volatile, which SQL sets lock_timeout, and a table's rows on the real databases.
#include <catch2/catch.hpp>

#include <support/test_support.hpp>

#include <migrate/db/connection.hpp>
#include <migrate/dialect/dialect.hpp>

using migrate::dialect::dialect_for;
using migrate::schema::Type;

namespace {

const auto& pg() { return dialect_for(migrate::db::Backend::postgresql); }
const auto& lite() { return dialect_for(migrate::db::Backend::sqlite); }

void rows_of_tables(migrate::db::Connection& conn) {
    const auto& d = dialect_for(conn.backend());
    conn.execute("CREATE TABLE lint_full (id integer)");
    conn.execute("CREATE TABLE lint_empty (id integer)");
    for (int i = 0; i < 5; ++i) conn.execute("INSERT INTO lint_full (id) VALUES (?)", {i});
    CHECK(d.table_rows(conn, {std::nullopt, "lint_full"}, 1000) == 5);
    CHECK(d.table_rows(conn, {std::nullopt, "lint_full"}, 3) >= 3); // a bounded count or an estimate
    CHECK(d.table_rows(conn, {std::nullopt, "lint_empty"}, 1000) == 0);
    CHECK_FALSE(d.table_rows(conn, {std::nullopt, "lint_nowhere"}, 1000).has_value());
}

} // namespace

TEST_CASE("PostgreSQL type changes that rewrite the table are told from those that do not") {
    CHECK_FALSE(pg().type_change_rewrites(Type::parse("varchar(20)"), Type::parse("varchar(50)")));
    CHECK_FALSE(pg().type_change_rewrites(Type::parse("varchar(20)"), Type::parse("text")));
    CHECK_FALSE(pg().type_change_rewrites(Type::parse("text"), Type::parse("varchar")));
    CHECK_FALSE(pg().type_change_rewrites(Type::parse("numeric(10,2)"), Type::parse("numeric(12,2)")));
    CHECK(pg().type_change_rewrites(Type::parse("varchar(50)"), Type::parse("varchar(20)")));
    CHECK(pg().type_change_rewrites(Type::parse("text"), Type::parse("varchar(20)")));
    CHECK(pg().type_change_rewrites(Type::parse("numeric(10,2)"), Type::parse("numeric(12,3)")));
    CHECK(pg().type_change_rewrites(Type::parse("integer"), Type::parse("bigint")));
    CHECK_FALSE(lite().type_change_rewrites(Type::parse("integer"), Type::parse("bigint")));
}

TEST_CASE("volatile defaults and SET lock_timeout are read through the SQL scanner") {
    CHECK(pg().is_volatile_expression("random()"));
    CHECK(pg().is_volatile_expression("(GEN_RANDOM_UUID ())"));
    CHECK(pg().is_volatile_expression("nextval('s'::regclass)"));
    CHECK_FALSE(pg().is_volatile_expression("now()"));
    CHECK_FALSE(pg().is_volatile_expression("'random()'"));
    CHECK_FALSE(pg().is_volatile_expression("0"));
    CHECK(pg().sets_lock_timeout("SET LOCAL lock_timeout = '5s'"));
    CHECK(pg().sets_lock_timeout("SELECT 1; set lock_timeout to 1000"));
    CHECK_FALSE(pg().sets_lock_timeout("SET statement_timeout = '5s'"));
    CHECK_FALSE(pg().sets_lock_timeout("SELECT 'SET lock_timeout = 1'"));
    CHECK_FALSE(lite().sets_lock_timeout("SET LOCAL lock_timeout = '5s'"));
}

TEST_CASE("a table's rows are counted on SQLite, and a missing table has none", "[sqlite]") {
    auto conn = migrate::db::connect("sqlite://");
    rows_of_tables(*conn);
}

TEST_CASE("a table's rows are estimated or counted on PostgreSQL, and a missing table has none", "[postgres]") {
    auto server = migrate::test::pg_url();
    if (!server) return;
    migrate::test::PgDatabase db(*server);
    auto conn = migrate::db::connect(db.url());
    rows_of_tables(*conn);
    conn->execute("ANALYZE lint_full");
    CHECK(pg().table_rows(*conn, {std::nullopt, "lint_full"}, 3) == 5); // the estimate, at least the bound
}
