// Session semantics: identity map, generated keys, flush order, association rows, rollback.
#include <orm/fixture.hpp>

using namespace orm_test;

namespace {

void identity_map(Engine& engine) {
    {
        Session s(engine);
        s.add(Author{.name = "Ursula K. Le Guin"});
        s.commit();
    }
    Session s(engine);
    auto a = s.first(select<Author>().where(col(&Author::name) == "Ursula K. Le Guin"));
    REQUIRE(a);
    auto b = s.get<Author>(a->id);
    CHECK(a == b);
    auto n = count_statements(engine, [&] { CHECK(s.get<Author>(a->id) == a); });
    CHECK(n == 0); // the identity map answers without a query
    auto all = s.all(select<Author>());
    REQUIRE(all.size() == 1);
    CHECK(all[0] == a);
    CHECK(s.get<Author>(std::int64_t{12345}) == nullptr);
}

void generated_keys(Engine& engine) {
    Session s(engine);
    auto a = s.add(Author{.name = "A"});
    auto b = s.add(Author{.name = "B"});
    CHECK(a->id == 0);
    s.flush();
    CHECK(a->id > 0);
    CHECK(b->id == a->id + 1);
    auto book = s.add(Book{.title = "T", .price = 9.5, .author = a});
    s.commit();
    CHECK(book->id > 0);
    CHECK(book->author_id == a->id);
    auto rows = s.rows(text("SELECT title, author_id FROM books WHERE id = ?", {book->id}));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0][1].as_int() == a->id);
}

void flush_order(Engine& engine) {
    Session s(engine);
    // Children added before their parent: the flush still inserts the parent first.
    auto author = std::make_shared<Author>(Author{.name = "Le Guin"});
    s.add(Book{.title = "The Dispossessed", .price = 10, .author = author});
    s.add(Book{.title = "The Lathe of Heaven", .price = 8, .author = author});
    s.flush(); // the author joined through book.author
    CHECK(s.contains(author));
    CHECK(author->id > 0);
    s.commit();
    // One-to-many: appending to a collection sets the child's key at flush.
    auto tolkien = s.add(Author{.name = "Tolkien"});
    tolkien->books.add(std::make_shared<Book>(Book{.title = "The Hobbit", .price = 7}));
    s.commit();
    CHECK(s.scalar<std::int64_t>(select(count()).from<Book>().where(col(&Book::author_id) == tolkien->id)) == 1);
    // Deleting: children first, then the parent (the FK would refuse the other order).
    for (auto& b : s.all(select<Book>().where(col(&Book::author_id) == author->id))) s.remove(b);
    s.remove(author);
    s.commit();
    CHECK(s.scalar<std::int64_t>(select(count()).from<Author>()) == 1);
    CHECK(s.scalar<std::int64_t>(select(count()).from<Book>()) == 1);
}

void association_rows(Engine& engine) {
    std::int64_t book_id = 0;
    {
        Session s(engine);
        auto a = s.add(Author{.name = "Le Guin"});
        auto fantasy = s.add(Tag{.name = "fantasy"});
        auto scifi = s.add(Tag{.name = "sci-fi"});
        auto book = s.add(Book{.title = "Earthsea", .price = 5, .author = a, .tags = {fantasy, scifi}});
        s.commit();
        book_id = book->id;
        CHECK(s.rows(text("SELECT * FROM book_tags")).size() == 2);
    }
    Session s(engine);
    auto book = s.get<Book>(book_id);
    REQUIRE(book->tags.size() == 2); // lazy load
    auto scifi = book->tags[1];
    CHECK(scifi->name == "sci-fi");
    book->tags.remove(scifi);
    s.commit();
    auto rows = s.rows(text("SELECT tag_id FROM book_tags WHERE book_id = ?", {book_id}));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0][0].as_int() == book->tags[0]->id);
    // The other side sees it too, and deleting a tag removes its rows first.
    CHECK(scifi->books.size() == 0);
    auto fantasy = book->tags[0];
    CHECK(fantasy->books.size() == 1);
    s.remove(fantasy);
    s.commit();
    CHECK(s.rows(text("SELECT * FROM book_tags")).empty());
}

void rollback(Engine& engine) {
    Session s(engine);
    auto a = s.add(Author{.name = "Kept"});
    s.commit();
    a->name = "Changed";
    auto pending = s.add(Author{.name = "Pending"});
    auto flushed = s.add(Author{.name = "Flushed"});
    s.flush();
    CHECK(flushed->id > 0);
    s.rollback();
    CHECK(a->name == "Kept");            // loaded objects read again
    CHECK(!s.contains(pending));         // pending changes discarded
    CHECK(!s.contains(flushed));
    CHECK(flushed->id == 0);             // its generated key went with the transaction
    CHECK(s.scalar<std::int64_t>(select(count()).from<Author>()) == 1);
    // A deleted object comes back.
    s.remove(a);
    s.flush();
    CHECK(!s.contains(a));
    s.rollback();
    CHECK(s.contains(a));
    CHECK(s.get<Author>(a->id) == a);
}

void failed_flush_rolls_back(Engine& engine) {
    Session s(engine);
    s.add(Tag{.name = "dup"});
    s.commit();
    s.add(Tag{.name = "dup"});
    CHECK_THROWS_AS(s.commit(), migrate::DatabaseError);
    CHECK(s.scalar<std::int64_t>(select(count()).from<Tag>()) == 1);
    s.add(Tag{.name = "other"});
    s.commit();
    CHECK(s.scalar<std::int64_t>(select(count()).from<Tag>()) == 2);
}

void updates_only_changed_columns(Engine& engine) {
    Session s(engine);
    auto a = s.add(Author{.name = "X"});
    auto b = s.add(Book{.title = "T", .price = 1, .author = a});
    s.commit();
    CHECK(count_statements(engine, [&] { s.flush(); }) == 0); // nothing changed, nothing sent
    b->price = 2.5;
    CHECK(count_statements(engine, [&] { s.flush(); }) == 1);
    s.commit();
    Session fresh(engine);
    CHECK(fresh.get<Book>(b->id)->price.value() == Approx(2.5));
}

void null_price_reads_back_as_none(Engine& engine) {
    Session s(engine);
    auto a = s.add(Author{.name = "X"});
    auto unpriced = s.add(Book{.title = "Draft", .author = a});
    auto priced = s.add(Book{.title = "Free", .price = 0.0, .author = a});
    s.commit();
    Session fresh(engine);
    CHECK_FALSE(fresh.get<Book>(unpriced->id)->price.has_value()); // NULL, not 0
    CHECK(fresh.get<Book>(priced->id)->price == std::optional<double>(0.0));
    CHECK(fresh.scalar<std::int64_t>(select(count()).from<Book>().where(col(&Book::price).is_null())) == 1);
}

} // namespace

ORM_TEST_BOTH("loading the same primary key twice gives the same object", identity_map)
ORM_TEST_BOTH("generated keys come back into the objects at flush", generated_keys)
ORM_TEST_BOTH("flush inserts parents before children and deletes children first", flush_order)
ORM_TEST_BOTH("many-to-many collections write and delete association rows", association_rows)
ORM_TEST_BOTH("rollback discards pending objects and reloads loaded ones", rollback)
ORM_TEST_BOTH("a failed flush rolls the transaction back and the session stays usable", failed_flush_rolls_back)
ORM_TEST_BOTH("flush updates only objects that changed", updates_only_changed_columns)
ORM_TEST_BOTH("a book without a price reads back without one, not as 0", null_price_reads_back_as_none)
