// A Session borrows one pooled connection for its transaction and gives it back on every path:
// commit, rollback, close, a failed flush, an exception. A connection returned inside a
// transaction is rolled back. Echo shows checkouts and returns as SQLAlchemy's echo_pool does.
#include "pool_fixture.hpp"

#include <thread>

#include <migrate/db/error.hpp>

namespace {

using namespace migrate::orm;
using migrate::tutorial::Author;
using migrate::tutorial::Tag;
using pool_test::with_parameters;

std::int64_t authors(Engine& engine) {
    Session s(engine);
    return s.scalar<std::int64_t>(select(count()).from<Author>());
}

void every_path(const std::string& base) {
    // One connection and no wait: a connection not given back fails the next checkout at once.
    Engine engine(with_parameters(base, "pool_size=1&max_overflow=0&pool_timeout=0"));
    auto lent = [&] { return engine.pool_stats().checked_out; };
    {
        Session s(engine);
        s.add(Author{.name = "committed"});
        s.flush();
        CHECK(lent() == 1);
        s.commit();
        CHECK(lent() == 0); // commit
        CHECK(s.all(select<Author>()).size() == 1);
        CHECK(lent() == 1); // the next transaction borrows again
        s.rollback();
        CHECK(lent() == 0); // rollback (and the refresh after it)
        s.add(Author{.name = "closed"});
        s.flush();
    }
    CHECK(lent() == 0); // close: the destructor rolled back
    CHECK(authors(engine) == 1);
    try {
        Session s(engine);
        s.add(Author{.name = "thrown"});
        s.flush();
        throw std::runtime_error("the request failed");
    } catch (const std::runtime_error&) {
        CHECK(lent() == 0); // an exception unwound the Session
    }
    CHECK(authors(engine) == 1);
    {
        Session s(engine);
        s.add(Tag{.name = "dup"});
        s.commit();
        s.add(Tag{.name = "dup"});
        CHECK_THROWS_AS(s.commit(), migrate::DatabaseError);
        CHECK(lent() == 0); // a failed flush rolled back and gave the connection back
    }
    {
        auto c = engine.connect(); // a connection left inside a transaction by its holder
        c.begin();
        c.execute("INSERT INTO authors (name) VALUES (?)", {"never committed"});
    }
    CHECK(engine.pool_stats().rollbacks_on_return == 1);
    CHECK(authors(engine) == 1);
    CHECK(engine.pool_stats().timeouts == 0);
}

POOL_TEST_BOTH("a Session gives its connection back at commit, rollback, close, a failed flush and an exception",
               every_path)

void echo_pool(const std::string& base) {
    Engine engine(with_parameters(base, "pool_size=2"), {.echo = true});
    std::string log;
    {
        Session s(engine, {.echo_to = [&](const std::string& line) { log += line; }});
        s.add(Author{.name = "echoed"});
        s.commit();
    }
    INFO(log);
    auto at = [&](const std::string& text) { return log.find(text); };
    REQUIRE(at("[pool] connection 1 checked out") != std::string::npos);
    REQUIRE(at("INSERT INTO") != std::string::npos);
    REQUIRE(at("[pool] connection 1 returned") != std::string::npos);
    CHECK(at("[pool] connection 1 checked out") < at("INSERT INTO"));
    CHECK(at("INSERT INTO") < at("[pool] connection 1 returned"));
}

POOL_TEST_BOTH("with echo, a Session's checkout, statements and return go to its echo sink in order", echo_pool)

TEST_CASE("an in-memory database is one connection: Sessions of one thread share it, another thread waits", "[sqlite]") {
    Engine engine("sqlite://?pool_timeout=0.1");
    orm_test::create_schema(engine);
    Session outer(engine);
    outer.add(Author{.name = "pending"});
    outer.flush(); // the shared connection is in outer's transaction
    {
        Session inner(engine); // the same connection, the same transaction (as before the pool)
        CHECK(inner.scalar<std::int64_t>(select(count()).from<Author>()) == 1);
    }
    bool timed_out = false;
    std::thread other([&] {
        try {
            Session s(engine);
            s.all(select<Author>());
        } catch (const migrate::PoolTimeout&) {
            timed_out = true;
        }
    });
    other.join();
    CHECK(timed_out);
    outer.commit();
    CHECK(engine.pool_stats().checked_out == 0);
    CHECK(engine.pool_stats().open == 1);
}

} // namespace
