// One script, two consumers: an online run sends the database the statements its offline
// script prints, in the same order, on both dialects and in both transaction modes, through
// table recreations, `concurrently`, branches, merges, seed rows and stamps.
#include <support/test_support.hpp>

#include <migrate/runtime/migrate.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>

using namespace migrate;

namespace {

// authors/books (r1) -> isbn and seed rows (r2) -> two column changes (SQLite recreates both
// tables, one referenced by the other) (r3) -> a "feature" branch (r4: tags, a view, raw SQL)
// beside r5 (a column) -> merged by m6 (an index built concurrently on PostgreSQL).
const char* const k_revisions[][2] = {
    {"r1", R"js({"revision": "r1", "down_revision": null, "message": "authors and books",
  "upgrade": [
    {"op": "create_table", "table": "authors", "columns": [
       {"name": "id", "type": "integer", "nullable": false},
       {"name": "name", "type": "varchar(100)", "nullable": false}], "primary_key": {"columns": ["id"]}},
    {"op": "create_table", "table": "books", "columns": [
       {"name": "id", "type": "integer", "nullable": false},
       {"name": "author_id", "type": "integer"},
       {"name": "title", "type": "varchar(200)"}], "primary_key": {"columns": ["id"]},
     "foreign_keys": [{"name": "fk_books_author", "columns": ["author_id"], "ref_table": "authors", "ref_columns": ["id"]}],
     "indexes": [{"name": "ix_books_author", "elements": ["author_id"]}]}],
  "downgrade": [{"op": "drop_table", "table": "books"}, {"op": "drop_table", "table": "authors"}]})js"},
    {"r2", R"js({"revision": "r2", "down_revision": "r1", "message": "isbn and seed rows",
  "upgrade": [
    {"op": "add_column", "table": "books", "column": {"name": "isbn", "type": "varchar(20)"}},
    {"op": "bulk_insert", "table": "authors", "rows": [{"id": 1, "name": "O'Brien"}, {"id": 2, "name": "Le Guin"}]},
    {"op": "bulk_insert", "table": "books", "rows": [{"id": 1, "author_id": 1, "title": "The Third Policeman"}]}],
  "downgrade": [
    {"op": "sql", "sql": "DELETE FROM books"}, {"op": "sql", "sql": "DELETE FROM authors"},
    {"op": "drop_column", "table": "books", "column": "isbn"}]})js"},
    {"r3", R"js({"revision": "r3", "down_revision": "r2", "message": "stricter columns",
  "upgrade": [
    {"op": "alter_column", "table": "books", "column": "title", "nullable": false,
     "existing_type": "varchar(200)", "existing_nullable": true},
    {"op": "alter_column", "table": "authors", "column": "name", "type": "varchar(200)",
     "existing_type": "varchar(100)", "existing_nullable": false}],
  "downgrade": [
    {"op": "alter_column", "table": "authors", "column": "name", "type": "varchar(100)",
     "existing_type": "varchar(200)", "existing_nullable": false},
    {"op": "alter_column", "table": "books", "column": "title", "nullable": true,
     "existing_type": "varchar(200)", "existing_nullable": false}]})js"},
    {"r4", R"js({"revision": "r4", "down_revision": "r3", "branch_labels": ["feature"], "message": "tags",
  "upgrade": [
    {"op": "create_table", "table": "tags", "columns": [
       {"name": "id", "type": "integer", "nullable": false}, {"name": "name", "type": "text"}],
     "primary_key": {"columns": ["id"]}},
    {"op": "create_view", "name": "tag_names", "definition": "SELECT name FROM tags"},
    {"op": "sql", "sql": "UPDATE books SET isbn = 'none' WHERE isbn IS NULL"}],
  "downgrade": [{"op": "drop_view", "name": "tag_names"}, {"op": "drop_table", "table": "tags"}]})js"},
    {"r5", R"js({"revision": "r5", "down_revision": "r3", "message": "bio",
  "upgrade": [{"op": "add_column", "table": "authors", "column": {"name": "bio", "type": "text"}}],
  "downgrade": [{"op": "drop_column", "table": "authors", "column": "bio"}]})js"},
    {"m6", R"js({"revision": "m6", "down_revision": ["r4", "r5"], "message": "merge",
  "upgrade": [{"op": "create_index", "table": "tags", "name": "ix_tags_name", "elements": ["name"], "concurrently": true}],
  "downgrade": [{"op": "drop_index", "table": "tags", "name": "ix_tags_name"}]})js"},
};

