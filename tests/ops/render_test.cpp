#include <catch2/catch.hpp>

#include <migrate/base/error.hpp>
#include <migrate/ops/json.hpp>
#include <migrate/ops/render.hpp>
#include <migrate/ops/reverse.hpp>

#include "sample_ops.hpp"

using namespace migrate;
using namespace migrate::ops;
using Catch::Contains;
using Catch::StartsWith;

namespace {

const dialect::Dialect& pg() { return dialect::dialect_for(db::Backend::postgresql); }
const dialect::Dialect& lite() { return dialect::dialect_for(db::Backend::sqlite); }

std::string not_supported_message(const Op& op, const dialect::Dialect& d) {
    try {
        check_supported(std::vector<Op>{op}, d);
    } catch (const NotSupported& e) {
        return e.what();
    }
    return "(supported)";
}

} // namespace

TEST_CASE("every op renders on PostgreSQL") {
    for (const Op& op : test::every_op()) {
        INFO(describe(op));
        CHECK_NOTHROW(check_supported(op, pg()));
        CHECK_FALSE(render(op, pg()).empty());
    }
}

TEST_CASE("rendering hands the op's fields to the dialect's primitives") {
    const auto& d = pg();
    dialect::ObjectName books{"shop", "books"};
    auto table = test::sample_books_table();
    CHECK(render(CreateTable{table}, d) == d.create_table(table));
    CHECK(render(DropTable{"shop", "books", {}}, d) == d.drop_table(books));
    CHECK(render(RenameTable{"shop", "books", "volumes"}, d) == d.rename_table(books, "volumes"));
    CHECK(render(AddColumn{"shop", "books", test::sample_isbn()}, d) == d.add_column(books, test::sample_isbn()));
    CHECK(render(DropColumn{"shop", "books", "isbn", {}}, d) == d.drop_column(books, "isbn"));
    CHECK(render(CreateIndex{"shop", "books", test::sample_index(), true}, d) ==
          d.create_index(books, test::sample_index(), {.concurrently = true}));
    CHECK(render(DropIndex{"shop", "books", "ix", {}, false}, d) == d.drop_index({"shop", "ix"}));
    schema::ForeignKey fk{.name = "fk", .columns = {"a"}, .ref_table = "r", .ref_columns = {"id"}};
    CHECK(render(CreateForeignKey{"shop", "books", fk, false}, d) == d.add_foreign_key(books, fk));
    CHECK(render(DropConstraint{"shop", "books", "fk", ConstraintType::foreign_key, {}}, d) ==
          d.drop_constraint(books, "fk"));
    CHECK(render(SetTableComment{"shop", "books", {}, {}}, d) == d.set_table_comment(books, std::nullopt));
    CHECK(render(AddEnumValue{{}, "mood", "meh", {}, "ok"}, d) ==
          d.add_enum_value({{}, "mood"}, "meh", {.after = "ok"}));
    CHECK(render(DropView{{}, "v", {}}, d) == d.drop_view({{}, "v"}));
}

TEST_CASE("alter_column drops a default before a type change and renames last") {
    const auto& d = pg();
    dialect::ObjectName t{{}, "books"};
    AlterColumn op{.table = "books", .column = "title", .type = schema::Type::parse("text"), .nullable = true,
                   .server_default = std::optional<std::string>{}, .comment = std::optional<std::string>{"t"},
                   .new_name = "name"};
    std::vector<std::string> expected;
    for (auto part : {d.alter_column_default(t, "title", std::nullopt),
                      d.alter_column_type(t, "title", schema::Type::parse("text")),
                      d.alter_column_nullable(t, "title", true), d.set_column_comment(t, "title", "t"),
                      d.rename_column(t, "title", "name")})
        expected.insert(expected.end(), part.begin(), part.end());
    CHECK(render(op, d) == expected);

    op.server_default = std::optional<std::string>{"'x'"};
    auto sql = render(op, d);
    REQUIRE(sql.size() >= 2);
    CHECK(sql[0] == d.alter_column_type(t, "title", schema::Type::parse("text"))[0]);
    CHECK(sql[1] == d.alter_column_default(t, "title", "'x'")[0]);
}

