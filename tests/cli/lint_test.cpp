// `migrate lint` driven as a user does: revisions on a real database holding rows, an empty
// table and tables created in the linted range; each rule where it applies and none where it
// does not, ignores with a reason, migrate.toml severities, exit statuses and the JSON document.
#include "cli_fixture.hpp"
#include "json_schema.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace migrate::test;
using Json = nlohmann::ordered_json;

namespace {

// A revision file with any extra top-level fields (`extra`: `"key": value, ` text).
void write_revision(const Project& p, const std::string& id, const std::string& down, const std::string& upgrade,
                    const std::string& downgrade, const std::string& extra = "") {
    p.write("migrations/versions/" + id + ".json",
            "{\"revision\": \"" + id + "\", \"down_revision\": " + (down.empty() ? "null" : "\"" + down + "\"") +
                ", " + extra + "\"message\": \"" + id + "\", \"upgrade\": " + upgrade + ", \"downgrade\": " + downgrade +
                "}\n");
}

// `text` with every @T replaced by `table`.
std::string on_table(std::string text, const std::string& table) {
    for (auto at = text.find("@T"); at != std::string::npos; at = text.find("@T", at + table.size()))
        text.replace(at, 2, table);
    return text;
}

std::string table_op(const std::string& table) {
    return on_table(R"J({"op": "create_table", "table": "@T", "columns": [{"name": "id", "type": "integer", "nullable": false},
              {"name": "title", "type": "varchar(200)"}, {"name": "isbn", "type": "varchar(20)"},
              {"name": "price", "type": "numeric(10,2)"}, {"name": "parent_id", "type": "integer"}],
              "primary_key": {"columns": ["id"]}})J",
                    table);
}

// Every risky op on `table`, ending with a sql op. `drop_lint`: a "lint" field for the drop.
std::string risky_ops(const std::string& table, const std::string& drop_lint = "") {
    std::string ops = on_table(R"J([{"op": "drop_column", "table": "@T", "column": "isbn"@LINT},
      {"op": "add_column", "table": "@T", "column": {"name": "stock", "type": "integer", "nullable": false}},
      {"op": "alter_column", "table": "@T", "column": "title", "type": "varchar(50)", "existing_type": "varchar(200)"},
      {"op": "alter_column", "table": "@T", "column": "price", "nullable": false, "existing_nullable": true},
      {"op": "create_index", "table": "@T", "name": "ix_@T_title", "elements": ["title"]},
      {"op": "create_foreign_key", "table": "@T", "name": "fk_@T_parent", "columns": ["parent_id"],
       "ref_table": "@T", "ref_columns": ["id"]},
      {"op": "create_check_constraint", "table": "@T", "name": "ck_@T_price", "expression": "price > 0"},
      {"op": "create_unique_constraint", "table": "@T", "name": "uq_@T_title", "columns": ["title"]},
      {"op": "add_column", "table": "@T", "column": {"name": "token", "type": "double", "server_default": "random()"}},
      {"op": "sql", "sql": "UPDATE @T SET price = 1"}])J",
                               table);
    return ops.replace(ops.find("@LINT"), 5, drop_lint);
}

const std::string k_undo = R"J([{"op": "sql", "sql": "SELECT 1"}])J";

// r1 (applied): books with 3 rows and an empty table. Pending: r2 risky ops on books, r3 the
// same on the empty table, r4 on a table it creates itself, r5 renames, r6 a concurrent index
// beside another op after SET LOCAL lock_timeout, r7 drops books with an empty downgrade and a
// revision-level ignore, r8 irreversible.
void build(const Project& p) {
    p.write("migrate.toml", p.read("migrate.toml") + "[lint]\nsqlite_recreate_rows = 2\n");
    write_revision(p, "r1", "", "[" + table_op("books") + ", " + table_op("empty_t") + "]", k_undo);
    auto up = p.run("upgrade head");
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    auto conn = p.connect();
    for (int i = 1; i <= 3; ++i)
        conn->execute("INSERT INTO books (id, title, isbn, price) VALUES (" + std::to_string(i) + ", 'b', 'i', 2)");
    write_revision(p, "r2", "r1", risky_ops("books", R"(, "lint": {"ignore": {"drop_column": "isbn unused since v2"}})"),
                   k_undo);
    write_revision(p, "r3", "r2", risky_ops("empty_t"), k_undo);
    write_revision(p, "r4", "r3", "[" + table_op("fresh") + ", " + risky_ops("fresh").substr(1), k_undo);
    write_revision(p, "r5", "r4",
                   R"([{"op": "alter_column", "table": "books", "column": "title", "new_name": "heading"},
                       {"op": "rename_table", "table": "books", "new_name": "volumes"},
                       {"op": "rename_table", "table": "fresh", "new_name": "fresh2"}])",
                   k_undo);
    write_revision(p, "r6", "r5",
                   R"([{"op": "sql", "sql": "SET LOCAL lock_timeout = '2s'", "dialect": "postgresql"},
                       {"op": "create_index", "table": "volumes", "name": "ix_v", "elements": ["id"], "concurrently": true},
                       {"op": "add_column", "table": "volumes", "column": {"name": "note", "type": "text"}}])",
                   k_undo);
    write_revision(p, "r7", "r6", R"([{"op": "drop_table", "table": "volumes"}, {"op": "drop_table", "table": "empty_t"}])",
                   "[]", R"("lint": {"ignore": {"drop_table": "archived to cold storage"}}, )");
    write_revision(p, "r8", "r7", R"([{"op": "drop_table", "table": "fresh2"}])", "[]", R"("irreversible": true, )");
}

