// Side by side with squawk (a PostgreSQL migration linter that reads SQL text): the revisions in
// tests/cli/squawk_corpus, printed offline by `migrate upgrade --sql` and linted by squawk, and
// linted by `migrate lint` against a real database. Every risk squawk reports on a statement of a
// table that holds rows, migrate reports on that revision too (squawk's rules mapped to ours
// below); on a table that is empty or created in the same run, where squawk reports the same
// statements, migrate reports none (but a rename of the existing empty table, which breaks the
// code that uses its name all the same). squawk comes from npm (`npm install squawk-cli`): with
// CI=true it is installed into the build tree when missing and the test never skips; elsewhere
// the test runs when squawk is on PATH, in MIGRATE_SQUAWK or installed there.
#include "cli_fixture.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

using namespace migrate::test;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// squawk's rules that name a risk of a statement, and the migrate rules that report it (any one).
const std::map<std::string, std::set<std::string>> k_mapped = {
    {"require-concurrent-index-creation", {"create_index_not_concurrent"}},
    {"adding-foreign-key-constraint", {"foreign_key_validates_rows"}},
    {"constraint-missing-not-valid", {"foreign_key_validates_rows", "check_validates_rows", "unique_constraint_locks"}},
    {"adding-not-nullable-field", {"set_not_null_scans"}},
    {"changing-column-type", {"type_change_rewrites_table", "narrowing_type_change"}},
    {"adding-field-with-default", {"volatile_default_rewrites_table"}},
    {"disallowed-unique-constraint", {"unique_constraint_locks"}},
    {"adding-required-field", {"not_null_column_without_default"}},
    {"ban-drop-column", {"drop_column"}},
    {"ban-drop-table", {"drop_table"}},
    {"renaming-column", {"rename_column"}},
    {"renaming-table", {"rename_table"}},
    {"require-lock-timeout", {"missing_lock_timeout"}},
};

// squawk's rules that are not a risk of the statement on a live table, and why migrate has none.
const std::map<std::string, std::string> k_not_risks = {
    {"prefer-robust-stmts", "re-running a failed script: migrate's revisions run in a transaction, all or nothing"},
    {"require-statement-timeout", "a guard, not a risk: the statement that runs long is reported by its own rule"},
    {"prefer-bigint-over-int", "a type preference for new columns"},
    {"prefer-big-int", "a type preference for new columns"},
    {"prefer-bigint-over-smallint", "a type preference for new columns"},
    {"prefer-identity", "a type preference for new columns"},
    {"prefer-text-field", "a type preference for new columns"},
    {"prefer-timestamptz", "a type preference for new columns"},
    {"prefer-timestamp-tz", "a type preference for new columns"},
    {"ban-char-field", "a type preference for new columns"},
    {"transaction-nesting", "the script's own BEGIN/COMMIT, written by migrate"},
};

std::string squawk() {
    if (const char* set = std::getenv("MIGRATE_SQUAWK"); set && *set) return set;
    const fs::path local = fs::path(MIGRATE_BINARY).parent_path().parent_path() / "squawk";
    const fs::path installed = local / "node_modules/.bin/squawk";
    if (fs::exists(installed)) return installed.string();
    if (run_command("command -v squawk").exit_code == 0) return "squawk";
    const char* ci = std::getenv("CI");
    if (!ci || std::string(ci) != "true") return "";
    fs::create_directories(local);
    auto npm = run_command("npm install --no-audit --no-fund --prefix '" + local.string() + "' squawk-cli@2.66.0");
    INFO(npm.out << npm.err);
    REQUIRE(npm.exit_code == 0);
    REQUIRE(fs::exists(installed));
    return installed.string();
}

// The table a corpus revision's one op acts on, as it was before the op.
std::string table_of(const Json& revision) {
    const auto& op = revision["upgrade"][0];
    std::string table = op["table"];
    const auto suffix = table.rfind("_old");
    return suffix != std::string::npos && suffix + 4 == table.size() ? table.substr(0, suffix) : table;
}

} // namespace

