// The Engine's pool under threads: Sessions on 8 threads through one Engine, the pool's limit
// and timeout, recycle, and pre_ping after the server dropped a connection.
#include "pool_fixture.hpp"

#include <atomic>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <migrate/db/error.hpp>

namespace {

using namespace migrate::orm;
using migrate::tutorial::Author;
using pool_test::with_parameters;

constexpr int k_threads = 8;
constexpr int k_rounds = 25;

// Connections the server has open for this application_name (PostgreSQL's own count, not the
// pool's).
std::int64_t server_connections(const std::string& url, const std::string& application) {
    auto admin = migrate::db::connect(url);
    return admin->query("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?", {application})
        .at(0)[0]
        .as_int();
}

// Waits (bounded, so a broken pool fails the test instead of hanging it) until `ready()`.
template <class Ready> bool eventually(Ready ready) {
    for (int i = 0; i < 60'000; ++i) {
        if (ready()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return ready();
}

void eight_threads(const std::string& base) {
    const std::string application = "pool_eight_threads";
    bool postgres = base.rfind("postgres", 0) == 0;
    // libpq takes application_name from the URL (the pool leaves it there): the server's count
    // of our connections below.
    Engine engine(with_parameters(base, "pool_size=3&max_overflow=2&pool_timeout=60" +
                                            (postgres ? "&application_name=" + application : std::string())));
    constexpr std::size_t limit = 3 + 2;
    std::mutex mutex;
    std::set<migrate::db::Connection*> in_use; // connections checked out right now
    std::atomic<int> errors{0}, shared{0};
    std::vector<std::string> messages;
    auto problem = [&](const std::string& what) {
        ++errors;
        std::lock_guard lock(mutex);
        messages.push_back(what);
    };

    // First, all 8 threads ask for a connection at once and keep it until the gate opens: the
    // pool must lend 5 (size + overflow) and make the other 3 wait.
    std::mutex gate_mutex;
    std::condition_variable gate;
    std::size_t holding = 0, most_held = 0;
    bool gate_open = false;
    auto hold_at_gate = [&] {
        auto c = engine.connect();
        std::unique_lock lock(gate_mutex);
        most_held = std::max(most_held, ++holding);
        gate.notify_all();
        if (!gate.wait_for(lock, std::chrono::seconds(60), [&] { return gate_open; })) problem("the gate never opened");
        --holding;
    };

    std::vector<std::thread> threads;
    for (int t = 0; t < k_threads; ++t) {
        threads.emplace_back([&, t] {
            try {
                hold_at_gate();
            } catch (const std::exception& e) {
                problem(e.what());
            }
            for (int r = 0; r < k_rounds; ++r) {
                try {
                    Session s(engine);
                    s.add(Author{.name = "thread " + std::to_string(t) + " round " + std::to_string(r)});
                    auto* mine = &s.connection().db();
                    {
                        std::lock_guard lock(mutex);
                        if (!in_use.insert(mine).second) ++shared;
                    }
                    auto mine_so_far = s.scalar<std::int64_t>(
                        select(count()).from<Author>().where(col(&Author::name).like("thread " + std::to_string(t) + " %")));
                    if (mine_so_far != r + 1) problem("thread " + std::to_string(t) + " sees " + std::to_string(mine_so_far) + " of its rows");
                    {
                        std::lock_guard lock(mutex);
                        in_use.erase(mine);
                    }
                    s.commit(); // gives the connection back: another thread may hold it next
                } catch (const std::exception& e) {
                    problem(e.what());
                }
            }
        });
    }

    {
        std::unique_lock lock(gate_mutex);
        CHECK(gate.wait_for(lock, std::chrono::seconds(60), [&] { return holding >= limit; }));
    }
    bool three_waiting = eventually([&] { return engine.pool_stats().waiting == k_threads - limit; });
    auto at_full = engine.pool_stats();
    std::int64_t on_server = postgres ? server_connections(base, application) : 0;
    {
        std::lock_guard lock(gate_mutex);
        gate_open = true;
    }
    gate.notify_all();
    for (auto& th : threads) th.join();

    for (auto& m : messages) UNSCOPED_INFO(m);
    CHECK(errors == 0);
    CHECK(shared == 0);
    INFO("at the gate: " << migrate::db::describe(at_full));
    CHECK(three_waiting);
    CHECK(most_held == limit); // threads holding a connection at once, counted by the threads
    CHECK(at_full.checked_out == limit);
    CHECK(at_full.overflow == 2);
    if (postgres) CHECK(on_server == static_cast<std::int64_t>(limit)); // counted by the server
    auto stats = engine.pool_stats();
    INFO("after: " << migrate::db::describe(stats));
    CHECK(stats.peak_open == limit);
    CHECK(stats.checked_out == 0);
    CHECK(stats.waits >= k_threads - limit);
    CHECK(stats.checkouts >= k_threads * (k_rounds + 1));
    CHECK(stats.timeouts == 0);
    Session s(engine);
    CHECK(s.scalar<std::int64_t>(select(count()).from<Author>()) == k_threads * k_rounds);
}

POOL_TEST_BOTH("eight threads, each with its own Session on one Engine, never share a connection or pass the pool's limit",
               eight_threads)

void timeout(const std::string& base) {
    Engine engine(with_parameters(base, "pool_size=1&max_overflow=0&pool_timeout=0.2"));
    Session holder(engine);
    holder.connection(); // the pool's only connection, in a transaction
    std::string message;
    std::thread other([&] {
        try {
            Session s(engine);
            s.all(select<Author>());
        } catch (const migrate::PoolTimeout& e) {
            message = e.what();
        }
    });
    other.join();
    INFO(message);
    CHECK(message.find("pool_timeout 0.200 s") != std::string::npos);
    CHECK(message.find("pool size 1, overflow 0 of 0, 1 checked out, 0 idle") != std::string::npos);
    CHECK(engine.pool_stats().timeouts == 1);
    holder.commit(); // returned: the next Session gets it
    Session after(engine);
    CHECK(after.all(select<Author>()).empty());
}

POOL_TEST_BOTH("a checkout that waits past pool_timeout fails with the pool's state in the message", timeout)

void recycle(const std::string& base) {
    // pool_recycle=0: every connection is older than that at its next checkout.
    Engine recycled(with_parameters(base, "pool_size=1&pool_recycle=0"));
    std::size_t first = 0;
    {
        auto c = recycled.connect();
        first = c.id();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    {
        auto c = recycled.connect();
        CHECK(c.id() != first);
        c.execute_script("SELECT 1"); // the new connection works
    }
    CHECK(recycled.pool_stats().recycles == 1);
    CHECK(recycled.pool_stats().open == 1);

    Engine kept(with_parameters(base, "pool_size=1")); // no recycle: the same connection again
    std::size_t id = kept.connect().id();
    CHECK(kept.connect().id() == id);
    CHECK(kept.pool_stats().recycles == 0);
}

POOL_TEST_BOTH("pool_recycle replaces a connection older than it at checkout", recycle)

std::int64_t backend_pid(Session& s) { return s.connection().query("SELECT pg_backend_pid()").at(0)[0].as_int(); }

// Terminates a backend from another connection and waits until it is gone.
void terminate(const std::string& url, std::int64_t pid) {
    auto admin = migrate::db::connect(url);
    admin->query("SELECT pg_terminate_backend(?)", {pid});
    if (!eventually([&] { return admin->query("SELECT 1 FROM pg_stat_activity WHERE pid = ?", {pid}).empty(); }))
        FAIL("backend " << pid << " still there after pg_terminate_backend");
}

TEST_CASE("pre_ping replaces a connection the server terminated; without it the next Session fails", "[postgres]") {
    auto server = migrate::test::pg_url();
    if (!server) return;
    migrate::test::PgDatabase db(*server);

    Engine pinged(with_parameters(db.url(), "pool_size=1&pool_pre_ping=true"));
    std::int64_t pid = 0;
    {
        Session s(pinged);
        pid = backend_pid(s);
    }
    terminate(db.url(), pid);
    {
        Session s(pinged);
        CHECK(backend_pid(s) != pid); // a new backend, no error
    }
    CHECK(pinged.pool_stats().invalidated == 1);

    Engine unpinged(with_parameters(db.url(), "pool_size=1"));
    {
        Session s(unpinged);
        pid = backend_pid(s);
    }
    terminate(db.url(), pid);
    Session s(unpinged);
    CHECK_THROWS_AS(backend_pid(s), migrate::DatabaseError);
}

TEST_CASE("the pool's URL parameters never reach libpq, and a bad one is refused by name", "[postgres]") {
    auto server = migrate::test::pg_url();
    if (!server) return;
    migrate::test::PgDatabase db(*server);
    Engine engine(with_parameters(db.url(), "pool_size=2&max_overflow=1&pool_timeout=5&pool_pre_ping=1&pool_recycle=60"));
    CHECK(engine.pool_options().size == 2);
    CHECK(engine.pool_options().max_overflow == 1);
    CHECK(engine.pool_options().timeout == std::chrono::seconds(5));
    CHECK(engine.pool_options().pre_ping);
    CHECK(engine.pool_options().recycle == std::chrono::seconds(60));
    Session s(engine);
    CHECK(s.connection().query("SELECT 1").at(0)[0].as_int() == 1); // libpq took the rest of the URL
    CHECK_THROWS_WITH(Engine(with_parameters(db.url(), "pool_size=zero")),
                      Catch::Contains("invalid pool parameter pool_size=zero"));
}

} // namespace
