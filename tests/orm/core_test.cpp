// Core statements and row selects against a database: row counts, SET expressions,
// executemany, text(), aggregates and joins.
#include <orm/fixture.hpp>

using namespace orm_test;

namespace {

// Two authors; Le Guin has three books (1969, 1971, 1974), Tolkien one (1937).
void seed(Session& s) {
    auto leguin = s.add(Author{.name = "Ursula K. Le Guin"});
    auto tolkien = s.add(Author{.name = "J. R. R. Tolkien"});
    auto fantasy = s.add(Tag{.name = "fantasy"});
    auto scifi = s.add(Tag{.name = "sci-fi"});
    s.add(Book{.title = "The Left Hand of Darkness", .published = 1969, .price = 10, .author = leguin, .tags = {scifi}});
    s.add(Book{.title = "The Lathe of Heaven", .published = 1971, .price = 20, .author = leguin, .tags = {scifi}});
    s.add(Book{.title = "The Dispossessed", .published = 1974, .price = 30, .author = leguin, .tags = {scifi}});
    s.add(Book{.title = "The Hobbit", .published = 1937, .price = 40, .isbn = "978-0-261-10221-7", .author = tolkien,
               .tags = {fantasy}});
    s.commit();
}

void update_and_delete_counts(Engine& engine) {
    Session s(engine);
    seed(s);
    auto n = s.execute(update<Book>().set(col(&Book::price), col(&Book::price) * 1.5).where(col(&Book::published) < 1972));
    CHECK(n == 3);
    auto prices = s.rows(select(col(&Book::price)).order_by(col(&Book::price)));
    REQUIRE(prices.size() == 4);
    CHECK(prices[0][0].as_double() == Approx(15));
    CHECK(prices[3][0].as_double() == Approx(60));
    CHECK(s.execute(delete_from<Book>().where(col(&Book::title).like("The L%"))) == 2);
    CHECK(s.execute(delete_from<Book>().where(col(&Book::id) == -1)) == 0);
    s.commit();
    CHECK(s.scalar<std::int64_t>(select(count()).from<Book>()) == 2);
}

void executemany(Engine& engine) {
    Session s(engine);
    auto a = s.add(Author{.name = "Many"});
    s.commit();
    std::vector<migrate::db::Params> rows;
    for (int i = 0; i < 100; ++i) rows.push_back({"t" + std::to_string(i), 1.0 * i, a->id});
    CHECK(s.execute_many(insert<Book>().columns(&Book::title, &Book::price, &Book::author_id), rows) == 100);
    std::vector<Book> objects;
    for (int i = 0; i < 50; ++i) objects.push_back(Book{.title = "o" + std::to_string(i), .author_id = a->id, .price = 2});
    s.execute_many(insert<Book>(), objects);
    s.execute(insert<Tag>().set(col(&Tag::name), "single"));
    s.commit();
    CHECK(s.scalar<std::int64_t>(select(count()).from<Book>()) == 150);
    CHECK(s.scalar<double>(select(sum(col(&Book::price))).where(col(&Book::title).like("t%"))) == Approx(4950));
    CHECK(s.scalar<std::int64_t>(select(count()).from<Tag>()) == 1);
}

void row_selects(Engine& engine) {
    Session s(engine);
    seed(s);
    auto per_author = s.rows(select(col(&Author::name), count(col(&Book::id)).label("n"), avg(col(&Book::price)).label("avg"))
                                 .join(&Author::books)
                                 .group_by(col(&Author::name))
                                 .having(count(col(&Book::id)) >= 1)
                                 .order_by(col(&Author::name)));
    REQUIRE(per_author.size() == 2);
    CHECK(per_author[0]["name"].as_text() == "J. R. R. Tolkien");
    CHECK(per_author[1]["n"].as_int() == 3);
    CHECK(per_author[1]["avg"].as_double() == Approx(20));
    auto scifi = s.all(select<Book>().join(&Book::tags).where(col(&Tag::name) == "sci-fi").order_by(col(&Book::published)));
    REQUIRE(scifi.size() == 3);
    CHECK(scifi[0]->title == "The Left Hand of Darkness");
    auto page = s.all(select<Book>().order_by(col(&Book::price).desc()).limit(2).offset(1));
    REQUIRE(page.size() == 2);
    CHECK(page[0]->price.value() == Approx(30));
    auto none = s.all(select<Book>().where(col(&Book::isbn).is_not_null() && !(col(&Book::price) > 35.0)));
    CHECK(none.empty());
    auto in = s.all(select<Book>().where(col(&Book::published).in({1937, 1974})));
    CHECK(in.size() == 2);
    auto authors_with_many = s.all(select<Author>().join(&Author::books).where(col(&Book::price) > 5.0));
    CHECK(authors_with_many.size() == 2); // one object per author although the join repeats them
    CHECK(s.scalar<std::int64_t>(select(max(col(&Book::published)))) == 1974);
}

void raw_text(Engine& engine) {
    Session s(engine);
    seed(s);
    auto rows = s.rows(text("SELECT a.name, COUNT(b.id) AS n FROM authors a JOIN books b ON b.author_id = a.id "
                            "WHERE b.price > ? GROUP BY a.name ORDER BY a.name",
                            {15.0}));
    REQUIRE(rows.size() == 2);
    CHECK(rows[1]["n"].as_int() == 2);
    CHECK(s.execute(text("UPDATE books SET price = price + ? WHERE published < ?", {1.0, 1950})) == 1);
}

} // namespace

ORM_TEST_BOTH("core update and delete affect the expected number of rows", update_and_delete_counts)
ORM_TEST_BOTH("executemany inserts every row with one prepared statement", executemany)
ORM_TEST_BOTH("row selects join, group, aggregate, order and page", row_selects)
ORM_TEST_BOTH("text() runs raw SQL with bound parameters", raw_text)
