// `--format json`: every command's output checked against the field tables of
// docs/json-output.md (json_schema.hpp), and what the documents and lines say checked against
// what happened, on SQLite and PostgreSQL.
#include "cli_fixture.hpp"
#include "json_schema.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace migrate::test;
using Json = nlohmann::ordered_json;

namespace {

const JsonSchema& schema() {
    static const JsonSchema s = JsonSchema::from_docs();
    return s;
}

// The one document a command printed, checked against `name` ("current document").
Json document(const CommandResult& r, const std::string& name) {
    INFO(r.out << r.err);
    REQUIRE(std::count(r.out.begin(), r.out.end(), '\n') == 1);
    Json doc = Json::parse(r.out);
    CHECK(schema().problems(doc, name).empty());
    INFO(schema().problems(doc, name));
    CHECK(doc["format_version"] == 1);
    return doc;
}

// The JSON Lines of a run, each checked against its event's table.
std::vector<Json> lines(const CommandResult& r) {
    INFO(r.out << r.err);
    std::vector<Json> out;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
        Json j = Json::parse(line);
        REQUIRE(j.contains("event"));
        const std::string name = j["event"].get<std::string>() + " line";
        INFO(line);
        CHECK(schema().problems(j, name).empty());
        INFO(schema().problems(j, name));
        CHECK(j["format_version"] == 1);
        out.push_back(j);
    }
    return out;
}

std::vector<std::string> events(const std::vector<Json>& list) {
    std::vector<std::string> out;
    for (const auto& j : list) out.push_back(j["event"]);
    return out;
}

const std::string k_schema = "CREATE TABLE authors (id integer PRIMARY KEY, name varchar(100) NOT NULL);\n";
const std::string k_books = "CREATE TABLE books (id integer PRIMARY KEY, title varchar(200));\n";