TEST_CASE("migrate lint reports every risk squawk reports on a table with rows, none on new or empty ones",
          "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    const std::string squawk_bin = squawk();
    if (squawk_bin.empty()) {
        WARN("squawk is not installed (npm install squawk-cli, or CI=true installs it): side-by-side test skipped");
        return;
    }
    PgDatabase db(*server);
    Project p(db.url());
    std::map<std::string, Json> revisions; // id -> file
    for (const auto& entry : fs::directory_iterator(fs::path(MIGRATE_SOURCE_DIR) / "tests/cli/squawk_corpus")) {
        fs::copy_file(entry.path(), p.path() / "migrations/versions" / entry.path().filename());
        Json doc = Json::parse(p.read("migrations/versions/" + entry.path().filename().string()));
        revisions[doc["revision"]] = doc;
    }
    REQUIRE(p.run("upgrade +1").exit_code == 0);
    p.connect()->execute("INSERT INTO books (id, title, isbn, price, qty) VALUES (1, 'a', 'i1', 2, 1), (2, 'b', 'i2', 3, 1)");

    // migrate: the pending revisions with the database's facts.
    auto lint = p.run("--format json lint");
    INFO(lint.err);
    REQUIRE(lint.exit_code == 3);
    std::map<std::string, std::set<std::string>> ours; // revision -> rules
    const Json linted = Json::parse(lint.out);
    for (const auto& f : linted["findings"])
        if (f["ignored"].is_null()) ours[f["revision"]].insert(f["rule"].get<std::string>());

    // squawk: the same revisions as the offline script, each statement's line mapped to its revision.
    auto sql = p.run("upgrade setup:heads --sql");
    REQUIRE(sql.exit_code == 0);
    p.write("upgrade.sql", sql.out);
    auto checked = run_command("'" + squawk_bin + "' --reporter json upgrade.sql", p.path());
    INFO(checked.out << checked.err);
    REQUIRE(!checked.out.empty());
    std::vector<std::string> line_revision;
    {
        std::istringstream in(sql.out);
        std::string line, current;
        while (std::getline(in, line)) {
            if (line.rfind("-- upgrade ", 0) == 0) {
                auto colon = line.find(": ");
                current = line.substr(colon + 2, line.find(' ', colon + 2) - colon - 2);
            }
            bool ours_too = line.find("migrate_version") != std::string::npos || line.find("migrate_history") != std::string::npos;
            line_revision.push_back(ours_too ? "" : current);
        }
    }

    std::map<std::string, std::set<std::string>> theirs; // revision -> squawk rules
    for (const auto& f : Json::parse(checked.out)) {
        const auto line = f["line"].get<std::size_t>();
        REQUIRE(line < line_revision.size());
        if (!line_revision[line].empty()) theirs[line_revision[line]].insert(f["rule_name"].get<std::string>());
    }

    std::set<std::string> unknown, missed, spurious, squawk_on_new;
    for (const auto& [revision, rules] : theirs) {
        if (revision == "setup" || revision == "fresh") continue; // creating the tables
        const std::string table = table_of(revisions.at(revision));
        for (const auto& rule : rules) {
            if (k_not_risks.count(rule)) continue;
            auto mapped = k_mapped.find(rule);
            if (mapped == k_mapped.end()) {
                unknown.insert(rule);
                continue;
            }
            if (table != "books") {
                squawk_on_new.insert(revision);
                continue;
            }
            bool reported = false;
            for (const auto& ours_rule : mapped->second) reported = reported || ours[revision].count(ours_rule);
            if (!reported) missed.insert(revision + ": " + rule);
        }
    }
    // A rename breaks the code still running against an existing table whether or not it holds
    // rows: those two rules report on the empty table too, and on nothing created in the run.
    const std::set<std::string> any_existing_table = {"rename_table", "rename_column"};
    for (const auto& [revision, rules] : ours) {
        const std::string table = table_of(revisions.at(revision));
        if (revision == "fresh" || table == "books") continue;
        for (const auto& rule : rules)
            if (table != "empty_t" || !any_existing_table.count(rule)) spurious.insert(revision + ": " + rule);
    }
    INFO("squawk rules neither mapped nor explained: " << Catch::Detail::stringify(unknown));
    CHECK(unknown.empty());
    INFO("risks squawk reports and migrate does not: " << Catch::Detail::stringify(missed));
    CHECK(missed.empty());
    INFO("findings of migrate on new or empty tables: " << Catch::Detail::stringify(spurious));
    CHECK(spurious.empty());
    // The same statements on the empty and the new table: squawk cannot tell them apart.
    CHECK(squawk_on_new.size() >= 10);
    // Every books revision was found risky by both.
    for (const auto& [revision, doc] : revisions)
        if (table_of(doc) == "books" && revision != "setup") {
            INFO(revision);
            CHECK(!ours[revision].empty());
            CHECK(!theirs[revision].empty());
        }
}
