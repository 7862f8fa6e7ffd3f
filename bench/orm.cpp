// ORM overhead against the raw driver in the same run: inserting 100,000 authors through the
// Session vs a prepared-statement loop, loading 100,000 rows as objects vs a raw row loop, and
// selectin loading 10,000 authors x 10 books. Targets: within 1.5x of raw for the first two.
// Each number is the best of 3 runs.
// Usage: bench_orm [postgresql://...]   (SQLite always; PostgreSQL when a URL is given or
// MIGRATE_BENCH_PG_URL is set; the database's tutorial tables are dropped and re-created)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <migrate/orm/orm.hpp>
#include <migrate/tutorial/metadata.hpp>
#include <migrate/tutorial/models.hpp>

using namespace migrate::orm;
using migrate::tutorial::Author;
using migrate::tutorial::Book;

namespace {

constexpr int k_rows = 100'000;
constexpr int k_authors = 10'000, k_books_each = 10;

// The best of k_runs timings of `f`, each after `prepare` (untimed): the machine is shared, so
// the minimum is the least disturbed run.
constexpr int k_runs = 3;
template <class Prepare, class F> double best_ms(Prepare prepare, F f) {
    double best = 0;
    for (int run = 0; run < k_runs; ++run) {
        prepare();
        auto t = std::chrono::steady_clock::now();
        f();
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
        if (run == 0 || ms < best) best = ms;
    }
    return best;
}

void reset_schema(Engine& engine) {
    auto pooled = engine.connect();
    auto& conn = pooled.db();
    for (const char* t : {"book_tags", "books", "tags", "authors"})
        conn.execute(std::string("DROP TABLE IF EXISTS ") + engine.dialect().quote(t));
    for (auto& sql : engine.dialect().render_metadata(migrate::tutorial::metadata())) conn.execute(sql);
}

void row(const char* what, double orm_ms, double raw_ms, const char* raw_name) {
    std::printf("  %-34s %10.1f ms   %-30s %10.1f ms   %5.2fx\n", what, orm_ms, raw_name, raw_ms, orm_ms / raw_ms);
}

void run(const std::string& url, const char* label) {
    std::printf("\n%s\n", label);
    Engine engine(url);
    auto pooled = engine.connect(); // the raw side's own connection, beside the Sessions' one
    auto& conn = pooled.db();

    // 1. Inserts in one transaction. Raw: the statement text built once, one parameter vector per
    // row; the ORM builds each object, flushes it and sets its generated key.
    auto fresh = [&] { reset_schema(engine); };
    double raw_insert = best_ms(fresh, [&] {
        const std::string sql = "INSERT INTO \"authors\" (\"name\", \"born\") VALUES (?, ?)";
        conn.begin();
        for (int i = 0; i < k_rows; ++i) conn.execute(sql, {"author " + std::to_string(i), 1900 + i % 100});
        conn.commit();
    });
    double orm_insert = best_ms(fresh, [&] {
        Session s(engine);
        for (int i = 0; i < k_rows; ++i) s.add(Author{.name = "author " + std::to_string(i), .born = 1900 + i % 100});
        s.commit();
    });
    row("insert 100,000 via Session", orm_insert, raw_insert, "prepared INSERT loop");

    // 2. Loading rows as objects. Both sides build and free their objects inside the timing: the
    // raw side plain structs in a vector, the ORM side session-owned objects.
    auto nothing = [] {};
    std::size_t raw_count = 0, orm_count = 0;
    double raw_load = best_ms(nothing, [&] {
        auto rows = conn.query("SELECT \"id\", \"name\", \"born\" FROM \"authors\"");
        std::vector<Author> plain;
        plain.reserve(rows.size());
        for (auto& r : rows) {
            Author a;
            a.id = r[0].as_int();
            a.name = r[1].as_text();
            if (!r[2].is_null()) a.born = r[2].as_int();
            plain.push_back(std::move(a));
        }
        raw_count = plain.size();
    });
    double orm_load = best_ms(nothing, [&] {
        Session s(engine);
        orm_count = s.all(select<Author>()).size();
    });
    if (orm_count != raw_count) std::printf("  MISMATCH: %zu vs %zu rows\n", orm_count, raw_count);
    row("load 100,000 as objects", orm_load, raw_load, "query + row loop into structs");

    // 3. selectin: 10,000 authors x 10 books.
    reset_schema(engine);
    {
        Session s(engine);
        std::vector<migrate::db::Params> authors;
        for (int a = 0; a < k_authors; ++a) authors.push_back({"author " + std::to_string(a)});
        s.execute_many(insert<Author>().columns(&Author::name), authors);
        std::vector<migrate::db::Params> books;
        for (int a = 0; a < k_authors; ++a)
            for (int b = 0; b < k_books_each; ++b)
                books.push_back({"book " + std::to_string(a) + "/" + std::to_string(b), std::int64_t{a + 1}, 9.5});
        s.execute_many(insert<Book>().columns(&Book::title, &Book::author_id, &Book::price), books);
        s.commit();
    }
    std::size_t raw_books = 0, books = 0, queries = 0;
    double raw_selectin = best_ms(nothing, [&] {
        auto a_rows = conn.query("SELECT \"id\", \"name\", \"born\" FROM \"authors\"");
        auto b_rows = conn.query("SELECT \"id\", \"title\", \"author_id\", \"published\", \"price\", \"isbn\" FROM \"books\"");
        raw_books = b_rows.size() + a_rows.size() * 0;
    });
    double orm_selectin = best_ms(nothing, [&] {
        Session s(engine);
        engine.reset_statement_count();
        books = 0;
        for (auto& a : s.all(select<Author>().options(selectin(&Author::books)))) books += a->books.size();
        queries = engine.statement_count();
    });
    if (books != raw_books) std::printf("  MISMATCH: %zu vs %zu books\n", books, raw_books);
    row("selectin 10,000 authors x 10 books", orm_selectin, raw_selectin, "2 raw queries, rows only");
    std::printf("  (selectin ran %zu queries: 1 + %d IN lists of 1000 keys)\n", queries, k_authors / 1000);
}

} // namespace

int main(int argc, char** argv) {
    auto dir = std::filesystem::temp_directory_path() / "migrate_bench_orm";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::printf("  %-34s %13s   %-30s %13s   %6s\n", "ORM", "", "raw", "", "ratio");
    run("sqlite:///" + (dir / "bench.db").string(), "SQLite (file, default driver settings)");
    const char* pg = argc > 1 ? argv[1] : std::getenv("MIGRATE_BENCH_PG_URL");
    if (pg && *pg) run(pg, "PostgreSQL");
    std::filesystem::remove_all(dir);
}
