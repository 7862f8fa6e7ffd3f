// The select builder and Core statements rendered per dialect, without a database.
#include <orm/fixture.hpp>

using namespace orm_test;
using migrate::db::Backend;
using migrate::dialect::dialect_for;

namespace {
const migrate::dialect::Dialect& sqlite() { return dialect_for(Backend::sqlite); }
const migrate::dialect::Dialect& pg() { return dialect_for(Backend::postgresql); }
} // namespace

TEST_CASE("an entity select lists every mapped column, quoted") {
    auto r = render(select<Author>(), sqlite());
    CHECK(r.sql == R"(SELECT "authors"."id", "authors"."name", "authors"."born" FROM "authors")");
    CHECK(r.params.empty());
    CHECK(render(select<Author>(), pg()).sql == r.sql);
}

TEST_CASE("where binds every value and combines conditions with and, or, not") {
    auto r = render(select<Book>().where((col(&Book::price) > 10.0 && col(&Book::title).like("The %")) ||
                                         !col(&Book::isbn).is_null()),
                    sqlite());
    CHECK(r.sql.ends_with(
        R"(WHERE "books"."price" > ? AND "books"."title" LIKE ? OR NOT "books"."isbn" IS NULL)"));
    REQUIRE(r.params.size() == 2);
    CHECK(r.params[0] == migrate::db::Value(10.0));
    CHECK(r.params[1] == migrate::db::Value("The %"));
    auto grouped = render(select<Book>().where(col(&Book::price) > 1.0 && (col(&Book::published) < 1990 ||
                                                                           col(&Book::published).is_null())),
                          pg());
    CHECK(grouped.sql.ends_with(
        R"(WHERE "books"."price" > ? AND ("books"."published" < ? OR "books"."published" IS NULL))"));
}

TEST_CASE("in lists bind one parameter per value and an empty list matches nothing") {
    auto r = render(select<Author>().where(col(&Author::id).in({1, 2, 3})), sqlite());
    CHECK(r.sql.ends_with(R"(WHERE "authors"."id" IN (?, ?, ?))"));
    CHECK(r.params.size() == 3);
    CHECK(render(select<Author>().where(col(&Author::id).in({})), sqlite()).sql.ends_with("WHERE 1 = 0"));
}

TEST_CASE("a select of expressions joins, groups, orders and pages") {
    auto stmt = select(col(&Author::name), count(col(&Book::id)).label("books"), avg(col(&Book::price)))
                    .join(&Author::books)
                    .where(col(&Book::published) >= 1960)
                    .group_by(col(&Author::name))
                    .having(count(col(&Book::id)) > 1)
                    .order_by(col(&Author::name).desc())
                    .limit(10)
                    .offset(20);
    auto r = render(stmt, pg());
    CHECK(r.sql == R"(SELECT "authors"."name", count("books"."id") AS "books", avg("books"."price") FROM "authors" )"
                   R"(JOIN "books" ON "books"."author_id" = "authors"."id" WHERE "books"."published" >= ? )"
                   R"(GROUP BY "authors"."name" HAVING count("books"."id") > ? ORDER BY "authors"."name" DESC )"
                   R"(LIMIT ? OFFSET ?)");
    CHECK(r.params == migrate::db::Params{1960, 1, std::int64_t{10}, std::int64_t{20}});
}

TEST_CASE("a many-to-many join goes through the association table") {
    auto r = render(select<Book>().join(&Book::tags).where(col(&Tag::name) == "sci-fi"), sqlite());
    CHECK(r.sql == R"(SELECT "books"."id", "books"."title", "books"."author_id", "books"."published", "books"."price", )"
                   R"("books"."isbn" FROM "books" JOIN "book_tags" ON "book_tags"."book_id" = "books"."id" )"
                   R"(JOIN "tags" ON "tags"."id" = "book_tags"."tag_id" WHERE "tags"."name" = ?)");
    auto outer = render(select(col(&Tag::name), count(col(&Book::id))).outer_join(&Tag::books).group_by(col(&Tag::name)), sqlite());
    CHECK(outer.sql.find(R"(LEFT OUTER JOIN "book_tags" ON "book_tags"."tag_id" = "tags"."id")") != std::string::npos);
}

TEST_CASE("offset without a limit still renders on both dialects") {
    auto r = render(select<Author>().offset(5), sqlite());
    CHECK(r.sql.ends_with("LIMIT ? OFFSET ?"));
    CHECK(r.params[1] == migrate::db::Value(std::int64_t{5}));
}

TEST_CASE("update renders SET expressions with bound values") {
    auto r = render(update<Book>().set(col(&Book::price), col(&Book::price) * 1.1).where(col(&Book::published) < 1990),
                    pg());
    CHECK(r.sql == R"(UPDATE "books" SET "price" = "books"."price" * ? WHERE "books"."published" < ?)");
    CHECK(r.params == migrate::db::Params{1.1, 1990});
    auto two = render(update<Author>().set(col(&Author::name), "x"), sqlite());
    CHECK(two.sql == R"(UPDATE "authors" SET "name" = ?)");
}

TEST_CASE("insert and delete render with quoted names and bound values") {
    CHECK(render(insert<Tag>().set(col(&Tag::name), "poetry"), sqlite()).sql == R"(INSERT INTO "tags" ("name") VALUES (?))");
    CHECK(render(insert<Book>().columns(&Book::title, &Book::price), pg()).sql ==
          R"(INSERT INTO "books" ("title", "price") VALUES (?, ?))");
    auto d = render(delete_from<Book>().where(col(&Book::price) < 1.0), sqlite());
    CHECK(d.sql == R"(DELETE FROM "books" WHERE "books"."price" < ?)");
}

TEST_CASE("a value that looks like SQL stays a parameter") {
    auto r = render(select<Author>().where(col(&Author::name) == "x'; DROP TABLE authors; --"), sqlite());
    CHECK(r.sql.find("DROP") == std::string::npos);
    CHECK(r.params.size() == 1);
}

TEST_CASE("the models' MetaData holds the four tutorial tables") {
    auto md = migrate::tutorial::metadata();
    REQUIRE(md.tables.size() == 4);
    const auto* books = md.table("books");
    REQUIRE(books);
    CHECK(books->primary_key->columns == std::vector<std::string>{"id"});
    REQUIRE(books->foreign_keys.size() == 1);
    CHECK(books->foreign_keys[0].ref_table == "authors");
    CHECK(books->column("isbn")->nullable);
    CHECK(!books->column("title")->nullable);
    CHECK(md.table("book_tags")->primary_key->columns == std::vector<std::string>{"book_id", "tag_id"});
}