TEST_CASE("alter_column collation on PostgreSQL restates the type, and a type change keeps the existing collation") {
    const auto& d = pg();
    AlterColumn op{.table = "books", .column = "title", .collation = std::optional<std::string>{"C"},
                   .existing_type = schema::Type::parse("varchar(20)")};
    CHECK(render(op, d) == std::vector<std::string>{R"(ALTER TABLE "books" ALTER COLUMN "title" TYPE varchar(20) COLLATE "C")"});
    op.type = schema::Type::parse("text");
    op.using_expr = "title::text";
    CHECK(render(op, d) ==
          std::vector<std::string>{R"(ALTER TABLE "books" ALTER COLUMN "title" TYPE text COLLATE "C" USING title::text)"});
    op.collation = std::optional<std::string>{}; // the type's default collation: no COLLATE clause
    CHECK(render(op, d) == std::vector<std::string>{R"(ALTER TABLE "books" ALTER COLUMN "title" TYPE text USING title::text)"});

    AlterColumn retype{.table = "books", .column = "title", .type = schema::Type::parse("text"),
                       .existing_collation = std::optional<std::string>{"de-x-icu"}};
    CHECK(render(retype, d) == std::vector<std::string>{R"(ALTER TABLE "books" ALTER COLUMN "title" TYPE text COLLATE "de-x-icu")"});
}

TEST_CASE("alter_column collation on PostgreSQL without type or existing_type is a usage error naming the op") {
    AlterColumn op{.table = "books", .column = "title", .collation = std::optional<std::string>{"C"}};
    CHECK_THROWS_AS(render(op, pg()), UsageError);
    CHECK_THROWS_WITH(render(op, pg()), StartsWith("alter_column books.title: ") && Contains("existing_type"));
    CHECK_THROWS_AS(render(op, lite()), NotSupported); // SQLite: by table recreation, through ops::plan
    CHECK_THAT(not_supported_message(op, lite()), Contains("collation"));
}

TEST_CASE("bulk_insert renders one INSERT per row with escaped literals for offline scripts") {
    BulkInsert op{{}, "authors",
                  {nlohmann::json{{"id", 1}, {"name", "O'Brien"}, {"alive", false}, {"born", nullptr}},
                   nlohmann::json{{"id", 2}, {"rating", 4.5}, {"tags", nlohmann::json::array({"a", "b"})}}}};
    auto sql = render(op, pg());
    REQUIRE(sql.size() == 2);
    CHECK(sql[0] == R"(INSERT INTO "authors" ("alive", "born", "id", "name") VALUES (FALSE, NULL, 1, 'O''Brien'))");
    CHECK(sql[1] == R"(INSERT INTO "authors" ("id", "rating", "tags") VALUES (2, 4.5, '["a","b"]'))");
    auto on_sqlite = render(op, lite());
    CHECK(on_sqlite[0] == R"(INSERT INTO "authors" ("alive", "born", "id", "name") VALUES (0, NULL, 1, 'O''Brien'))");
}

TEST_CASE("bulk_insert binds its values as parameters for online runs") {
    BulkInsert op{{"shop"}, "authors", {nlohmann::json{{"id", 1}, {"name", "Robert'); DROP TABLE authors;--"}}}};
    auto statements = render_statements(op, pg());
    REQUIRE(statements.size() == 1);
    CHECK(statements[0].sql == R"(INSERT INTO "shop"."authors" ("id", "name") VALUES (?, ?))");
    CHECK(statements[0].params == db::Params{db::Value(1), db::Value("Robert'); DROP TABLE authors;--")});
    CHECK_FALSE(statements[0].is_script);
}