Json lint_document(const Project& p, const std::string& args, int status) {
    auto r = p.run("--format json lint " + args);
    INFO(r.out << r.err);
    CHECK(r.exit_code == status);
    static const JsonSchema schema = JsonSchema::from_docs();
    Json doc = Json::parse(r.out);
    INFO(schema.problems(doc, "lint document"));
    CHECK(schema.problems(doc, "lint document").empty());
    return doc;
}

std::set<std::string> rules_of(const Json& doc, const std::string& revision) {
    std::set<std::string> out;
    for (const auto& f : doc["findings"])
        if (f["revision"] == revision) out.insert(f["rule"].get<std::string>());
    return out;
}

const Json* finding(const Json& doc, const std::string& revision, const std::string& rule) {
    for (const auto& f : doc["findings"])
        if (f["revision"] == revision && f["rule"] == rule) return &f;
    return nullptr;
}

void every_rule(const Project& p, bool postgres) {
    build(p);
    Json doc = lint_document(p, "", 3);
    CHECK(doc["live"] == true);
    CHECK(doc["revisions"] == Json::array({"r2", "r3", "r4", "r5", "r6", "r7", "r8"}));

    std::set<std::string> books = {"drop_column", "not_null_column_without_default", "narrowing_type_change",
                                   "sql_not_analysed"};
    if (postgres)
        books.insert({"type_change_rewrites_table", "set_not_null_scans", "create_index_not_concurrent",
                      "foreign_key_validates_rows", "check_validates_rows", "unique_constraint_locks",
                      "volatile_default_rewrites_table", "missing_lock_timeout"});
    else
        books.insert("sqlite_table_recreation");
    CHECK(rules_of(doc, "r2") == books);
    // The empty table and the table created in the range: only the sql op is reported.
    CHECK(rules_of(doc, "r3") == std::set<std::string>{"sql_not_analysed"});
    CHECK(rules_of(doc, "r4") == std::set<std::string>{"sql_not_analysed"});
    // Renames of a table that exists; none for the table created in the range.
    std::set<std::string> renames = {"rename_column", "rename_table"};
    if (postgres) renames.insert("missing_lock_timeout");
    CHECK(rules_of(doc, "r5") == renames);
    // After SET LOCAL lock_timeout no lock_timeout finding; the concurrent index is not alone.
    CHECK(rules_of(doc, "r6") ==
          (postgres ? std::set<std::string>{"sql_not_analysed", "concurrently_mixed"} : std::set<std::string>{}));
    std::set<std::string> drops = {"drop_table", "empty_downgrade"};
    if (postgres) drops.insert("missing_lock_timeout");
    CHECK(rules_of(doc, "r7") == drops);
    CHECK(rules_of(doc, "r8") == std::set<std::string>{"irreversible_revision"});

    // What a finding says: where, the facts, the safer way; ignores keep their reason.
    const Json* narrowing = finding(doc, "r2", "narrowing_type_change");
    REQUIRE(narrowing);
    CHECK((*narrowing)["severity"] == "error");
    CHECK((*narrowing)["op_index"] == 2);
    CHECK((*narrowing)["message"].get<std::string>().find("books holds 3 rows") != std::string::npos);
    CHECK(!(*narrowing)["safer"].get<std::string>().empty());
    CHECK((*narrowing)["ignored"].is_null());
    const Json* dropped = finding(doc, "r2", "drop_column");
    REQUIRE(dropped);
    CHECK((*dropped)["ignored"] == "isbn unused since v2");
    const Json* table = finding(doc, "r7", "drop_table");
    REQUIRE(table);
    CHECK((*table)["ignored"] == "archived to cold storage");
    CHECK(finding(doc, "r7", "empty_downgrade")->at("op_index").is_null());

    // Text output names the revision, op, severity and rule.
    auto text = p.run("lint");
    INFO(text.out << text.err);
    CHECK(text.exit_code == 3);
    CHECK(text.out.find("r2 upgrade[2]: error narrowing_type_change:") != std::string::npos);
    CHECK(text.out.find("r2 upgrade[0]: ignored drop_column:") != std::string::npos);
    CHECK(text.out.find("ignored because: isbn unused since v2") != std::string::npos);
}

} // namespace

