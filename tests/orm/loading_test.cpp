// Loader strategies counted in queries: lazy is N+1, selectin is one query per level.
#include <orm/fixture.hpp>

using namespace orm_test;

namespace {

void seed(Engine& engine, int authors, int books_each, bool tagged) {
    Session s(engine);
    std::vector<std::shared_ptr<Tag>> tags;
    if (tagged)
        for (int t = 0; t < 3; ++t) tags.push_back(s.add(Tag{.name = "tag" + std::to_string(t)}));
    for (int a = 0; a < authors; ++a) {
        auto author = s.add(Author{.name = "author" + std::to_string(a)});
        for (int b = 0; b < books_each; ++b) {
            auto book = s.add(Book{.title = "book" + std::to_string(a) + "-" + std::to_string(b),
                                   .price = 10.0 + b, .author = author});
            if (tagged) book->tags.add(tags[static_cast<std::size_t>(b) % tags.size()]);
        }
    }
    s.commit();
}

void selectin_counts(Engine& engine) {
    for (int n : {1, 10, 1000}) {
        INFO("authors: " << n);
        create_schema_fresh(engine);
        // One book each: every level then has at most 1000 keys, one IN list (the batch size).
        seed(engine, n, 1, true);
        {
            Session s(engine);
            std::size_t books = 0;
            auto q = count_statements(engine, [&] {
                auto authors = s.all(select<Author>().options(selectin(&Author::books)));
                REQUIRE(authors.size() == static_cast<std::size_t>(n));
                for (auto& a : authors) books += a->books.size();
            });
            CHECK(q == 2);
            CHECK(books == static_cast<std::size_t>(n));
        }
        {
            Session s(engine);
            std::size_t tagged = 0;
            auto q = count_statements(engine, [&] {
                auto authors = s.all(select<Author>().options(selectin(&Author::books, &Book::tags)));
                for (auto& a : authors)
                    for (auto& b : a->books) tagged += b->tags.size();
            });
            CHECK(q == 3);
            CHECK(tagged == static_cast<std::size_t>(n));
        }
        {
            Session s(engine);
            auto q = count_statements(engine, [&] {
                auto authors = s.all(select<Author>());
                for (auto& a : authors) (void)a->books.size();
            });
            CHECK(q == static_cast<std::size_t>(n) + 1);
        }
    }
}

void selectin_batches(Engine& engine) {
    seed(engine, 25, 1, false);
    Session s(engine);
    s.set_selectin_batch_size(10);
    auto q = count_statements(engine, [&] {
        auto authors = s.all(select<Author>().options(selectin(&Author::books)));
        for (auto& a : authors) CHECK(a->books.size() == 1);
    });
    CHECK(q == 1 + 3); // 25 keys in IN lists of at most 10
}

void many_to_one_uses_identity_map(Engine& engine) {
    seed(engine, 3, 2, false);
    Session s(engine);
    auto authors = s.all(select<Author>());
    auto books = s.all(select<Book>());
    auto q = count_statements(engine, [&] {
        for (auto& b : books) CHECK(b->author->id == b->author_id);
    });
    CHECK(q == 0); // every author is already loaded
    Session other(engine);
    auto more = other.all(select<Book>().options(selectin(&Book::author)));
    CHECK(count_statements(engine, [&] { CHECK(more[0]->author->name.starts_with("author")); }) == 0);
}

void navigation(Engine& engine) {
    seed(engine, 2, 3, true);
    Session s(engine);
    auto author = s.first(select<Author>().where(col(&Author::name) == "author1"));
    REQUIRE(author);
    REQUIRE(author->books.size() == 3);
    auto book = author->books[0];
    CHECK(book->author.get() == author);
    REQUIRE(book->tags.size() == 1);
    auto tag = book->tags[0];
    bool found = false;
    for (auto& b : tag->books) found = found || b == book;
    CHECK(found);
}

// Loaded both ways, author.books and book.author form a cycle: the session's end frees it unless
// the program still holds one of them, and then the whole graph it reaches stays navigable.
void cycles_freed_at_session_end(Engine& engine) {
    seed(engine, 1, 2, true);
    std::weak_ptr<Author> dropped;
    std::shared_ptr<Book> kept;
    {
        Session s(engine);
        auto authors = s.all(select<Author>().options(selectin(&Author::books, &Book::tags)));
        REQUIRE(authors.size() == 1);
        for (auto& b : authors[0]->books) {
            CHECK(b->author.get() == authors[0]);
            for (auto& t : b->tags) CHECK(t->books.size() == 1);
        }
        dropped = authors[0];
    }
    CHECK(dropped.expired());
    {
        Session s(engine);
        auto authors = s.all(select<Author>().options(selectin(&Author::books)));
        kept = authors[0]->books[1];
        CHECK(kept->author.get() == authors[0]);
        dropped = authors[0];
    }
    REQUIRE_FALSE(dropped.expired());
    CHECK(kept->author->books.size() == 2);
    CHECK(kept->author->books[1] == kept);
    kept.reset();
    CHECK(dropped.expired() == false); // a cycle the program held past the session stays its own
    dropped.lock()->books.clear();     // breaking it by hand frees both
    CHECK(dropped.expired());
}

} // namespace

ORM_TEST_BOTH("a session's end frees relationship cycles nothing else holds", cycles_freed_at_session_end)
ORM_TEST_BOTH("selectin takes 2 queries for authors+books and 3 with tags; lazy takes N+1", selectin_counts)
ORM_TEST_BOTH("selectin splits large key lists into batches", selectin_batches)
ORM_TEST_BOTH("many-to-one loads come from the identity map when the target is loaded", many_to_one_uses_identity_map)
ORM_TEST_BOTH("relationships navigate both ways from C++", navigation)