void every_command(const Project& p) {
    // r1 and r2 written by autogenerate, r2 as JSON; the database back at base.
    p.write("migrate.toml", p.read("migrate.toml") + "target = \"schema.sql\"\n");
    p.write("schema.sql", k_schema);
    REQUIRE(p.run("revision --autogenerate -m authors --rev-id r1").exit_code == 0);
    REQUIRE(p.run("upgrade head").exit_code == 0);
    p.write("schema.sql", k_schema + k_books);
    auto created = document(p.run("--format json revision --autogenerate -m books --rev-id r2"), "created document");
    CHECK(created["command"] == "revision");
    REQUIRE(created["created"].size() == 1);
    REQUIRE(p.run("downgrade base").exit_code == 0);

    auto heads = document(p.run("--format json heads"), "heads document");
    REQUIRE(heads["heads"].size() == 1);
    CHECK(heads["heads"][0]["revision"] == "r2");
    CHECK(heads["heads"][0]["parents"] == Json::array({"r1"}));
    CHECK(document(p.run("--format json branches"), "branches document")["branch_points"].empty());
    auto history = document(p.run("--format json history -i"), "history document");
    CHECK(history["revisions"].size() == 2);
    CHECK(history["current"].empty());
    CHECK(document(p.run("--format json history"), "history document")["current"].is_null());
    auto show = document(p.run("--format json show r2"), "show document");
    REQUIRE(show["upgrade"].size() == 1);
    CHECK(show["upgrade"][0]["op"] == "create_table");
    CHECK(document(p.run("--format json current"), "current document")["current"].empty());
    // lint before the run: both tables are created by the revisions it lints, nothing to report.
    auto lint = document(p.run("--format json lint"), "lint document");
    CHECK(lint["live"] == true);
    CHECK(lint["revisions"] == Json::array({"r1", "r2"}));
    CHECK(lint["findings"].empty());

    // A run: its lines as they happened, the statements with --echo.
    auto up = p.run("--format json --echo upgrade head");
    CHECK(up.exit_code == 0);
    auto run = lines(up);
    auto kinds = events(run);
    REQUIRE(kinds.size() >= 6);
    CHECK(kinds.front() == "run_started");
    CHECK(kinds.back() == "run_finished");
    CHECK(run.front()["from"].empty());
    CHECK(run.front()["to"] == Json::array({"r2"}));
    CHECK(run.front()["revisions"] == 2);
    CHECK(run.back()["result"] == "done");
    CHECK(run.back()["exit_status"] == 0);
    CHECK(run.back()["heads"] == Json::array({"r2"}));
    std::vector<std::string> steps;
    bool statement_in_r1 = false;
    for (const auto& j : run) {
        if (j["event"] == "revision_started") steps.push_back("start " + j["revision"].get<std::string>());
        if (j["event"] == "revision_finished") steps.push_back("done " + j["revision"].get<std::string>());
        if (j["event"] == "statement" && j["revision"] == "r1") statement_in_r1 = true;
    }
    CHECK(steps == std::vector<std::string>{"start r1", "done r1", "start r2", "done r2"});
    CHECK(statement_in_r1);
    CHECK(up.err.empty()); // --echo went to stdout as lines

    auto current = document(p.run("--format json current"), "current document");
    REQUIRE(current["current"].size() == 1);
    CHECK(current["current"][0] == Json{{"revision", "r2"}, {"known", true}, {"is_head", true}});

    auto verify = document(p.run("--format json verify"), "verify document");
    CHECK(verify["ok"] == true);
    CHECK(verify["matched"] == 2);

    auto clean = p.run("--format json check");
    CHECK(clean.exit_code == 0);
    CHECK(document(clean, "check document")["clean"] == true);
    p.write("schema.sql", k_schema + k_books + "CREATE TABLE tags (id integer PRIMARY KEY);\n");
    auto drift = p.run("--format json check");
    CHECK(drift.exit_code == 3);
    auto drifted = document(drift, "check document");
    CHECK(drifted["clean"] == false);
    REQUIRE(drifted["ops"].size() == 1);
    CHECK(drifted["ops"][0]["op"] == "create_table");
    CHECK(drifted["error"]["exit_status"] == 3);
    p.write("schema.sql", k_schema + k_books);

    auto tested = p.run("--format json test");
    CHECK(tested.exit_code == 0);
    auto test = document(tested, "test document");
    CHECK(test["passed"] == true);
    CHECK(test["revisions"].size() == 2);

    auto stamp = p.run("--format json stamp r1");
    CHECK(stamp.exit_code == 0);
    CHECK(events(lines(stamp)) == std::vector<std::string>{"run_started", "run_finished"});
    CHECK(p.versions() == v({"r1"}));

    // A failing op: the error line names the revision, the op and the file; the run ends failed.
    REQUIRE(p.run("stamp r2").exit_code == 0);
    p.add({"r3", {"r2"}, "[" + create_table_op("t3") + ", " + create_table_op("authors") + "]", "[]"});
    auto failed = p.run("--format json upgrade head");
    CHECK(failed.exit_code == 1);
    auto bad = lines(failed);
    REQUIRE(bad.size() >= 3);
    CHECK(bad[bad.size() - 2]["event"] == "error");
    const auto& error = bad[bad.size() - 2]["error"];
    CHECK(error["exit_status"] == 1);
    CHECK(error["revision"] == "r3");
    CHECK(error["op_index"] == 1);
    CHECK(error["file"] == "r3.json");
    CHECK((error["sqlstate"].is_string() || error["sqlite_code"].is_number_integer()));
    CHECK(bad.back()["event"] == "run_finished");
    CHECK(bad.back()["result"] == "failed");
    CHECK(bad.back()["exit_status"] == 1);
    CHECK(p.versions() == v({"r2"}));
    std::filesystem::remove(p.path() / "migrations" / "versions" / "r3.json");

    // A modified applied revision: verify's document lists it; upgrade refuses before its run.
    for (const auto& entry : std::filesystem::directory_iterator(p.path() / "migrations" / "versions")) {
        if (entry.path().filename().string().rfind("r1_", 0) != 0) continue;
        const auto relative = "migrations/versions/" + entry.path().filename().string();
        auto text = p.read(relative);
        const std::string message = "\"message\": \"authors\"";
        REQUIRE(text.find(message) != std::string::npos);
        p.write(relative, text.replace(text.find(message), message.size(), "\"message\": \"authors, edited\""));
    }
    auto mismatch = p.run("--format json verify");
    CHECK(mismatch.exit_code == 3);
    auto problems = document(mismatch, "verify document");
    REQUIRE(problems["problems"].size() == 1);
    CHECK(problems["problems"][0]["kind"] == "modified");
    CHECK(problems["error"]["exit_status"] == 3);
    auto refused = p.run("--format json upgrade head");
    CHECK(refused.exit_code == 3);
    CHECK(events(lines(refused)) == std::vector<std::string>{"error"});
    auto accepted = document(p.run("--format json verify --accept r1"), "verify --accept document");
    CHECK(accepted["accepted"] == Json::array({"r1"}));

    // A bad revision file: the error document names the file and the field.
    p.write("migrations/versions/r9.json", R"({"revision": "r9", "down_revision": 7, "upgrade": [], "downgrade": []})");
    auto broken = p.run("--format json heads");
    CHECK(broken.exit_code == 2);
    auto broken_doc = document(broken, "error document");
    CHECK(broken_doc["command"] == "heads");
    CHECK(broken_doc["error"]["file"].is_string());
    CHECK(broken_doc["error"]["field"].is_string());
}

} // namespace

