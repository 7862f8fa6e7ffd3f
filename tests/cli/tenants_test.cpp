// `--tenants`: one project's revisions over many SQLite files, PostgreSQL databases and schemas,
// with bounded parallelism, a summary, the worst exit status, reruns and concurrent runs.
#include "background_process.hpp"
#include "cli_fixture.hpp"
#include "json_schema.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>

using namespace migrate::test;

namespace {

// Tenant files t001.db .. tNNN.db in tenants/ (empty files: SQLite databases with no table).
void make_sqlite_tenants(const Project& p, int n) {
    std::filesystem::create_directories(p.path() / "tenants");
    for (int i = 1; i <= n; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "tenants/t%03d.db", i);
        p.write(name, "");
    }
}

void use_tenant_glob(const Project& p) {
    p.write("migrate.toml", p.read("migrate.toml") + "\n[tenants]\nglob = \"tenants/*.db\"\n");
}

std::string tenant_url(const Project& p, int i) {
    char name[32];
    std::snprintf(name, sizeof name, "tenants/t%03d.db", i);
    return "sqlite:///" + (p.path() / name).string();
}

long count_of(const std::string& url, const std::string& sql) {
    auto conn = migrate::db::connect(url);
    return conn->query(sql)[0][0].as_int();
}

std::vector<std::string> versions_at(const std::string& url, const std::string& table = "migrate_version") {
    auto conn = migrate::db::connect(url);
    std::vector<std::string> out;
    for (const auto& r : conn->query("SELECT version_num FROM " + table)) out.push_back(r[0].as_text());
    return out;
}

// "N WORD" out of a summary line such as "200 tenants: 195 already at target, 5 done".
long summary_count(const std::string& out, const std::string& word) {
    std::smatch m;
    if (!std::regex_search(out, m, std::regex("(\\d+) " + word))) return 0;
    return std::stol(m[1]);
}

// The JSON Lines of `out`, each checked against its table in docs/json-output.md.
std::vector<nlohmann::ordered_json> json_lines(const std::string& out) {
    static const auto schema = JsonSchema::from_docs();
    std::vector<nlohmann::ordered_json> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        lines.push_back(nlohmann::ordered_json::parse(line));
        CHECK(schema.problems(lines.back(), lines.back()["event"].get<std::string>() + " line") == "");
    }
    return lines;
}

} // namespace

TEST_CASE("upgrade --tenants migrates 200 SQLite files, and a rerun touches only those behind", "[cli][sqlite][tenants]") {
    Project p;
    p.chain(3);
    make_sqlite_tenants(p, 200);
    use_tenant_glob(p);

    auto up = p.run("upgrade --tenants -j4");
    INFO(up.out << up.err);
    REQUIRE(up.exit_code == 0);
    CHECK(up.out.find("t001: upgraded 3 revisions, now at r3") != std::string::npos);
    CHECK(up.out.find("t200: upgraded 3 revisions, now at r3") != std::string::npos);
    CHECK(up.out.find("200 tenants: 200 done") != std::string::npos);
    for (int i : {1, 77, 200}) {
        CHECK(versions_at(tenant_url(p, i)) == v({"r3"}));
        CHECK(count_of(tenant_url(p, i), "SELECT count(*) FROM migrate_history") == 3);
    }

    auto down = p.run("downgrade r1 --tenants=t00[1-5]");
    INFO(down.out << down.err);
    REQUIRE(down.exit_code == 0);
    CHECK(down.out.find("5 tenants: 5 done") != std::string::npos);
    CHECK(versions_at(tenant_url(p, 3)) == v({"r1"}));
    CHECK(versions_at(tenant_url(p, 6)) == v({"r3"}));

    auto rerun = p.run("upgrade --tenants");
    INFO(rerun.out << rerun.err);
    REQUIRE(rerun.exit_code == 0);
    CHECK(summary_count(rerun.out, "done") == 5);
    CHECK(summary_count(rerun.out, "already at target") == 195);
    CHECK(rerun.out.find("t006: already at r3") != std::string::npos);
    // Nothing was written to a tenant that was at head: its history is the first run's.
    CHECK(count_of(tenant_url(p, 6), "SELECT count(*) FROM migrate_history") == 3);
    CHECK(count_of(tenant_url(p, 3), "SELECT count(*) FROM migrate_history") == 3 + 2 + 2);

    auto current = p.run("current --tenants");
    INFO(current.out << current.err);
    REQUIRE(current.exit_code == 0);
    CHECK(current.out.find("r3 (head): 200 tenants") != std::string::npos);
}