TEST_CASE("bulk_insert cells map to database values") {
    CHECK(to_value(nullptr).is_null());
    CHECK(to_value(true) == db::Value(true));
    CHECK(to_value(-7) == db::Value(std::int64_t{-7}));
    CHECK(to_value(9007199254740993ull) == db::Value(std::int64_t{9007199254740993}));
    CHECK(to_value(0.25) == db::Value(0.25));
    CHECK(to_value("x") == db::Value("x"));
    CHECK(to_value(nlohmann::json{{"k", 1}}) == db::Value(R"({"k":1})"));
    CHECK_THROWS_AS(to_value(18446744073709551615ull), Error);
}

TEST_CASE("the sql op runs as a script, only on its own dialect") {
    Op only_pg = Sql{"UPDATE a SET x = 1; UPDATE b SET y = 2", "postgresql"};
    CHECK(render(only_pg, lite()).empty());
    auto statements = render_statements(only_pg, pg());
    REQUIRE(statements.size() == 1);
    CHECK(statements[0].is_script);
    CHECK(statements[0].sql == "UPDATE a SET x = 1; UPDATE b SET y = 2");
    CHECK(render(Sql{"DELETE FROM t", {}}, lite()) == std::vector<std::string>{"DELETE FROM t"});
}

TEST_CASE("on SQLite an ALTER that cannot be done in place is refused naming the op and table") {
    CHECK_THAT(not_supported_message(AlterColumn{.table = "books", .column = "title",
                                                 .type = schema::Type::parse("text")}, lite()),
               StartsWith("alter_column books.title: SQLite cannot change a column's type in place"));
    CHECK_THAT(not_supported_message(AlterColumn{.table = "books", .column = "title", .nullable = false}, lite()),
               StartsWith("alter_column books.title: SQLite cannot change a column's nullability"));
    CHECK_THAT(not_supported_message(AlterColumn{.table = "books", .column = "price",
                                                 .server_default = std::optional<std::string>{"0"}}, lite()),
               StartsWith("alter_column books.price: SQLite cannot change a column's server default"));
    CHECK_THAT(not_supported_message(CreateUniqueConstraint{{}, "books", {.name = "uq", .columns = {"isbn"}}}, lite()),
               StartsWith("create_unique_constraint uq on books: SQLite cannot add a unique constraint"));
    CHECK_THAT(not_supported_message(CreateForeignKey{{}, "books", {.name = "fk", .columns = {"a"}, .ref_table = "r",
                                                                    .ref_columns = {"id"}}, false}, lite()),
               StartsWith("create_foreign_key fk on books: SQLite cannot add a foreign key"));
    CHECK_THAT(not_supported_message(CreateCheckConstraint{{}, "books", {.name = "ck", .expression = "1"}, false}, lite()),
               StartsWith("create_check_constraint ck on books: SQLite cannot add a check constraint"));
    CHECK_THAT(not_supported_message(CreatePrimaryKey{{}, "book_tags", {.columns = {"a"}}}, lite()),
               StartsWith("create_primary_key on book_tags: SQLite cannot add a primary key"));
    CHECK_THAT(not_supported_message(DropConstraint{{}, "books", "uq", ConstraintType::unique, {}}, lite()),
               StartsWith("drop_constraint uq on books: SQLite cannot drop a constraint"));
}

TEST_CASE("on SQLite PostgreSQL-only objects are refused") {
    CHECK_THAT(not_supported_message(CreateEnum{{.name = "mood", .values = {"a"}}}, lite()),
               StartsWith("create_enum mood: SQLite cannot have enum types"));
    CHECK_THAT(not_supported_message(AddEnumValue{{}, "mood", "b", {}, {}}, lite()), StartsWith("add_enum_value mood"));
    CHECK_THAT(not_supported_message(DropEnum{{}, "mood", {}}, lite()), StartsWith("drop_enum mood"));
    CHECK_THAT(not_supported_message(CreateSequence{{.name = "s"}}, lite()),
               StartsWith("create_sequence s: SQLite cannot have sequences"));
    CHECK_THAT(not_supported_message(DropSequence{{.name = "s"}}, lite()), StartsWith("drop_sequence s"));
}

