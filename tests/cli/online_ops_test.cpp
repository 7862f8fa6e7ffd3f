// The online ops driven as a user does, through the migrate binary: NOT VALID constraints and
// validate_constraint, concurrent index ops, alter_column "online", lock_timeout / retries on a
// real lock held by another connection, and a backfill interrupted by a failing batch and resumed
// with every row updated exactly once (a trigger counts the updates).
#include "cli_fixture.hpp"
#include "json_schema.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

using namespace migrate::test;
using Json = nlohmann::ordered_json;

namespace {

void write_revision(const Project& p, const std::string& id, const std::string& down, const std::string& extra,
                    const std::string& upgrade, const std::string& downgrade) {
    p.write("migrations/versions/" + id + ".json",
            "{\"revision\": \"" + id + "\", \"down_revision\": " + (down.empty() ? "null" : "\"" + down + "\"") +
                ", " + extra + "\"message\": \"" + id + "\", \"upgrade\": " + upgrade + ", \"downgrade\": " +
                downgrade + "}\n");
}

std::vector<Json> lines(const CommandResult& r) {
    auto run = run_lines(r.out);
    INFO(r.out);
    CHECK(run.problems.empty());
    return run.lines;
}

std::int64_t number(migrate::db::Connection& conn, const std::string& sql) {
    auto rows = conn.query(sql);
    REQUIRE(rows.size() == 1);
    return rows[0][0].is_null() ? -1 : rows[0][0].as_int();
}

void upgrade_ok(const Project& p, const std::string& target) {
    auto r = p.run("upgrade " + target);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
}

const std::string k_books = R"J([{"op": "create_table", "table": "authors", "columns": [
      {"name": "id", "type": "integer", "nullable": false}], "primary_key": {"columns": ["id"]}},
    {"op": "create_table", "table": "books", "columns": [{"name": "id", "type": "integer", "nullable": false},
      {"name": "author_id", "type": "integer"}, {"name": "price", "type": "numeric(10,2)"},
      {"name": "title", "type": "text"}], "primary_key": {"columns": ["id"]}}])J";
const std::string k_drop_books =
    R"J([{"op": "drop_table", "table": "books"}, {"op": "drop_table", "table": "authors"}])J";

// A fresh PostgreSQL database with r1 (authors, books) applied; empty when there is no server.
struct BooksOnPostgres {
    std::optional<PgDatabase> db;
    std::optional<Project> project;
    BooksOnPostgres() {
        auto server = pg_url();
        if (!server) return;
        db.emplace(*server);
        project.emplace(db->url());
        write_revision(*project, "r1", "", "", k_books, k_drop_books);
        upgrade_ok(*project, "head");
    }
};

} // namespace