TEST_CASE("a broken tenant stops new starts by default, --keep-going runs the rest, and the exit status is 1",
          "[cli][sqlite][tenants]") {
    Project p;
    p.chain(2);
    make_sqlite_tenants(p, 30);
    p.write("tenants/t010.db", "this is not a SQLite database, it is a text file of some length........");
    use_tenant_glob(p);

    auto stop = p.run("upgrade --tenants -j1");
    INFO(stop.out << stop.err);
    CHECK(stop.exit_code == 1);
    CHECK(stop.out.find("t009: upgraded 2 revisions") != std::string::npos);
    CHECK(stop.out.find("t010: ") != std::string::npos);
    CHECK(stop.out.find("file is not a database") != std::string::npos);
    CHECK(stop.out.find("t011: ") == std::string::npos);
    CHECK(stop.out.find("skipped (not started after a failure): t011, t012") != std::string::npos);
    CHECK(stop.out.find("30 tenants: 9 done, 1 failed, 20 skipped") != std::string::npos);
    CHECK(stop.err.find("error: 1 of 30 tenants did not succeed; 20 not started") != std::string::npos);
    CHECK_FALSE(p.run("current --url " + tenant_url(p, 11)).out.find("r2") != std::string::npos);

    // Four at a time: those running when t010 fails finish; none starts after; nothing is lost.
    auto parallel = p.run("upgrade --tenants -j4");
    INFO(parallel.out << parallel.err);
    CHECK(parallel.exit_code == 1);
    CHECK(summary_count(parallel.out, "failed") == 1);
    CHECK(summary_count(parallel.out, "done") + summary_count(parallel.out, "already at target") +
              summary_count(parallel.out, "skipped") ==
          29);

    auto all = p.run("upgrade --tenants -j4 --keep-going --format json");
    INFO(all.out << all.err);
    CHECK(all.exit_code == 1);
    auto lines = json_lines(all.out);
    std::size_t finished = 0;
    nlohmann::ordered_json summary, broken;
    for (const auto& l : lines) {
        if (l["event"] == "tenant_finished") {
            ++finished;
            if (l["tenant"] == "t010") broken = l;
            else CHECK(l["exit_status"] == 0);
        }
        if (l["event"] == "tenants_finished") summary = l;
    }
    CHECK(finished == 30);
    CHECK(broken["result"] == "failed");
    CHECK(broken["exit_status"] == 1);
    CHECK(broken["error"]["message"].get<std::string>().find("file is not a database") != std::string::npos);
    CHECK(summary["failed"] == 1);
    CHECK(summary["skipped"] == 0);
    CHECK(summary["exit_status"] == 1);
    CHECK(lines.back()["event"] == "error");
    for (int i : {11, 30}) CHECK(versions_at(tenant_url(p, i)) == v({"r2"}));
}

TEST_CASE("two concurrent upgrade --tenants runs apply each revision once per tenant", "[cli][sqlite][tenants]") {
    Project p;
    p.chain(4);
    make_sqlite_tenants(p, 40);
    use_tenant_glob(p);
    BackgroundMigrate first("upgrade --tenants -j4", p.path());
    BackgroundMigrate second("upgrade --tenants -j4", p.path());
    auto a = first.wait();
    auto b = second.wait();
    INFO(a.out << a.err << b.out << b.err);
    REQUIRE(a.exit_code == 0);
    REQUIRE(b.exit_code == 0);
    CHECK(summary_count(a.out, "done") + summary_count(b.out, "done") == 40);
    for (int i = 1; i <= 40; ++i) {
        CHECK(versions_at(tenant_url(p, i)) == v({"r4"}));
        CHECK(count_of(tenant_url(p, i), "SELECT count(*) FROM migrate_history WHERE direction = 'upgrade'") == 4);
    }
}

