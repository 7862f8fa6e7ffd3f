// ORM overhead against the raw driver in the same run: inserting 100,000 authors through the
// Session vs a prepared-statement loop (and, on PostgreSQL, vs 1,000-row multi-row INSERT ...
// RETURNING batches and COPY), changing one column of 100,000 loaded authors vs a prepared
// UPDATE loop (PostgreSQL: 1,000-row UPDATE ... FROM (VALUES ...) batches), loading 100,000
// rows as objects vs a raw row loop, and selectin loading 10,000 authors x 10 books. Each
// number is the best of 3 runs.
// Usage: bench_orm [postgresql://...]   (SQLite always; PostgreSQL when a URL is given or
// MIGRATE_BENCH_PG_URL is set; the database's tutorial tables are dropped and re-created)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <libpq-fe.h>

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

// `rows` parameter rows of `per_row` values as VALUES lists of up to 1,000 rows: `row` is one
// row's text ("(?, ?)"); each batch's statement is `head` + rows + `tail`.
template <class Run>
void in_batches(std::size_t rows, const std::string& head, const std::string& row, const std::string& tail, Run run) {
    constexpr std::size_t k_batch = 1000;
    std::string sql;
    for (std::size_t at = 0; at < rows; at += k_batch) {
        std::size_t n = std::min(k_batch, rows - at);
        if (at == 0 || n != k_batch) {
            sql = head;
            for (std::size_t r = 0; r < n; ++r) sql += (r ? ", " : "") + row;
            sql += tail;
        }
        run(sql, at, n);
    }
}

// COPY authors (name, born) FROM STDIN over a libpq connection of its own to the same server.
void copy_authors(const std::string& url) {
    PGconn* c = PQconnectdb(url.c_str());
    auto ok = [&](PGresult* r, ExecStatusType want) {
        bool good = PQresultStatus(r) == want;
        if (!good) std::fprintf(stderr, "COPY baseline: %s", PQerrorMessage(c));
        PQclear(r);
        return good;
    };
    if (PQstatus(c) == CONNECTION_OK && ok(PQexec(c, "BEGIN"), PGRES_COMMAND_OK) &&
        ok(PQexec(c, "COPY \"authors\" (\"name\", \"born\") FROM STDIN"), PGRES_COPY_IN)) {
        std::string chunk;
        for (int i = 0; i < k_rows; ++i) {
            chunk += "author " + std::to_string(i) + "\t" + std::to_string(1900 + i % 100) + "\n";
            if (chunk.size() > 64 * 1024 || i + 1 == k_rows) {
                PQputCopyData(c, chunk.data(), static_cast<int>(chunk.size()));
                chunk.clear();
            }
        }
        PQputCopyEnd(c, nullptr);
        ok(PQgetResult(c), PGRES_COMMAND_OK);
        ok(PQexec(c, "COMMIT"), PGRES_COMMAND_OK);
    }
    PQfinish(c);
}

