// Rendered ops run on real databases: an upgrade chain applied, read back, then undone with
// its reversal, leaving an empty schema; seed rows inserted online (bound) and offline (literals).
#include <catch2/catch.hpp>

#include <migrate/db/connection.hpp>
#include <migrate/dialect/reflect.hpp>
#include <migrate/ops/render.hpp>
#include <migrate/ops/reverse.hpp>
#include <support/test_support.hpp>

#include "sample_ops.hpp"

using namespace migrate;
using namespace migrate::ops;

namespace {

void apply_ops(db::Connection& conn, const std::vector<Op>& ops) {
    const auto& d = dialect::dialect_for(conn.backend());
    check_supported(ops, d);
    for (const auto& s : render_statements(ops, d)) {
        if (s.is_script) conn.execute_script(s.sql);
        else conn.execute(s.sql, s.params);
    }
}

schema::Column col(const char* name, const char* type, bool nullable = true) {
    return {.name = name, .type = schema::Type::parse(type), .nullable = nullable};
}

// Runs on both dialects: what SQLite does in place.
std::vector<Op> portable_chain() {
    schema::Table authors{.name = "authors",
                          .columns = {col("id", "integer", false), col("name", "text", false)},
                          .primary_key = schema::PrimaryKey{.columns = {"id"}}};
    schema::Table books{.name = "books",
                        .columns = {col("id", "integer", false), col("title", "varchar(200)", false),
                                    col("author_id", "integer", false)},
                        .primary_key = schema::PrimaryKey{.columns = {"id"}},
                        .foreign_keys = {{.name = "fk_books_author", .columns = {"author_id"}, .ref_table = "authors",
                                          .ref_columns = {"id"}, .on_delete = schema::FkAction::cascade}},
                        .indexes = {{.name = "ix_books_author", .elements = {{.text = "author_id"}}}}};
    return {CreateTable{authors},
            CreateTable{books},
            AddColumn{{}, "books", col("isbn", "varchar(20)")},
            CreateIndex{{}, "books", {.name = "ix_books_isbn", .elements = {{.text = "isbn"}}, .unique = true}},
            AlterColumn{.table = "books", .column = "title", .new_name = "name"},
            RenameTable{{}, "books", "volumes"},
            CreateView{{.name = "titles", .definition = "SELECT name FROM volumes"}}};
}

std::vector<Op> seed() {
    return {BulkInsert{{}, "authors",
                       {nlohmann::json{{"id", 1}, {"name", "O'Brien"}}, nlohmann::json{{"id", 2}, {"name", "Le Guin"}}}}};
}

std::vector<std::string> names_in(db::Connection& conn, const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& row : conn.query(sql)) out.push_back(row[0].as_text());
    return out;
}

} // namespace

TEST_CASE("a portable chain applies on SQLite and its reversal leaves an empty schema", "[sqlite]") {
    auto conn = db::connect("sqlite://");
    auto chain = portable_chain();
    apply_ops(*conn, chain);
    auto md = dialect::reflect(*conn);
    REQUIRE(md.table("volumes"));
    CHECK(md.table("volumes")->column("name"));
    CHECK(md.table("volumes")->column("isbn"));
    CHECK_FALSE(md.table("books"));

    apply_ops(*conn, seed());
    CHECK(names_in(*conn, "SELECT name FROM authors ORDER BY id") == std::vector<std::string>{"O'Brien", "Le Guin"});
    // Offline literals produce the same rows.
    for (const auto& sql : render(std::vector<Op>{BulkInsert{{}, "authors", {nlohmann::json{{"id", 3}, {"name", "it's"}}}}},
                                  dialect::dialect_for(db::Backend::sqlite)))
        conn->execute(sql);
    CHECK(names_in(*conn, "SELECT name FROM authors WHERE id = 3") == std::vector<std::string>{"it's"});

    apply_ops(*conn, reverse(chain));
    CHECK(names_in(*conn, "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").empty());
}

TEST_CASE("a revision SQLite cannot do in place is refused before it changes anything", "[sqlite]") {
    auto conn = db::connect("sqlite://");
    std::vector<Op> ops{AddColumn{{}, "t", col("b", "integer")}};
    conn->execute("CREATE TABLE t (a integer)");
    ops.push_back(AlterColumn{.table = "t", .column = "a", .nullable = false});
    CHECK_THROWS_WITH(apply_ops(*conn, ops), Catch::StartsWith("alter_column t.a: SQLite cannot"));
    CHECK(names_in(*conn, "SELECT name FROM pragma_table_info('t')") == std::vector<std::string>{"a"});
}

TEST_CASE("every kind of op applies on PostgreSQL and the reversal undoes it", "[postgres]") {
    auto url = test::pg_url();
    if (!url) return;
    test::PgDatabase database(*url);
    auto conn = db::connect(database.url());
    auto chain = portable_chain();
    chain.insert(chain.end(), {
        CreateEnum{{.name = "mood", .values = {"sad", "happy"}}},
        CreateSequence{{.name = "order_no", .start = 100}},
        AddColumn{{}, "volumes", col("price", "integer")},
        AlterColumn{.table = "volumes", .column = "price", .type = schema::Type::parse("numeric(10,2)"),
                    .nullable = false, .server_default = std::optional<std::string>{"0"},
                    .existing_type = schema::Type::parse("integer"), .existing_nullable = true,
                    .existing_server_default = std::optional<std::string>{}},
        SetTableComment{{}, "volumes", "books we sell", std::optional<std::string>{}},
        SetColumnComment{{}, "volumes", "price", "in euros", std::optional<std::string>{}},
        CreateUniqueConstraint{{}, "authors", {.name = "uq_authors_name", .columns = {"name"}}},
        CreateCheckConstraint{{}, "volumes", {.name = "ck_price", .expression = "price >= 0"}, false},
        ReplaceView{{.name = "titles", .definition = "SELECT name FROM volumes WHERE isbn IS NOT NULL"},
                    "SELECT name FROM volumes"},
    });
    {
        db::Transaction tx(*conn);
        apply_ops(*conn, chain);
        tx.commit();
    }
    apply_ops(*conn, seed());
    auto md = dialect::reflect(*conn);
    REQUIRE(md.table("volumes"));
    CHECK(md.table("volumes")->column("price")->server_default == "0");
    CHECK_FALSE(md.table("volumes")->column("price")->nullable);
    CHECK(md.table("volumes")->comment == "books we sell");
    REQUIRE(md.enums.size() == 1);

    // CONCURRENTLY runs outside a transaction.
    Op concurrent = CreateIndex{{}, "authors", {.name = "ix_authors_name", .elements = {{.text = "name"}}}, true};
    CHECK_FALSE(runs_in_transaction(concurrent, dialect::dialect_for(db::Backend::postgresql)));
    apply_ops(*conn, {concurrent});
    apply_ops(*conn, reverse(std::vector<Op>{concurrent}));

    conn->execute("DELETE FROM authors");
    {
        db::Transaction tx(*conn);
        apply_ops(*conn, reverse(chain));
        tx.commit();
    }
    auto empty = dialect::reflect(*conn);
    CHECK(empty.tables.empty());
    CHECK(empty.views.empty());
    CHECK(empty.enums.empty());
    CHECK(empty.sequences.empty());
}