struct Project {
    test::TempDir dir;
    Config config;
    Project(const std::string& url, bool per_revision) {
        std::filesystem::create_directories(dir / "migrations/versions");
        config = Config::defaults(dir.path());
        config.url = url;
        config.transaction_per_revision = per_revision;
        for (const auto& [id, text] : k_revisions) std::ofstream(dir / ("migrations/versions/" + std::string(id) + ".json")) << text;
    }
};

// The statements a run wrote, as the connection saw them. Left out: reads (catalog queries,
// lock polling, SQLite's foreign-key check after a recreation) and the SQLite lock's own
// BEGIN IMMEDIATE/COMMIT, which an offline script leaves to whoever runs it. The history row's
// duration is NULL offline; bound values are written as the offline script writes them.
class Capture {
public:
    explicit Capture(Migrator& m) : conn_(m.connection()), d_(dialect::dialect_for(conn_.backend())) {
        conn_.set_statement_hook([this](const std::string& sql, const db::Params& params, db::StatementKind kind) {
            if (kind == db::StatementKind::query) return;
            if (sql == "BEGIN IMMEDIATE") {
                skip_next_commit_ = true;
                return;
            }
            if (skip_next_commit_ && sql == "COMMIT") {
                skip_next_commit_ = false;
                return;
            }
            statements.push_back(normalise(sql, params));
        });
    }
    ~Capture() { conn_.set_statement_hook({}); }
    std::vector<std::string> statements;

private:
    std::string normalise(std::string sql, const db::Params& params) const {
        std::string out;
        std::size_t p = 0;
        for (char c : sql) {
            if (c == '?' && p < params.size()) out += d_.literal(params[p++]);
            else out += c;
        }
        static const std::regex duration(R"((INSERT INTO "migrate_history" .* VALUES \('[^']*', '[a-z]+', )[0-9]+)");
        return std::regex_replace(out, duration, "$1NULL");
    }
    db::Connection& conn_;
    const dialect::Dialect& d_;
    bool skip_next_commit_ = false;
};

// The statements of an offline script, as printed (comments and blank lines dropped), without
// the foreign-key checks (reads) and, when the version tables exist already, without their
// CREATE TABLE IF NOT EXISTS (online skips them).
std::vector<std::string> printed(const RunScript& script, bool tables_exist) {
    std::vector<std::string> drop;
    for (const auto& item : script.items) {
        if (auto* run = std::get_if<runtime::script::TableRun>(&item)) drop.insert(drop.end(), run->checks.begin(), run->checks.end());
        if (auto* t = std::get_if<runtime::script::VersionTables>(&item); t && tables_exist)
            drop.insert(drop.end(), t->statements.begin(), t->statements.end());
    }
    std::vector<std::string> out;
    std::istringstream in(runtime::print_script(script));
    std::string line, statement;
    while (std::getline(in, line)) {
        if (statement.empty() && (line.empty() || line.rfind("--", 0) == 0)) continue;
        statement += (statement.empty() ? "" : "\n") + line;
        if (!statement.empty() && statement.back() == ';') {
            statement.pop_back();
            if (std::find(drop.begin(), drop.end(), statement) == drop.end()) out.push_back(statement);
            statement.clear();
        }
    }
    return out;
}

