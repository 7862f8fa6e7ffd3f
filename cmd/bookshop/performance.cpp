// Chapters 5-7: N+1 lazy loading vs selectin, a bulk price change via Core vs the Session,
// and a report in raw SQL.
#include "story.hpp"

#include <iomanip>
#include <iostream>

#include <migrate/orm/orm.hpp>
#include <migrate/tutorial/models.hpp>

namespace bookshop {

using namespace migrate::orm;
using migrate::tutorial::Author;
using migrate::tutorial::Book;
using migrate::tutorial::Tag;

namespace {

// Echo would print tens of thousands of statements in the bulk chapters: pause it there.
class EchoPause {
public:
    explicit EchoPause(Engine& e) : engine_(e), was_(e.echo()) {
        if (was_) std::cout << "  (echo paused for this step)\n";
        engine_.set_echo(false);
    }
    ~EchoPause() { engine_.set_echo(was_); }

private:
    Engine& engine_;
    bool was_;
};

// Adds `authors` authors with `books_each` books each, with Core executemany (fast seeding:
// pipelined on PostgreSQL, one round trip per 1,000 rows).
void seed(Engine& engine, std::size_t authors, std::size_t books_each, const std::string& prefix) {
    Session s(engine);
    std::vector<migrate::db::Params> rows;
    for (std::size_t a = 0; a < authors; ++a) rows.push_back({prefix + " author " + std::to_string(a + 1)});
    s.execute_many(insert<Author>().columns(&Author::name), rows);
    auto ids = s.rows(select(col(&Author::id)).where(col(&Author::name).like(prefix + " author %")));
    rows.clear();
    std::size_t n = 0;
    for (auto& id : ids)
        for (std::size_t b = 0; b < books_each; ++b, ++n)
            rows.push_back({prefix + " book " + std::to_string(n + 1), id[0], 5.0 + static_cast<double>(n % 20)});
    s.execute_many(insert<Book>().columns(&Book::title, &Book::author_id, &Book::price), rows);
    s.commit();
}

} // namespace

void lazy_vs_selectin(Engine& engine, const Options& options) {
    heading(5, "the N+1 problem: lazy loading vs selectin loading");
    std::size_t n = options.lazy_authors;
    {
        EchoPause pause(engine);
        seed(engine, n, 3, "demo");
    }
    auto demo = col(&Author::name).like("demo author %");
    std::size_t lazy_queries = 0, selectin_queries = 0, lazy_books = 0, selectin_books = 0;
    double lazy_ms = 0, selectin_ms = 0;
    {
        Session s(engine);
        engine.reset_statement_count();
        auto start = std::chrono::steady_clock::now();
        for (auto& a : s.all(select<Author>().where(demo))) lazy_books += a->books.size(); // one query per author
        lazy_ms = ms_since(start);
        lazy_queries = engine.statement_count();
    }
    {
        Session s(engine);
        engine.reset_statement_count();
        auto start = std::chrono::steady_clock::now();
        auto authors = s.all(select<Author>().where(demo).options(selectin(&Author::books)));
        for (auto& a : authors) selectin_books += a->books.size(); // already loaded
        selectin_ms = ms_since(start);
        selectin_queries = engine.statement_count();
    }
    std::cout << std::fixed << std::setprecision(1);
    std::cout << "  " << n << " authors, " << lazy_books << " books\n";
    std::cout << "  lazy loading:     " << std::setw(5) << lazy_queries << " queries  " << std::setw(8) << lazy_ms
              << " ms   (1 for the authors + 1 per author)\n";
    std::cout << "  selectin loading: " << std::setw(5) << selectin_queries << " queries  " << std::setw(8)
              << selectin_ms << " ms   (1 for the authors + 1 WHERE author_id IN (...))\n";
    if (lazy_books != selectin_books) throw migrate::Error("lazy and selectin loading found different books");
}

void bulk_price_change(Engine& engine, const Options& options) {
    heading(6, "a bulk price change: one Core UPDATE vs the same through the Session");
    EchoPause pause(engine);
    std::size_t n = options.bulk_books;
    seed(engine, n / 100, 100, "bulk");
    auto bulk = col(&Book::title).like("bulk book %");
    std::cout << "  seeded " << n << " books with executemany\n";

    auto start = std::chrono::steady_clock::now();
    std::size_t changed = 0;
    {
        Session s(engine);
        for (auto& b : s.all(select<Book>().where(bulk))) {
            if (b->price) *b->price *= 1.1; // NULL stays NULL, as in the Core UPDATE
            ++changed;
        }
        s.commit(); // batched: 1,000-row UPDATE ... FROM (VALUES ...) on PostgreSQL, a prepared loop on SQLite
    }
    double orm_ms = ms_since(start);

    start = std::chrono::steady_clock::now();
    std::int64_t updated = 0;
    {
        Session s(engine);
        updated = s.execute(update<Book>().set(col(&Book::price), col(&Book::price) * 1.1).where(bulk));
        s.commit();
    }
    double core_ms = ms_since(start);
    std::cout << std::fixed << std::setprecision(1);
    std::cout << "  Session: loaded and updated " << changed << " objects  " << std::setw(9) << orm_ms << " ms\n";
    std::cout << "  Core:    one UPDATE changed " << updated << " rows      " << std::setw(9) << core_ms << " ms\n";
    std::cout << "  ratio:   the Session took " << std::setprecision(1) << (core_ms > 0 ? orm_ms / core_ms : 0)
              << "x as long as the Core UPDATE\n";
}

void report(Engine& engine) {
    heading(7, "a report in raw SQL (text() with bound parameters)");
    Session s(engine);
    auto per_author = s.rows(text("SELECT a.name, COUNT(b.id) AS books, AVG(b.price) AS avg_price "
                                  "FROM authors a JOIN books b ON b.author_id = a.id "
                                  "WHERE a.name NOT LIKE ? AND a.name NOT LIKE ? "
                                  "GROUP BY a.name ORDER BY a.name",
                                  {"demo author %", "bulk author %"}));
    std::cout << "  per author:\n";
    std::cout << std::fixed << std::setprecision(2);
    for (auto& r : per_author)
        std::cout << "    " << std::left << std::setw(24) << r["name"].as_text() << std::right << std::setw(3)
                  << r["books"].as_int() << " books  avg " << std::setw(7) << r["avg_price"].as_double() << "\n";
    auto per_tag = s.rows(text("SELECT t.name, COUNT(b.id) AS books, AVG(b.price) AS avg_price "
                               "FROM tags t JOIN book_tags bt ON bt.tag_id = t.id JOIN books b ON b.id = bt.book_id "
                               "GROUP BY t.name HAVING COUNT(b.id) >= ? ORDER BY t.name",
                               {1}));
    std::cout << "  per tag:\n";
    for (auto& r : per_tag)
        std::cout << "    " << std::left << std::setw(24) << r["name"].as_text() << std::right << std::setw(3)
                  << r["books"].as_int() << " books  avg " << std::setw(7) << r["avg_price"].as_double() << "\n";
}

} // namespace bookshop