void run(const std::string& url, const char* label) {
    std::printf("\n%s\n", label);
    Engine engine(url);
    auto pooled = engine.connect(); // the raw side's own connection, beside the Sessions' one
    auto& conn = pooled.db();

    // 1. Inserts in one transaction. Raw: the statement text built once, one parameter vector per
    // row (on PostgreSQL a round trip per row); the ORM builds each object, flushes it and sets
    // its generated key.
    auto fresh = [&] { reset_schema(engine); };
    const bool server = engine.backend() == migrate::db::Backend::postgresql;
    double raw_insert = best_ms(fresh, [&] {
        const std::string sql = "INSERT INTO \"authors\" (\"name\", \"born\") VALUES (?, ?)";
        conn.begin();
        for (int i = 0; i < k_rows; ++i) conn.execute(sql, {"author " + std::to_string(i), 1900 + i % 100});
        conn.commit();
    });
    std::size_t insert_statements = 0;
    double orm_insert = best_ms(fresh, [&] {
        Session s(engine);
        for (int i = 0; i < k_rows; ++i) s.add(Author{.name = "author " + std::to_string(i), .born = 1900 + i % 100});
        engine.reset_statement_count();
        s.commit();
        insert_statements = engine.statement_count();
    });
    row("insert 100,000 via Session", orm_insert, raw_insert, "prepared INSERT loop");
    if (server) {
        // The fastest ways the server offers: multi-row INSERT ... RETURNING (the keys come back,
        // as the Session needs them), and COPY.
        double multi_row = best_ms(fresh, [&] {
            conn.begin();
            in_batches(k_rows, "INSERT INTO \"authors\" (\"name\", \"born\") VALUES ", "(?, ?)", " RETURNING \"id\"",
                       [&](const std::string& sql, std::size_t at, std::size_t n) {
                           migrate::db::Params p(2 * n);
                           for (std::size_t i = at; i < at + n; ++i) {
                               p[2 * (i - at)] = "author " + std::to_string(i);
                               p[2 * (i - at) + 1] = static_cast<std::int64_t>(1900 + i % 100);
                           }
                           conn.query(sql, p);
                       });
            conn.commit();
        });
        double copy = best_ms(fresh, [&] { copy_authors(url); });
        row("insert 100,000 via Session", orm_insert, multi_row, "1,000-row INSERT..RETURNING");
        row("insert 100,000 via Session", orm_insert, copy, "COPY (own libpq connection)");
    }
    std::printf("  (the Session's insert ran %zu statements)\n", insert_statements);

    // 1b. Changing one column of every row. The ORM loads 100,000 objects, changes each and
    // commits (timed: the commit alone, and load + change + commit); raw updates rows whose keys
    // it knows.
    std::vector<std::int64_t> ids;
    for (auto& r : conn.query("SELECT \"id\" FROM \"authors\" ORDER BY \"id\"")) ids.push_back(r[0].as_int());
    int generation = 0;
    auto new_name = [&](std::size_t i) { return "renamed " + std::to_string(generation) + "/" + std::to_string(i); };
    double raw_update = best_ms([&] { ++generation; }, [&] {
        conn.begin();
        if (server) {
            in_batches(ids.size(), "UPDATE \"authors\" SET \"name\" = \"v\".\"name\" FROM (VALUES ",
                       "(CAST(? AS integer), CAST(? AS varchar(200)))",
                       ") AS \"v\" (\"id\", \"name\") WHERE \"authors\".\"id\" = \"v\".\"id\"",
                       [&](const std::string& sql, std::size_t at, std::size_t n) {
                           migrate::db::Params p(2 * n);
                           for (std::size_t i = at; i < at + n; ++i) {
                               p[2 * (i - at)] = ids[i];
                               p[2 * (i - at) + 1] = new_name(i);
                           }
                           conn.execute(sql, p);
                       });
        } else {
            for (std::size_t i = 0; i < ids.size(); ++i)
                conn.execute("UPDATE \"authors\" SET \"name\" = ? WHERE \"id\" = ?", {new_name(i), ids[i]});
        }
        conn.commit();
    });
    double orm_flush = 0;
    double orm_update = best_ms([&] { ++generation; }, [&] {
        Session s(engine);
        auto authors = s.all(select<Author>().order_by(col(&Author::id)));
        for (std::size_t i = 0; i < authors.size(); ++i) authors[i]->name = new_name(i);
        auto t = std::chrono::steady_clock::now();
        s.commit();
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
        if (orm_flush == 0 || ms < orm_flush) orm_flush = ms;
    });
    const char* raw_update_name = server ? "1,000-row UPDATE..FROM (VALUES)" : "prepared UPDATE loop";
    row("update 100,000: commit", orm_flush, raw_update, raw_update_name);
    row("update 100,000: load+change+commit", orm_update, raw_update, raw_update_name);

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