TEST_CASE("check_supported stops at the first op SQLite cannot do, before any is run") {
    std::vector<Op> ops{AddColumn{{}, "books", test::sample_isbn()},
                        AlterColumn{.table = "books", .column = "isbn", .nullable = true},
                        CreateEnum{{.name = "mood", .values = {"a"}}}};
    CHECK_THROWS_WITH(check_supported(ops, lite()), StartsWith("alter_column books.isbn"));
    CHECK_THROWS_AS(render(ops, lite()), NotSupported);
}

TEST_CASE("what SQLite does in place renders there") {
    std::vector<Op> ops{CreateTable{test::sample_books_table()},
                        AddColumn{{}, "books", {.name = "isbn", .type = schema::Type::parse("varchar(20)")}},
                        CreateIndex{{}, "books", {.name = "ix_isbn", .elements = {{.text = "isbn"}}, .unique = true}},
                        DropIndex{{}, "books", "ix_isbn", {}, false},
                        DropColumn{{}, "books", "isbn", {}},
                        RenameTable{{}, "books", "volumes"},
                        AlterColumn{.table = "volumes", .column = "title", .new_name = "name"},
                        CreateView{{.name = "v", .definition = "SELECT 1"}},
                        ReplaceView{{.name = "v", .definition = "SELECT 2"}, {}},
                        DropView{{}, "v", {}},
                        BulkInsert{{}, "volumes", {nlohmann::json{{"id", 1}}}},
                        Sql{"DELETE FROM volumes", "sqlite"}};
    CHECK_NOTHROW(check_supported(ops, lite()));
    for (const Op& op : ops) {
        INFO(describe(op));
        CHECK_FALSE(render(op, lite()).empty());
    }
}

TEST_CASE("rename_index is ALTER INDEX on PostgreSQL, and drop + create from its definition on SQLite") {
    auto ix = test::sample_index();
    Op with_definition = RenameIndex{{}, "books", ix.name, "books_lower_title_idx", ix};
    CHECK(render(with_definition, pg()) ==
          dialect::Statements{"ALTER INDEX \"ix_books_lower_title\" RENAME TO \"books_lower_title_idx\""});
    CHECK(render(RenameIndex{"shop", "books", "ix", "iy", {}}, pg()) ==
          dialect::Statements{"ALTER INDEX \"shop\".\"ix\" RENAME TO \"iy\""});
    auto renamed = ix;
    renamed.name = "books_lower_title_idx";
    auto expected = lite().drop_index({{}, ix.name});
    for (auto& s : lite().create_index({{}, "books"}, renamed)) expected.push_back(s);
    CHECK(render(with_definition, lite()) == expected);
    CHECK_THAT(not_supported_message(RenameIndex{{}, "books", "ix", "iy", {}}, lite()),
               Contains("rename_index ix to iy on books") && Contains("needs its definition"));
    CHECK(reverse(with_definition) == Op{RenameIndex{{}, "books", "books_lower_title_idx", ix.name, renamed}});
}

TEST_CASE("comment ops are no-ops where the dialect keeps no comments") {
    CHECK(render(SetTableComment{{}, "books", "x", {}}, lite()).empty());
    CHECK(render(SetColumnComment{{}, "books", "title", "x", {}}, lite()).empty());
    CHECK_FALSE(render(SetColumnComment{{}, "books", "title", "x", {}}, pg()).empty());
}

TEST_CASE("concurrent index ops run outside a transaction on PostgreSQL only") {
    Op concurrent = CreateIndex{{}, "books", test::sample_index(), true};
    CHECK_FALSE(runs_in_transaction(concurrent, pg()));
    CHECK(runs_in_transaction(concurrent, lite()));
    CHECK(runs_in_transaction(Op{CreateIndex{{}, "books", test::sample_index(), false}}, pg()));
    CHECK_FALSE(runs_in_transaction(Op{DropIndex{{}, "books", "ix", {}, true}}, pg()));
}

