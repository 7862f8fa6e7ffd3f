// The flush in batches: multi-row INSERTs with keys assigned to the right objects (also while
// another connection takes values from the same sequence), column sets apart, parents before
// children, batched UPDATEs and DELETEs that find every row, and a failure inside a batch.
#include <orm/fixture.hpp>

#include <atomic>
#include <map>
#include <thread>

using namespace orm_test;

// A table with a server default, for objects that write different columns.
struct Gadget {
    std::int64_t id = 0;
    std::string name{};
    std::optional<std::string> colour{}; // NULL: the server's default, 'grey'
};

template <> struct migrate::orm::Mapped<Gadget> {
    static const Mapper<Gadget>& mapper() {
        static const Mapper<Gadget> m =
            std::move(Mapper<Gadget>("gadgets")
                          .column(&Gadget::id, "id", "integer", {.primary_key = true, .generated = true})
                          .column(&Gadget::name, "name", "varchar(100)")
                          .column(&Gadget::colour, "colour", "varchar(20)", {.server_default = "'grey'"}));
        return m;
    }
};

namespace {

bool multi_row(Engine& engine) { return engine.dialect().capabilities().multi_row_writes; }

// Every object's key holds its own row: the name in the database is the object's name.
template <class T> void keys_match_rows(Session& s, const std::vector<std::shared_ptr<T>>& objects, const char* table) {
    std::map<std::int64_t, std::string> names;
    for (auto& r : s.rows(text(std::string("SELECT id, name FROM ") + table))) names[r[0].as_int()] = r[1].as_text();
    std::size_t wrong = 0;
    for (auto& o : objects)
        if (names[o->id] != o->name) ++wrong;
    CHECK(wrong == 0);
}

void hundred_thousand_in_few_statements(Engine& engine) {
    constexpr int n = 100'000;
    Session s(engine);
    std::vector<std::shared_ptr<Author>> authors;
    authors.reserve(n);
    for (int i = 0; i < n; ++i) authors.push_back(s.add(Author{.name = "author " + std::to_string(i), .born = 1900 + i % 100}));
    // The session's connection, borrowed now and kept until the commit gives it back to the
    // pool (which keeps it open, idle): the driver's own counters of what reached the server.
    migrate::db::Connection& conn = s.connection().db();
    conn.reset_counters();
    auto statements = count_statements(engine, [&] { s.commit(); });
    if (multi_row(engine)) {
        CHECK(statements <= 200); // one key allocation, then 1,000-row INSERTs
        CHECK(conn.statements_executed() <= 202);
    } else {
        CHECK(conn.statements_prepared() == 1); // one prepared INSERT stepped per row, in-process
    }
    keys_match_rows(s, authors, "authors");
}

void column_sets_apart(Engine& engine) {
    for (auto& sql : engine.dialect().create_table(migrate::orm::mapper_of<Gadget>().table())) engine.connect().execute(sql);
    Session s(engine);
    std::vector<std::shared_ptr<Gadget>> gadgets;
    for (int i = 0; i < 2500; ++i)
        gadgets.push_back(s.add(Gadget{.name = "g" + std::to_string(i),
                                       .colour = i % 3 == 0 ? std::nullopt : std::optional<std::string>("red")}));
    auto statements = count_statements(engine, [&] { s.commit(); });
    if (multi_row(engine)) CHECK(statements <= 8); // per column set: keys, then 1,000-row batches
    keys_match_rows(s, gadgets, "gadgets");
    for (int i = 0; i < 2500; ++i) CHECK(gadgets[i]->colour == (i % 3 == 0 ? "grey" : "red")); // the server's default came back
    CHECK(s.scalar<std::int64_t>(select(count()).from<Gadget>().where(col(&Gadget::colour) == "grey")) == 834);
    // The snapshot holds what the server wrote: nothing is left to update.
    CHECK(count_statements(engine, [&] { s.flush(); }) == 0);
}

void parents_and_children(Engine& engine) {
    Session s(engine);
    std::vector<std::shared_ptr<Author>> authors;
    std::vector<std::shared_ptr<Book>> books;
    // Children first, parents joining through book.author and author.books.
    for (int i = 0; i < 1500; ++i) {
        auto a = std::make_shared<Author>(Author{.name = "a" + std::to_string(i)});
        authors.push_back(a);
        books.push_back(s.add(Book{.title = "b" + std::to_string(i), .price = 1, .author = a}));
        if (i % 2) a->books.add(std::make_shared<Book>(Book{.title = "c" + std::to_string(i), .price = 2}));
    }
    auto statements = count_statements(engine, [&] { s.commit(); });
    if (multi_row(engine)) CHECK(statements <= 8);
    keys_match_rows(s, authors, "authors");
    std::map<std::int64_t, std::int64_t> author_of;
    for (auto& r : s.rows(text("SELECT id, author_id FROM books"))) author_of[r[0].as_int()] = r[1].as_int();
    CHECK(author_of.size() == 2250);
    for (std::size_t i = 0; i < books.size(); ++i) CHECK(author_of[books[i]->id] == authors[i]->id);
    for (auto& a : authors)
        for (auto& b : a->books) CHECK(author_of[b->id] == a->id);
}

void violation_inside_a_batch(Engine& engine) {
    Session s(engine);
    s.add(Tag{.name = "tag 537"});
    s.commit();
    std::vector<std::shared_ptr<Tag>> tags;
    for (int i = 0; i < 1500; ++i) tags.push_back(s.add(Tag{.name = "tag " + std::to_string(i)}));
    try {
        s.commit();
        FAIL("the duplicate name was accepted");
    } catch (const migrate::DatabaseError& e) {
        CHECK(e.row() == std::optional<std::size_t>(537));
        CHECK_THAT(e.what(), Catch::Contains("flush: inserting new tags failed at object 537"));
    }
    // The whole flush rolled back, as a failed flush does: the objects left the session without keys.
    CHECK(s.scalar<std::int64_t>(select(count()).from<Tag>()) == 1);
    CHECK(!s.contains(tags[0]));
    CHECK(tags[0]->id == 0);
    CHECK(tags[1499]->id == 0);
    s.add(Tag{.name = "after"});
    s.commit();
    CHECK(s.scalar<std::int64_t>(select(count()).from<Tag>()) == 2);
}

void updates_and_deletes_in_batches(Engine& engine) {
    {
        Session s(engine);
        for (int i = 0; i < 2500; ++i) s.add(Author{.name = "a" + std::to_string(i), .born = 1900});
        s.commit();
    }
    Session s(engine);
    auto authors = s.all(select<Author>().order_by(col(&Author::id)));
    REQUIRE(authors.size() == 2500);
    for (std::size_t i = 0; i < authors.size(); ++i) {
        authors[i]->name += "!";
        if (i % 2) authors[i]->born = 2000; // two sets of changed columns
    }
    auto statements = count_statements(engine, [&] { s.commit(); });
    if (multi_row(engine)) CHECK(statements <= 6);
    else CHECK(statements == 2500);
    CHECK(s.scalar<std::int64_t>(select(count()).from<Author>().where(col(&Author::name).like("%!"))) == 2500);
    CHECK(s.scalar<std::int64_t>(select(count()).from<Author>().where(col(&Author::born) == 2000)) == 1250);
    for (std::size_t i = 0; i < 2000; ++i) s.remove(authors[i]);
    statements = count_statements(engine, [&] { s.commit(); });
    if (multi_row(engine)) CHECK(statements <= 4);
    CHECK(s.scalar<std::int64_t>(select(count()).from<Author>()) == 500);
}

void stale_rows_are_named(Engine& engine) {
    {
        Session s(engine);
        for (int i = 0; i < 1200; ++i) s.add(Author{.name = "a" + std::to_string(i)});
        s.commit();
    }
    Session s(engine);
    auto authors = s.all(select<Author>().order_by(col(&Author::id)));
    auto gone = authors[700]->id;
    s.commit();
    s.execute(delete_from<Author>().where(col(&Author::id) == gone)); // behind the objects' back
    s.commit();
    for (auto& a : authors) a->name += "?";
    CHECK_THROWS_WITH(s.commit(), Catch::Contains("expected") &&
                                      Catch::Contains("the row with id = " + std::to_string(gone) + " is gone"));
    CHECK(s.scalar<std::int64_t>(select(count()).from<Author>().where(col(&Author::name).like("%?"))) == 0);
    // The rollback read the objects again; the one whose row is gone left the session.
    CHECK(!s.contains(authors[700]));
    // A delete of a row that is gone fails the same way, and nothing is deleted.
    auto again = s.all(select<Author>().order_by(col(&Author::id)));
    REQUIRE(again.size() == 1199);
    auto victim = again[10]->id;
    s.execute(delete_from<Author>().where(col(&Author::id) == victim)); // in the same transaction
    for (auto& a : again) s.remove(a);
    CHECK_THROWS_WITH(s.commit(), Catch::Contains("deleting authors expected") &&
                                      Catch::Contains("the row with id = " + std::to_string(victim) + " is gone"));
    CHECK(s.scalar<std::int64_t>(select(count()).from<Author>()) == 1199);
}

} // namespace