TEST_CASE("lint reports each rule on a SQLite table with rows and none on an empty or new one", "[cli][sqlite]") {
    Project p;
    every_rule(p, false);
}

TEST_CASE("lint reports each rule on a PostgreSQL table with rows and none on an empty or new one", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    every_rule(p, true);
}

TEST_CASE("lint offline: a range takes earlier tables to hold rows, --all sees them created", "[cli][sqlite]") {
    Project p;
    build(p);
    // r2..r8 offline: books and empty_t come from before the range, rows unknown.
    Json range = lint_document(p, "r1:heads", 3);
    CHECK(range["live"] == false);
    CHECK(rules_of(range, "r3").count("drop_column") == 1);
    const Json* unknown = finding(range, "r3", "drop_column");
    REQUIRE(unknown);
    CHECK((*unknown)["message"].get<std::string>().find("rows unknown") != std::string::npos);
    // From base every table is created in the range: only the revision-level and sql findings.
    Json all = lint_document(p, "--all", 0);
    CHECK(rules_of(all, "r2") == std::set<std::string>{"sql_not_analysed"});
    CHECK(rules_of(all, "r7") == std::set<std::string>{"empty_downgrade"});
    CHECK(all["errors"] == 0);
}

TEST_CASE("lint severities come from migrate.toml and exit 0 when no error is left", "[cli][sqlite]") {
    Project p;
    build(p);
    p.write("migrate.toml", p.read("migrate.toml") +
                                "narrowing_type_change = \"warning\"\nnot_null_column_without_default = \"off\"\n"
                                "drop_table = \"info\"\n");
    Json doc = lint_document(p, "", 0);
    const Json* narrowing = finding(doc, "r2", "narrowing_type_change");
    REQUIRE(narrowing);
    CHECK((*narrowing)["severity"] == "warning");
    CHECK(finding(doc, "r2", "not_null_column_without_default") == nullptr);
    CHECK(doc["errors"] == 0);
    CHECK(doc["ignored"] == 2);
    auto text = p.run("lint");
    CHECK(text.exit_code == 0);
}

TEST_CASE("lint exits 2 for a bad range, an unknown rule in an ignore or a bad [lint] setting", "[cli][sqlite]") {
    Project p;
    build(p);
    auto range = p.run("lint nowhere:heads");
    CHECK(range.exit_code == 2);
    auto both = p.run("lint --all r1:heads");
    CHECK(both.exit_code == 2);

    write_revision(p, "r9", "r8", R"([{"op": "drop_table", "table": "t9", "lint": {"ignore": {"drop_tabel": "typo"}}}])",
                   k_undo);
    auto unknown = p.run("lint");
    INFO(unknown.err);
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("r9.json") != std::string::npos);
    CHECK(unknown.err.find("upgrade[0].lint.ignore.drop_tabel") != std::string::npos);
    write_revision(p, "r9", "r8", R"([{"op": "drop_table", "table": "t9", "lint": {"ignore": {"drop_table": ""}}}])",
                   k_undo);
    auto no_reason = p.run("lint");
    INFO(no_reason.err);
    CHECK(no_reason.exit_code == 2);
    CHECK(no_reason.err.find("reason") != std::string::npos);
    std::filesystem::remove(p.path() / "migrations/versions/r9.json");

    const std::string config = p.read("migrate.toml");
    p.write("migrate.toml", config + "drop_table = \"fatal\"\n");
    auto severity = p.run("lint");
    INFO(severity.err);
    CHECK(severity.exit_code == 2);
    CHECK(severity.err.find("lint.drop_table") != std::string::npos);
    p.write("migrate.toml", config + "drop_tabel = \"error\"\n");
    auto key = p.run("lint");
    INFO(key.err);
    CHECK(key.exit_code == 2);
    CHECK(key.err.find("unknown key") != std::string::npos);
}