void same_statements(const std::string& url, bool per_revision, const std::function<std::string()>& fresh_url) {
    INFO("transaction per revision: " << per_revision);
    {
        INFO("upgrade heads from an empty database, then downgrade base");
        Project p(url, per_revision);
        Migrator m{p.config};
        auto offline_up = printed(m.upgrade_script("heads"), false);
        auto offline_down = printed(m.downgrade_script("m6:base"), true);
        {
            Capture c(m);
            m.upgrade("heads");
            CHECK(c.statements == offline_up);
        }
        {
            Capture c(m);
            m.downgrade("base");
            CHECK(c.statements == offline_down);
        }
    }
    {
        INFO("one branch, the rest, then down to the branch point");
        Project p(fresh_url(), per_revision);
        Migrator m{p.config};
        m.upgrade("r2");
        {
            Capture c(m);
            m.upgrade("r4"); // one branch of two: r3 and r4, not r5
            CHECK(m.current() == std::vector<std::string>{"r4"});
            CHECK(c.statements == printed(m.upgrade_script("r2:r4"), true));
        }
        {
            Capture c(m);
            m.upgrade("heads");
            CHECK(c.statements == printed(m.upgrade_script("r4:heads"), true));
        }
        {
            Capture c(m);
            m.downgrade("r3");
            CHECK(c.statements == printed(m.downgrade_script("m6:r3"), true));
        }
    }
    {
        INFO("stamps: from base, onto a second branch, and purged back to base");
        Project p(fresh_url(), per_revision);
        Migrator m{p.config};
        {
            Capture c(m);
            m.stamp({"r2"}, false);
            CHECK(c.statements == printed(m.stamp_script({"r2"}, false), false));
        }
        m.stamp({"r4"}, false);
        {
            Capture c(m);
            m.stamp({"r5"}, false);
            CHECK(m.current() == std::vector<std::string>{"r4", "r5"});
            CHECK(c.statements == printed(m.stamp_script({"r4:r5"}, false), true));
        }
        {
            Capture c(m);
            m.stamp({"base"}, true);
            CHECK(c.statements == printed(m.stamp_script({"r4:base"}, true), true));
        }
    }
}

} // namespace

TEST_CASE("online runs on SQLite send the statements of their offline scripts, in order", "[sqlite]") {
    test::TempDir dbs;
    int n = 0;
    auto fresh = [&] { return "sqlite:///" + (dbs / ("db" + std::to_string(++n) + ".db")).string(); };
    for (bool per_revision : {false, true}) same_statements(fresh(), per_revision, fresh);
}

TEST_CASE("online runs on PostgreSQL send the statements of their offline scripts, in order", "[postgres]") {
    auto server = test::pg_url();
    if (!server) return;
    std::vector<std::unique_ptr<test::PgDatabase>> dbs;
    auto fresh = [&] {
        dbs.push_back(std::make_unique<test::PgDatabase>(*server));
        return dbs.back()->url();
    };
    for (bool per_revision : {false, true}) same_statements(fresh(), per_revision, fresh);
}

TEST_CASE("a run script is a list of plain items tagged with revision and op index") {
    Project p("sqlite:///unused.db", false);
    Migrator m{p.config};
    auto s = m.upgrade_script("r3");
    CHECK(s.kind == runtime::RunKind::upgrade);
    CHECK(s.heads_after == std::vector<std::string>{"r3"});
    CHECK(s.revisions == 3);
    REQUIRE(std::holds_alternative<runtime::script::Lock>(s.items.front()));
    CHECK(std::holds_alternative<runtime::script::Unlock>(s.items.back()));
    // r3 on SQLite: two recreations, the second op's index is 1, and foreign keys are switched
    // off before the first BEGIN and on after the last COMMIT.
    std::vector<std::pair<std::string, std::size_t>> runs;
    for (const auto& item : s.items)
        if (auto* run = std::get_if<runtime::script::TableRun>(&item)) runs.emplace_back(run->revision, run->op_index);
    CHECK(runs == std::vector<std::pair<std::string, std::size_t>>{{"r3", 0}, {"r3", 1}});
    CHECK(std::get<runtime::script::ForeignKeys>(s.items[1]).enforced == false);
    CHECK(std::holds_alternative<runtime::script::Begin>(s.items[2]));
    CHECK(std::get<runtime::script::ForeignKeys>(s.items[s.items.size() - 2]).enforced == true);
    std::size_t bulk = 0;
    for (const auto& item : s.items)
        if (auto* op = std::get_if<runtime::script::RunOp>(&item); op && op->revision == "r2" && op->op_index == 1)
            bulk = op->statements.size();
    CHECK(bulk == 2); // one INSERT per seed row
    auto copy = s;
    CHECK(copy.items == s.items); // a value: copied and compared as such
}