TEST_CASE("every command's JSON output has the fields docs/json-output.md lists, on SQLite", "[cli][sqlite]") {
    REQUIRE(schema().size() >= 20);
    Project p;
    every_command(p);
}

TEST_CASE("every command's JSON output has the fields docs/json-output.md lists, on PostgreSQL", "[cli][postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase db(*url);
    Project p(db.url());
    every_command(p);
}

TEST_CASE("baseline and import alembic answer with the documents docs/json-output.md lists", "[cli][sqlite]") {
    Project p;
    {
        auto conn = p.connect();
        conn->execute("CREATE TABLE authors (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
    }
    auto baseline = document(p.run("--format json baseline -m existing --rev-id b0"), "baseline document");
    CHECK(baseline["revision"] == "b0");
    CHECK(baseline["ops"] == 1);
    CHECK(baseline["heads"] == Json::array({"b0"}));
    REQUIRE(baseline["created"].size() == 1);
    CHECK(std::filesystem::exists(baseline["created"][0].get<std::string>()));
    CHECK(p.versions() == v({"b0"}));

    TempDir alembic;
    write_file(alembic.path() / "alembic.ini", "[alembic]\nscript_location = %(here)s/scripts\n");
    write_file(alembic.path() / "scripts" / "versions" / "a1_first.py",
               "\"\"\"first\"\"\"\nrevision = 'a1'\ndown_revision = None\n");
    Project other; // an empty script directory, beside which the Alembic project is imported
    auto import_doc = document(other.run("--format json import alembic " + shell_quote(alembic.path().string())),
                               "import document");
    CHECK(import_doc["with_ops"] == false);
    CHECK(import_doc["version_table"] == "alembic_version");
    REQUIRE(import_doc["created"].size() == 1);
    CHECK(std::filesystem::exists(import_doc["created"][0].get<std::string>()));
}

TEST_CASE("MIGRATE_FORMAT=json selects JSON, and an unknown format is exit 2", "[cli][sqlite]") {
    Project p;
    p.chain(1);
    auto env = run_command("MIGRATE_FORMAT=json " + shell_quote(MIGRATE_BINARY) + " heads", p.path());
    CHECK(env.exit_code == 0);
    CHECK(document(env, "heads document")["heads"].size() == 1);
    auto text = run_command("MIGRATE_FORMAT=json " + shell_quote(MIGRATE_BINARY) + " --format text heads", p.path());
    CHECK(text.out.rfind("<base> -> r1", 0) == 0);

    auto yaml = p.run("--format yaml heads");
    CHECK(yaml.exit_code == 2);
    CHECK(yaml.err.find("yaml") != std::string::npos);
    auto bad_env = run_command("MIGRATE_FORMAT=xml " + shell_quote(MIGRATE_BINARY) + " heads", p.path());
    CHECK(bad_env.exit_code == 2);
    CHECK(bad_env.err.find("MIGRATE_FORMAT") != std::string::npos);

    // A run that fails before it starts (here: no such config file) is one error line.
    auto no_config = p.run("--format json -c missing.toml upgrade head");
    CHECK(no_config.exit_code == 2);
    auto no_config_lines = lines(no_config);
    REQUIRE(events(no_config_lines) == std::vector<std::string>{"error"});
    CHECK(no_config_lines[0]["error"]["message"].get<std::string>().find("missing.toml") != std::string::npos);

    auto no_command = p.run("--format json");
    CHECK(no_command.exit_code == 2);
    CHECK(document(no_command, "error document")["command"].is_null());
    auto bad_option = p.run("--format json upgrade --no-such-option");
    CHECK(bad_option.exit_code == 2);
    CHECK(document(bad_option, "error document")["error"]["message"].get<std::string>().find("--no-such-option") !=
          std::string::npos);
}

TEST_CASE("a password in the URL never appears in JSON output", "[cli][postgres]") {
    Project p("postgresql://app:s3cret-pw@127.0.0.1:1/nowhere");
    p.chain(1);
    for (const char* command : {"current", "upgrade head", "check", "verify"}) {
        auto r = p.run(std::string("--format json ") + command);
        INFO(command << ": " << r.out << r.err);
        CHECK(r.exit_code != 0);
        CHECK(r.out.find("s3cret-pw") == std::string::npos);
        CHECK(r.err.find("s3cret-pw") == std::string::npos);
        CHECK(r.out.find("\"error\"") != std::string::npos);
    }
}