TEST_CASE("tenants named by URL, by a query on a control database, and verify, lint and stamp over them",
          "[cli][sqlite][tenants]") {
    Project p;
    p.chain(2);
    make_sqlite_tenants(p, 3);
    {
        auto control = migrate::db::connect("sqlite:///" + (p.path() / "control.db").string());
        control->execute("CREATE TABLE customers (name TEXT, url TEXT, active INTEGER)");
        control->execute("INSERT INTO customers VALUES ('acme', 'sqlite:///tenants/t001.db', 1), "
                         "('globex', 'sqlite:///tenants/t002.db', 1), ('gone', 'sqlite:///tenants/t003.db', 0)");
    }
    p.write("migrate.toml", p.read("migrate.toml") +
                                "\n[tenants]\ncontrol_url = \"sqlite:///control.db\"\n"
                                "query = \"SELECT name, url FROM customers WHERE active = 1 ORDER BY name\"\n");
    auto up = p.run("upgrade r1 --tenants");
    INFO(up.out << up.err);
    REQUIRE(up.exit_code == 0);
    CHECK(up.out.find("acme: upgraded 1 revision, now at r1") != std::string::npos);
    CHECK(up.out.find("globex: upgraded 1 revision, now at r1") != std::string::npos);
    CHECK(up.out.find("gone") == std::string::npos);
    CHECK_FALSE(std::filesystem::file_size(p.path() / "tenants" / "t003.db") > 0);

    auto verify = p.run("verify --tenants");
    INFO(verify.out << verify.err);
    CHECK(verify.exit_code == 0);
    CHECK(verify.out.find("2 tenants: 2 ok") != std::string::npos);
    auto lint = p.run("lint --tenants --format json");
    INFO(lint.out << lint.err);
    CHECK(lint.exit_code == 0);
    auto current = p.run("current --tenants --format json");
    INFO(current.out);
    REQUIRE(current.exit_code == 0);
    nlohmann::ordered_json groups;
    for (const auto& l : json_lines(current.out))
        if (l["event"] == "tenant_groups") groups = l["groups"];
    REQUIRE(groups.size() == 1);
    CHECK(groups[0]["current"] == nlohmann::ordered_json::array({"r1"}));
    CHECK(groups[0]["at_head"] == false);
    CHECK(groups[0]["tenants"] == nlohmann::ordered_json::array({"acme", "globex"}));

    auto stamp = p.run("stamp r2 --tenants=glob*");
    INFO(stamp.out << stamp.err);
    CHECK(stamp.exit_code == 0);
    CHECK(stamp.out.find("globex: stamped: now at r2") != std::string::npos);
    auto grouped = p.run("current --tenants");
    CHECK(grouped.out.find("r1: 1 tenant\n  acme") != std::string::npos);
    CHECK(grouped.out.find("r2 (head): 1 tenant\n  globex") != std::string::npos);

    // check compares each tenant with the target: globex was stamped to r2, so it lacks t2.
    REQUIRE(p.run("upgrade --tenants").exit_code == 0);
    std::string target;
    for (const auto& row : migrate::db::connect(tenant_url(p, 1))
                               ->query("SELECT sql FROM sqlite_master WHERE name IN ('t1', 't2') ORDER BY name"))
        target += row[0].as_text() + ";\n";
    p.write("target.sql", target);
    p.write("migrate.toml", "target = \"target.sql\"\n" + p.read("migrate.toml"));
    auto check = p.run("check --tenants");
    INFO(check.out << check.err);
    CHECK(check.exit_code == 3);
    CHECK(check.out.find("acme: no changes: matches target.sql") != std::string::npos);
    CHECK(check.out.find("globex: 1 difference from target.sql") != std::string::npos);
    CHECK(check.out.find("2 tenants: 1 ok, 1 with differences or findings") != std::string::npos);

    // A tenant whose applied file changed: verify says which, with exit 3.
    std::string edited = p.read("migrations/versions/r1.json");
    edited.replace(edited.find("varchar(50)"), 11, "varchar(60)");
    p.write("migrations/versions/r1.json", edited);
    auto modified = p.run("verify --tenants");
    INFO(modified.out << modified.err);
    CHECK(modified.exit_code == 3);
    CHECK(modified.out.find("2 with differences or findings") != std::string::npos);
}