TEST_CASE("online ops run on PostgreSQL, print offline, reverse, and lint finds nothing in them", "[cli][postgres]") {
    BooksOnPostgres books;
    if (!books.project) return;
    const Project& p = *books.project;
    auto conn = p.connect();
    conn->execute("INSERT INTO authors VALUES (1), (2)");
    conn->execute("INSERT INTO books SELECT g, 1 + g % 2, g, 't' || g FROM generate_series(1, 300) AS g");
    conn->execute("ANALYZE books");
    const std::string timeout = R"("lock_timeout": "2s", "statement_timeout": "1min", )";
    write_revision(p, "r2", "r1", timeout, R"J([{"op": "create_foreign_key", "table": "books", "name": "fk_books_author",
        "columns": ["author_id"], "ref_table": "authors", "ref_columns": ["id"], "not_valid": true}])J", R"("reverse")");
    write_revision(p, "r3", "r2", timeout, R"J([{"op": "validate_constraint", "table": "books", "name": "fk_books_author"}])J",
                   R"("reverse")");
    write_revision(p, "r4", "r3", timeout, R"J([{"op": "create_check_constraint", "table": "books", "name": "ck_price",
        "expression": "price >= 0", "not_valid": true}])J", R"("reverse")");
    write_revision(p, "r5", "r4", timeout, R"J([{"op": "validate_constraint", "table": "books", "name": "ck_price"}])J",
                   R"("reverse")");
    write_revision(p, "r6", "r5", timeout, R"J([{"op": "alter_column", "table": "books", "column": "price",
        "nullable": false, "existing_nullable": true, "online": true}])J", R"("reverse")");
    write_revision(p, "r7", "r6", timeout, R"J([{"op": "create_index", "table": "books", "name": "ix_books_title",
        "elements": ["title"], "concurrently": true}])J", R"("reverse")");
    write_revision(p, "r8", "r7", timeout, R"J([{"op": "drop_index", "table": "books", "name": "ix_books_title",
        "elements": ["title"], "concurrently": true}])J", R"("reverse")");

    // The safe forms: no lock rule fires on them, with the live rows.
    auto lint = p.run("--format json lint");
    INFO(lint.out << lint.err);
    CHECK(lint.exit_code == 0);
    Json found = Json::parse(lint.out);
    CHECK(found["findings"] == Json::array());

    // Offline: NOT VALID, the validations after a commit, the timeouts, the four online steps.
    auto sql = p.run("upgrade r1:head --sql");
    INFO(sql.out << sql.err);
    REQUIRE(sql.exit_code == 0);
    for (const char* expected :
         {"FOREIGN KEY (\"author_id\") REFERENCES \"authors\" (\"id\") NOT VALID", "CHECK (price >= 0) NOT VALID",
          "COMMIT;\n-- validate_constraint fk_books_author on books runs outside the revision's transaction\nBEGIN;\n"
          "SET LOCAL lock_timeout = '2000ms';\nSET LOCAL statement_timeout = '60000ms';\n"
          "ALTER TABLE \"books\" VALIDATE CONSTRAINT \"fk_books_author\";\nCOMMIT;",
          "ADD CONSTRAINT \"books_price_not_null\" CHECK (\"price\" IS NOT NULL) NOT VALID",
          "ALTER TABLE \"books\" ALTER COLUMN \"price\" SET NOT NULL;\nCOMMIT;",
          "CREATE INDEX CONCURRENTLY \"ix_books_title\"", "DROP INDEX CONCURRENTLY \"ix_books_title\""})
        CHECK(sql.out.find(expected) != std::string::npos);

    upgrade_ok(p, "r7");
    CHECK(number(*conn, "SELECT count(*) FROM pg_constraint WHERE conname IN ('fk_books_author', 'ck_price') AND "
                        "convalidated") == 2);
    CHECK(number(*conn, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'books' AND "
                        "column_name = 'price' AND is_nullable = 'NO'") == 1);
    CHECK(number(*conn, "SELECT count(*) FROM pg_constraint WHERE conname = 'books_price_not_null'") == 0);
    CHECK(number(*conn, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE "
                        "c.relname = 'ix_books_title' AND i.indisvalid") == 1);
    // A NOT VALID constraint still checks new rows.
    CHECK_THROWS(conn->execute("INSERT INTO books VALUES (1000, 3, 1, 'x')"));
    upgrade_ok(p, "head");
    CHECK(number(*conn, "SELECT count(*) FROM pg_class WHERE relname = 'ix_books_title'") == 0);

    // Reversed: back to r1, the constraints gone and the column nullable again.
    auto down = p.run("downgrade r1");
    INFO(down.out << down.err);
    REQUIRE(down.exit_code == 0);
    CHECK(number(*conn, "SELECT count(*) FROM pg_constraint WHERE conname IN ('fk_books_author', 'ck_price')") == 0);
    CHECK(number(*conn, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'books' AND "
                        "column_name = 'price' AND is_nullable = 'YES'") == 1);
}

TEST_CASE("online ops with a bad field are exit 2 naming the file and the field, nothing run", "[cli][sqlite]") {
    Project p;
    write_revision(p, "r1", "", "", k_books, k_drop_books);
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"J([{"op": "create_foreign_key", "table": "books", "columns": ["author_id"], "ref_table": "authors",
             "ref_columns": ["id"], "not_valid": "yes"}])J",
         "upgrade[0].not_valid"},
        {R"J([{"op": "alter_column", "table": "books", "column": "price", "nullable": false, "type": "text",
             "online": true}])J",
         "upgrade[0].online"},
        {R"J([{"op": "validate_constraint", "table": "books"}])J", "upgrade[0].name"},
        {R"J([{"op": "backfill", "table": "books", "set": {"title": "upper(title)"}}])J", "upgrade[0].key"},
        {R"J([{"op": "backfill", "table": "books", "set": {}, "key": "id"}])J", "upgrade[0].set"},
        {R"J([{"op": "backfill", "table": "books", "set": {"title": "x"}, "key": "id", "batch_size": 0}])J",
         "upgrade[0].batch_size"},
    };
    for (const auto& [ops, field] : cases) {
        write_revision(p, "r2", "r1", "", ops, "[]");
        auto r = p.run("upgrade head");
        INFO(ops << "\n" << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("r2.json") != std::string::npos);
        CHECK(r.err.find(field) != std::string::npos);
        CHECK(p.tables().empty());
    }
    for (const auto& [extra, field] : std::vector<std::pair<std::string, std::string>>{
             {R"("lock_timeout": "5 seconds", )", "lock_timeout"},
             {R"("statement_timeout": 0, )", "statement_timeout"},
             {R"("retries": -1, )", "retries"}}) {
        write_revision(p, "r2", "r1", extra, "[]", "[]");
        auto r = p.run("upgrade head");
        INFO(extra << "\n" << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("r2.json: " + field) != std::string::npos);
        CHECK(p.tables().empty());
    }
}

