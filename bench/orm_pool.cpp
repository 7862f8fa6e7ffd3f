// The Engine's pool on PostgreSQL: N threads doing short Session transactions (read an author,
// change it, commit) through one pooled Engine, against the same work opening a new connection
// per transaction (an Engine each, as a program without a pool would); then what one checkout
// and return costs (no round trip) beside one pre_ping checkout and one `SELECT 1` round trip.
// Each timing is the best of 3 runs.
// Usage: bench_orm_pool [postgresql://...] [threads] [transactions per thread]
//        (or MIGRATE_BENCH_PG_URL; the database's tutorial tables are dropped and re-created)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <migrate/orm/orm.hpp>
#include <migrate/tutorial/metadata.hpp>
#include <migrate/tutorial/models.hpp>

using namespace migrate::orm;
using migrate::tutorial::Author;

namespace {

constexpr int k_runs = 3;
constexpr int k_authors = 1000;
constexpr int k_checkouts = 100'000;

template <class F> double best_ms(F f) {
    double best = 0;
    for (int run = 0; run < k_runs; ++run) {
        auto t = std::chrono::steady_clock::now();
        f();
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
        if (run == 0 || ms < best) best = ms;
    }
    return best;
}

void reset_schema(const std::string& url) {
    Engine engine(url);
    auto conn = engine.connect();
    for (const char* t : {"book_tags", "books", "tags", "authors"})
        conn.execute(std::string("DROP TABLE IF EXISTS ") + engine.dialect().quote(t));
    for (auto& sql : engine.dialect().render_metadata(migrate::tutorial::metadata())) conn.execute(sql);
    Session s(engine);
    std::vector<migrate::db::Params> rows;
    for (int i = 0; i < k_authors; ++i) rows.push_back({"author " + std::to_string(i)});
    s.execute_many(insert<Author>().columns(&Author::name), rows);
    s.commit();
}

// One short transaction: read an author, change it, commit (SELECT, UPDATE, COMMIT).
void transaction(Engine& engine, int thread, int i) {
    Session s(engine);
    auto a = s.get<Author>(std::int64_t{1 + (thread * 7919 + i * 31) % k_authors});
    a->born = 1900 + i % 100;
    s.commit();
}

template <class Work> double threaded_ms(int threads, Work work) {
    return best_ms([&] {
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) pool.emplace_back([&, t] { work(t); });
        for (auto& th : pool) th.join();
    });
}

} // namespace

int main(int argc, char** argv) {
    const char* pg = argc > 1 ? argv[1] : std::getenv("MIGRATE_BENCH_PG_URL");
    if (!pg || !*pg) {
        std::fprintf(stderr, "bench_orm_pool needs PostgreSQL: give a URL or set MIGRATE_BENCH_PG_URL\n");
        return 2;
    }
    const std::string url = pg;
    const int threads = argc > 2 ? std::atoi(argv[2]) : 8;
    const int per_thread = argc > 3 ? std::atoi(argv[3]) : 250;
    const std::string sep = url.find('?') == std::string::npos ? "?" : "&";
    reset_schema(url);

    Engine pooled(url + sep + "pool_size=" + std::to_string(threads) + "&max_overflow=0");
    double pool_ms = threaded_ms(threads, [&](int t) {
        for (int i = 0; i < per_thread; ++i) transaction(pooled, t, i);
    });
    double fresh_ms = threaded_ms(threads, [&](int t) {
        for (int i = 0; i < per_thread; ++i) {
            Engine once(url); // connects at the Session's first statement, closes at its end
            transaction(once, t, i);
        }
    });
    const double n = static_cast<double>(threads) * per_thread;
    std::printf("%d threads x %d Session transactions (SELECT + UPDATE + COMMIT each), PostgreSQL\n", threads, per_thread);
    std::printf("  %-44s %9.1f ms  %7.3f ms/transaction\n", "through the pool", pool_ms, pool_ms / n);
    std::printf("  %-44s %9.1f ms  %7.3f ms/transaction\n", "a new connection per transaction", fresh_ms, fresh_ms / n);
    std::printf("  ratio: a new connection per transaction took %.1fx the pool's time\n", fresh_ms / pool_ms);
    std::printf("  pool after the run: %s; %llu connects\n", migrate::db::describe(pooled.pool_stats()).c_str(),
                static_cast<unsigned long long>(pooled.pool_stats().connects));

    // One thread: checkout + return with nothing sent, with pre_ping, and a bare round trip.
    Engine plain(url + sep + "pool_size=1");
    plain.connect(); // the connection exists before timing
    double checkout_ms = best_ms([&] {
        for (int i = 0; i < k_checkouts; ++i) plain.connect();
    });
    Engine pinged(url + sep + "pool_size=1&pool_pre_ping=true");
    pinged.connect();
    const int pings = k_checkouts / 10;
    double ping_ms = best_ms([&] {
        for (int i = 0; i < pings; ++i) pinged.connect();
    });
    auto conn = plain.connect();
    double select_ms = best_ms([&] {
        for (int i = 0; i < pings; ++i) conn.db().query("SELECT 1");
    });
    std::printf("cost per checkout (checkout + return, one thread)\n");
    std::printf("  %-44s %9.2f us\n", "pooled, nothing sent", checkout_ms * 1000 / k_checkouts);
    std::printf("  %-44s %9.2f us\n", "pooled with pre_ping (one round trip)", ping_ms * 1000 / pings);
    std::printf("  %-44s %9.2f us\n", "for scale: one SELECT 1 round trip", select_ms * 1000 / pings);
    const int connects = 200;
    double connect_ms = best_ms([&] {
        for (int i = 0; i < connects; ++i) Engine(url).connect();
    });
    std::printf("  %-44s %9.2f us\n", "for scale: a new connection (connect + close)", connect_ms * 1000 / connects);
    return 0;
}