TEST_CASE("--tenants refuses what it cannot do, with exit 2 and the database untouched", "[cli][sqlite][tenants]") {
    Project p;
    p.chain(1);
    auto none = p.run("upgrade --tenants");
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("--tenants needs a [tenants] section") != std::string::npos);

    make_sqlite_tenants(p, 2);
    use_tenant_glob(p);
    auto nomatch = p.run("upgrade --tenants=zz*");
    CHECK(nomatch.exit_code == 2);
    CHECK(nomatch.err.find("--tenants=zz*: no tenant's name matches") != std::string::npos);
    auto sql = p.run("upgrade --tenants --sql");
    CHECK(sql.exit_code == 2);
    CHECK(sql.err.find("--sql prints one script") != std::string::npos);
    auto accept = p.run("verify --tenants --accept r1");
    CHECK(accept.exit_code == 2);

    p.write("migrate.toml", p.read("migrate.toml") + "schemas = [\"a\"]\n");
    auto two = p.run("upgrade --tenants");
    CHECK(two.exit_code == 2);
    CHECK(two.err.find("[tenants]: sets 2 sources") != std::string::npos);
    CHECK(std::filesystem::file_size(p.path() / "tenants" / "t001.db") == 0);
}

TEST_CASE("20 PostgreSQL tenants, databases and schemas, one broken", "[cli][postgres][tenants]") {
    auto server = pg_url();
    if (!server) return;
    std::vector<std::unique_ptr<PgDatabase>> databases;
    for (int i = 0; i < 10; ++i) databases.push_back(std::make_unique<PgDatabase>(*server));
    PgDatabase shared(*server);
    Project p(shared.url());
    p.chain(3);
    // db05 already holds a t2 of its own: its upgrade fails at r2 and rolls back whole.
    migrate::db::connect(databases[5]->url())->execute("CREATE TABLE t2 (x integer)");

    std::string urls = "[tenants.urls]\n";
    for (int i = 0; i < 10; ++i) urls += "db" + std::to_string(i / 10) + std::to_string(i % 10) + " = \"" + databases[i]->url() + "\"\n";
    p.write("migrate.toml", p.read("migrate.toml") + "\n" + urls);
    auto dbs = p.run("upgrade --tenants --keep-going");
    INFO(dbs.out << dbs.err);
    CHECK(dbs.exit_code == 1);
    CHECK(dbs.out.find("10 tenants: 9 done, 1 failed") != std::string::npos);
    CHECK(dbs.out.find("db05: ") != std::string::npos);
    CHECK(dbs.out.find("already exists") != std::string::npos);
    auto broken = migrate::db::connect(databases[5]->url());
    CHECK(broken->query("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('t1', 'migrate_version')")[0][0].as_int() == 0);
    CHECK(versions_at(databases[9]->url()) == v({"r3"}));

    // Schema-per-tenant on one database: ten schemas, each with its own tables and version table.
    std::string schemas = "[tenants]\nschemas = [";
    for (int i = 0; i < 10; ++i) schemas += std::string(i ? ", " : "") + "\"tenant_" + std::to_string(i) + "\"";
    p.write("migrate.toml", "url = \"" + shared.url() + "\"\nscript_location = \"migrations\"\nlock_timeout = 20\n" + schemas + "]\n");
    auto before = p.run("current --tenants");
    INFO(before.out << before.err);
    CHECK(before.exit_code == 0);
    CHECK(before.out.find("<base>: 10 tenants") != std::string::npos);
    auto up = p.run("upgrade --tenants -j4");
    INFO(up.out << up.err);
    REQUIRE(up.exit_code == 0);
    CHECK(up.out.find("10 tenants: 10 done") != std::string::npos);
    auto conn = p.connect();
    CHECK(conn->query("SELECT count(*) FROM information_schema.tables WHERE table_schema LIKE 'tenant_%' "
                      "AND table_name IN ('t1', 't2', 't3', 'migrate_version', 'migrate_history')")[0][0].as_int() == 50);
    CHECK(p.tables().empty()); // nothing in public
    CHECK(versions_at(shared.url(), "tenant_7.migrate_version") == v({"r3"}));
    auto again = p.run("upgrade --tenants");
    CHECK(again.out.find("10 tenants: 10 already at target") != std::string::npos);
    auto down = p.run("downgrade r2 --tenants=tenant_[12]");
    CHECK(down.exit_code == 0);
    CHECK(conn->query("SELECT count(*) FROM information_schema.tables WHERE table_name = 't3'")[0][0].as_int() == 8);
    auto verify = p.run("verify --tenants");
    CHECK(verify.exit_code == 0);
    auto grouped = p.run("current --tenants");
    CHECK(grouped.out.find("r2: 2 tenants\n  tenant_1, tenant_2") != std::string::npos);
    CHECK(grouped.out.find("r3 (head): 8 tenants") != std::string::npos);

    // The same schemas found by a query.
    p.write("migrate.toml", "url = \"" + shared.url() +
                                "\"\nscript_location = \"migrations\"\n[tenants]\nschema_query = \"SELECT nspname FROM "
                                "pg_namespace WHERE nspname LIKE 'tenant\\\\_%' ORDER BY 1\"\n");
    auto queried = p.run("upgrade --tenants");
    INFO(queried.out << queried.err);
    CHECK(queried.exit_code == 0);
    CHECK(queried.out.find("10 tenants: 2 done, 8 already at target") != std::string::npos);
}