ORM_TEST_BOTH("100,000 new objects are flushed in at most 200 statements where each is a round trip",
              hundred_thousand_in_few_statements)
ORM_TEST_BOTH("objects writing different columns (a server default for some) go in separate batches",
              column_sets_apart)
ORM_TEST_BOTH("parents and children flushed together get their keys and foreign keys right", parents_and_children)
ORM_TEST_BOTH("a unique violation inside a batch names the object and rolls the whole flush back",
              violation_inside_a_batch)
ORM_TEST_BOTH("changed and removed objects are written in batches, each row found", updates_and_deletes_in_batches)
ORM_TEST_BOTH("a row deleted behind a loaded object fails its update or delete, naming it", stale_rows_are_named)

TEST_CASE("keys match their objects while another connection takes values from the same sequence", "[postgres]") {
    auto server = migrate::test::pg_url();
    if (!server) return;
    migrate::test::PgDatabase db(*server);
    auto engine = orm_test::pg_engine(db.url());
    auto other = migrate::db::connect(db.url());
    // Each session caches 100 values of the sequence: the other connection's rows get keys below
    // and above this flush's, whatever the timing.
    other->execute("ALTER SEQUENCE authors_id_seq CACHE 100");
    other->execute("INSERT INTO authors (name) VALUES ('other')");
    // And a third connection inserts all the while the flush runs.
    std::atomic<bool> done{false};
    std::atomic<int> concurrent{0};
    std::thread writer([&] {
        auto conn = migrate::db::connect(db.url());
        while (!done) {
            conn->execute("INSERT INTO authors (name) VALUES ('other')");
            ++concurrent;
        }
    });
    std::vector<std::shared_ptr<Author>> authors;
    {
        Session s(*engine);
        for (int round = 0; round < 3; ++round) {
            for (int i = 0; i < 20'000; ++i)
                authors.push_back(s.add(Author{.name = "mine " + std::to_string(round) + "/" + std::to_string(i)}));
            s.commit();
        }
        done = true;
        writer.join();
        for (int i = 0; i < 150; ++i) other->execute("INSERT INTO authors (name) VALUES ('other')");
        keys_match_rows(s, authors, "authors");
    }
    auto bounds = other->query("SELECT min(id), max(id) FROM authors WHERE name = 'other'");
    std::int64_t mine_min = authors.front()->id, mine_max = authors.front()->id;
    for (auto& a : authors) mine_min = std::min(mine_min, a->id), mine_max = std::max(mine_max, a->id);
    CHECK(bounds[0][0].as_int() < mine_min); // interleaved sequence values
    CHECK(bounds[0][1].as_int() > mine_max);
    INFO("rows the concurrent writer inserted during the flushes: " << concurrent.load());
    CHECK(concurrent.load() > 0);
}