namespace {

// r1: books (id, title, title_upper, updates) with 1000 rows, and fail_at; a trigger counts each
// row's updates and fails the update of a row listed in fail_at. r2: the backfill, 100 a batch.
void backfill_resumes(const Project& p, bool postgres) {
    write_revision(p, "r1", "", "", R"J([{"op": "create_table", "table": "books", "columns": [
          {"name": "id", "type": "integer", "nullable": false}, {"name": "title", "type": "text"},
          {"name": "title_upper", "type": "text"},
          {"name": "updates", "type": "integer", "nullable": false, "server_default": "0"}],
          "primary_key": {"columns": ["id"]}},
        {"op": "create_table", "table": "fail_at", "columns": [{"name": "id", "type": "integer"}]}])J",
                   R"J([{"op": "drop_table", "table": "fail_at"}, {"op": "drop_table", "table": "books"}])J");
    upgrade_ok(p, "head");
    auto conn = p.connect();
    if (postgres) {
        conn->execute("INSERT INTO books (id, title) SELECT g, 'title ' || g FROM generate_series(1, 1000) AS g");
        conn->execute_script(R"(CREATE FUNCTION count_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF EXISTS (SELECT 1 FROM fail_at WHERE id = NEW.id) THEN RAISE EXCEPTION 'batch failed at row %', NEW.id; END IF;
              NEW.updates := OLD.updates + 1;
              RETURN NEW;
            END $$;
            CREATE TRIGGER books_count BEFORE UPDATE ON books FOR EACH ROW EXECUTE FUNCTION count_update();)");
    } else {
        conn->execute_script(R"(WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 1000)
              INSERT INTO books (id, title) SELECT n, 'title ' || n FROM g;
            CREATE TRIGGER books_fail BEFORE UPDATE OF title_upper ON books
              WHEN EXISTS (SELECT 1 FROM fail_at WHERE id = NEW.id)
              BEGIN SELECT RAISE(ABORT, 'batch failed at a row'); END;
            CREATE TRIGGER books_count AFTER UPDATE OF title_upper ON books
              BEGIN UPDATE books SET updates = updates + 1 WHERE id = NEW.id; END;)");
    }
    conn->execute("INSERT INTO fail_at VALUES (550)");
    write_revision(p, "r2", "r1", "", R"J([{"op": "backfill", "table": "books", "set": {"title_upper": "upper(title)"},
        "key": "id", "batch_size": 100}])J", R"("reverse")");

    auto failed = p.run("upgrade head");
    INFO(failed.out << failed.err);
    REQUIRE(failed.exit_code == 1);
    CHECK(failed.err.find("batch failed at") != std::string::npos);
    CHECK(failed.err.find("backfill   r2  op 1: 500 rows in 5 batches") != std::string::npos);
    CHECK(p.run("current").out.find("r2") == std::string::npos);
    // Five batches committed and recorded; the sixth rolled back whole.
    CHECK(number(*conn, "SELECT count(*) FROM books WHERE title_upper IS NOT NULL") == 500);
    CHECK(number(*conn, "SELECT max(id) FROM books WHERE title_upper IS NOT NULL") == 500);
    CHECK(number(*conn, "SELECT count(*) FROM books WHERE updates > 1") == 0);
    CHECK(number(*conn, "SELECT last_key FROM migrate_version_backfill WHERE revision = 'r2'") == 500);

    conn->execute("DELETE FROM fail_at");
    auto resumed = p.run("--format json upgrade head");
    INFO(resumed.out << resumed.err);
    REQUIRE(resumed.exit_code == 0);
    std::vector<Json> progress;
    for (auto& line : lines(resumed))
        if (line["event"] == "backfill_progress") progress.push_back(line);
    REQUIRE(progress.size() == 5);
    CHECK(progress.front()["resumed"] == true);
    CHECK(progress.front()["rows"] == 600);
    CHECK(progress.back()["rows"] == 1000);
    CHECK(progress.back()["batches"] == 10);
    // Every row updated once: none twice, none skipped.
    CHECK(number(*conn, "SELECT count(*) FROM books WHERE updates = 1 AND title_upper = upper(title)") == 1000);
    CHECK(number(*conn, "SELECT count(*) FROM migrate_version_backfill") == 0);

    // Its reverse is nothing; applied again, it starts from the first row.
    auto down = p.run("downgrade r1");
    INFO(down.err);
    CHECK(down.exit_code == 0);
    upgrade_ok(p, "head");
    CHECK(number(*conn, "SELECT count(*) FROM books WHERE updates = 2") == 1000);
}

} // namespace