TEST_CASE("the tutorial chain through PgBouncer in transaction pooling, two upgrades at once",
          "[cli][postgres][pgbouncer]") {
    auto server = pg_url();
    auto bouncer = pgbouncer_url();
    if (!server || !bouncer) return;
    PgDatabase database(*server);
    // migrate goes through PgBouncer; the test reads the database directly.
    Project p(database.url());
    std::filesystem::copy(std::filesystem::path(MIGRATE_SOURCE_DIR) / "migrations" / "versions",
                          p.path() / "migrations" / "versions",
                          std::filesystem::copy_options::overwrite_existing | std::filesystem::copy_options::recursive);
    p.write("migrate.toml", "url = \"" + with_database(*bouncer, database.name()) +
                                "\"\nscript_location = \"migrations\"\nlock_timeout = 20\npgbouncer = true\n");

    BackgroundMigrate first("upgrade head", p.path());
    BackgroundMigrate second("upgrade head", p.path());
    auto a = first.wait();
    auto b = second.wait();
    INFO(a.err << b.err);
    CHECK(a.exit_code == 0);
    CHECK(b.exit_code == 0);
    auto direct = migrate::db::connect(database.url());
    const long revisions = direct->query("SELECT count(DISTINCT revision) FROM migrate_history")[0][0].as_int();
    CHECK(direct->query("SELECT count(*) FROM migrate_history WHERE direction = 'upgrade'")[0][0].as_int() == revisions);
    CHECK(p.tables() == v({"authors", "book_tags", "books", "tags"}));
    CHECK(p.run("current").out.find("(head)") != std::string::npos);
    auto down = p.run("downgrade base");
    INFO(down.err);
    CHECK(down.exit_code == 0);
    CHECK(p.tables().empty());

    // What needs a session of its own is refused before anything runs.
    auto per_revision = p.run("upgrade head --transaction-per-revision");
    CHECK(per_revision.exit_code == 2);
    CHECK(per_revision.err.find("PgBouncer") != std::string::npos);
    p.add({"zz_concurrent", {}, R"([{"op": "create_table", "table": "lonely", "columns": [{"name": "id", "type": "integer"}]},
        {"op": "create_index", "table": "lonely", "name": "ix_lonely", "elements": ["id"], "concurrently": true}])",
           "[]", {"lonely"}});
    auto concurrent = p.run("upgrade lonely@head");
    INFO(concurrent.err);
    CHECK(concurrent.exit_code == 2);
    CHECK(concurrent.err.find("PgBouncer's transaction pooling") != std::string::npos);
    CHECK_FALSE(p.has_table("lonely"));
}