TEST_CASE("online ops render PostgreSQL's online forms and the plain change on SQLite") {
    schema::ForeignKey fk{.name = "fk", .columns = {"a"}, .ref_table = "r", .ref_columns = {"id"}};
    CHECK(render(CreateForeignKey{{}, "books", fk, true}, pg()) ==
          std::vector<std::string>{pg().add_foreign_key({{}, "books"}, fk)[0] + " NOT VALID"});
    CHECK(render(CreateCheckConstraint{{}, "books", {.name = "ck", .expression = "x > 0"}, true}, pg()) ==
          std::vector<std::string>{"ALTER TABLE \"books\" ADD CONSTRAINT \"ck\" CHECK (x > 0) NOT VALID"});
    CHECK(render(ValidateConstraint{{}, "books", "ck"}, pg()) ==
          std::vector<std::string>{"ALTER TABLE \"books\" VALIDATE CONSTRAINT \"ck\""});
    CHECK(render(ValidateConstraint{{}, "books", "ck"}, lite()).empty());
    CHECK(render(AlterColumn{.table = "books", .column = "price", .nullable = false, .online = true}, pg()) ==
          std::vector<std::string>{
              "ALTER TABLE \"books\" DROP CONSTRAINT IF EXISTS \"books_price_not_null\", ADD CONSTRAINT "
              "\"books_price_not_null\" CHECK (\"price\" IS NOT NULL) NOT VALID",
              "ALTER TABLE \"books\" VALIDATE CONSTRAINT \"books_price_not_null\"",
              "ALTER TABLE \"books\" ALTER COLUMN \"price\" SET NOT NULL",
              "ALTER TABLE \"books\" DROP CONSTRAINT \"books_price_not_null\""});
    Backfill fill{{}, "books", {{"title_upper", "upper(title)"}}, "id", "title_upper IS NULL", 500};
    CHECK(render(fill, lite()) ==
          std::vector<std::string>{"UPDATE \"books\" SET \"title_upper\" = upper(title) WHERE title_upper IS NULL"});
    const auto block = render(fill, pg());
    REQUIRE(block.size() == 1);
    CHECK(block[0].find("LIMIT 500") != std::string::npos);
    CHECK(block[0].find("UPDATE \"books\" SET \"title_upper\" = upper(title) WHERE \"id\" > migrate_done_to AND "
                        "\"id\" <= migrate_batch_end AND (title_upper IS NULL)") != std::string::npos);
    CHECK(placement(fill, lite()) == Placement::own_transactions);
    CHECK(placement(ValidateConstraint{{}, "books", "ck"}, pg()) == Placement::own_transactions);
    CHECK(placement(ValidateConstraint{{}, "books", "ck"}, lite()) == Placement::transaction);
    CHECK(placement(DropIndex{{}, "books", "ix", {}, true}, pg()) == Placement::outside_transaction);
}

TEST_CASE("describe gives a short label naming the op and what it touches") {
    CHECK(describe(AddColumn{{}, "books", test::sample_isbn()}) == "add_column books.isbn");
    CHECK(describe(CreateTable{test::sample_books_table()}) == "create_table books");
    CHECK(describe(DropIndex{"shop", "books", "ix_isbn", {}, false}) == "drop_index ix_isbn on shop.books");
    CHECK(describe(RenameTable{{}, "books", "volumes"}) == "rename_table books to volumes");
    CHECK(describe(CreateEnum{{.name = "mood"}}) == "create_enum mood");
    CHECK(describe(Sql{"UPDATE books\nSET price = 1", {}}) == "sql: UPDATE books...");
    CHECK(describe(BulkInsert{{}, "tags", {nlohmann::json{{"id", 1}}}}) == "bulk_insert tags (1 row)");
    CHECK(target_table(AddColumn{"shop", "books", test::sample_isbn()}) == ObjectName{"shop", "books"});
    CHECK_FALSE(target_table(CreateView{{.name = "v"}}));
}