TEST_CASE("a backfill interrupted by a failing batch resumes on PostgreSQL with each row updated once",
          "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    backfill_resumes(p, true);
    // Offline: the progress table and a DO block committing each batch.
    auto sql = p.run("upgrade r1:head --sql");
    INFO(sql.out << sql.err);
    CHECK(sql.out.find("CREATE TABLE IF NOT EXISTS \"migrate_version_backfill\"") != std::string::npos);
    CHECK(sql.out.find("DO $migrate$") != std::string::npos);
    CHECK(sql.out.find("    COMMIT;\n  END LOOP;") != std::string::npos);
    CHECK(sql.out.find("DELETE FROM \"migrate_version_backfill\" WHERE revision = 'r2'") != std::string::npos);
}

TEST_CASE("a backfill interrupted by a failing batch resumes on SQLite with each row updated once", "[cli][sqlite]") {
    Project p;
    backfill_resumes(p, false);
}

namespace {

// Holds an ACCESS SHARE lock on books from another connection for `hold`, then releases it.
class HeldLock {
public:
    HeldLock(const Project& p, std::chrono::milliseconds hold) : conn_(p.connect()) {
        conn_->execute("BEGIN");
        conn_->execute("LOCK TABLE books IN ACCESS SHARE MODE");
        thread_ = std::thread([this, hold] {
            std::this_thread::sleep_for(hold);
            conn_->execute("ROLLBACK");
        });
    }
    ~HeldLock() { thread_.join(); }

private:
    std::unique_ptr<migrate::db::Connection> conn_;
    std::thread thread_;
};

bool has_column(const Project& p, const std::string& column) {
    auto conn = p.connect();
    return !conn->query("SELECT 1 FROM information_schema.columns WHERE table_name = 'books' AND column_name = ?",
                        {migrate::db::Value(column)})
                .empty();
}

} // namespace

namespace {

// r<id>: adds column `column` to books, with `settings` (lock_timeout, retries).
void add_column_revision(const Project& p, const std::string& id, const std::string& down, const std::string& settings,
                         const std::string& column) {
    write_revision(p, id, down, settings,
                   R"J([{"op": "add_column", "table": "books", "column": {"name": ")J" + column + R"J(", "type": "text"}}])J",
                   R"("reverse")");
}

// `migrate ARGS` while another connection holds a lock on books for `hold`.
CommandResult run_while_locked(const Project& p, std::chrono::milliseconds hold, const std::string& args) {
    HeldLock lock(p, hold);
    return p.run(args);
}

} // namespace

TEST_CASE("a revision with retries is rolled back and tried again on a lock timeout (55P03)", "[cli][postgres]") {
    BooksOnPostgres books;
    if (!books.project) return;
    const Project& p = *books.project;
    const std::string retrying = R"("lock_timeout": "200ms", "retries": 6, )";
    add_column_revision(p, "r2", "r1", retrying, "note");
    auto text = run_while_locked(p, std::chrono::milliseconds(1200), "upgrade head");
    INFO(text.err);
    CHECK(text.exit_code == 0);
    CHECK(text.err.find("retrying   r2  (try 2 of 7 in 250 ms, op 1 timed out) after:") != std::string::npos);
    CHECK(text.err.find("lock timeout") != std::string::npos);
    CHECK(has_column(p, "note"));

    add_column_revision(p, "r3", "r2", retrying, "blurb");
    auto json = run_while_locked(p, std::chrono::milliseconds(1200), "--format json upgrade head");
    INFO(json.out << json.err);
    CHECK(json.exit_code == 0);
    auto list = lines(json);
    int retries = 0;
    for (const auto& line : list)
        if (line["event"] == "revision_retrying") {
            ++retries;
            CHECK(line["revision"] == "r3");
            CHECK(line["tries"] == 7);
            CHECK(line["op_index"] == 0);
        }
    CHECK(retries >= 1);
    CHECK(list.back()["event"] == "run_finished");
    CHECK(has_column(p, "blurb"));

    // Out of tries: exit 1 with the database's message, nothing of the revision left.
    add_column_revision(p, "r4", "r3", R"("lock_timeout": "100ms", "retries": 1, )", "extra");
    auto out_of_tries = run_while_locked(p, std::chrono::milliseconds(2500), "upgrade head");
    INFO(out_of_tries.err);
    CHECK(out_of_tries.exit_code == 1);
    CHECK(out_of_tries.err.find("try 2 of 2") != std::string::npos);
    CHECK(out_of_tries.err.find("lock timeout") != std::string::npos);
    CHECK_FALSE(has_column(p, "extra"));
    CHECK(p.run("current").out.find("r3") != std::string::npos);
}
