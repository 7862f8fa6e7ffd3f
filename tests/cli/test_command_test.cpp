// `migrate test` run by the binary: a good chain and the tutorial chain pass; each kind of
// broken chain fails with exit 3 naming the revision and the difference; the configured
// database is never touched. Every scenario runs on real SQLite and on PostgreSQL.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

#include <functional>

using namespace migrate::test;

namespace {

const std::string k_add_extra =
    R"({"op": "add_column", "table": "t1", "column": {"name": "extra", "type": "integer"}})";
const std::string k_add_more =
    R"({"op": "add_column", "table": "t1", "column": {"name": "more", "type": "integer"}})";
const std::string k_drop_more = R"({"op": "drop_column", "table": "t1", "column": "more"})";

// r1 creates t1; `r2` goes on top of it.
void with_r2(const Project& p, const std::string& upgrade, const std::string& downgrade) {
    p.add({"r1", {}, "[" + create_table_op("t1") + "]", "[" + drop_table_op("t1") + "]"});
    p.add({"r2", {"r1"}, upgrade, downgrade, {}, {}, "the change"});
}

// Runs `migrate test`, expecting a failure at r2 with exit 3 and `needle` in the output.
void fails_at_r2(const Project& p, const std::string& needle) {
    auto r = p.run("test");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.out.find("ok    r1") != std::string::npos);
    CHECK(r.out.find("FAIL  r2") != std::string::npos);
    CHECK(r.err.find("revision r2") != std::string::npos);
    CHECK((r.out + r.err).find(needle) != std::string::npos);
    CHECK(p.tables().empty()); // the configured database was never touched
}

struct Scenario {
    std::string name;
    std::function<void(const Project&)> run;
};

const std::vector<Scenario> k_scenarios = {
    {"a good chain passes, one line per revision, and leaves the configured database alone",
     [](const Project& p) {
         p.chain(3);
         auto r = p.run("test");
         INFO(r.out << r.err);
         CHECK(r.exit_code == 0);
         for (const char* id : {"r1", "r2", "r3"}) CHECK(r.out.find(std::string("ok    ") + id) != std::string::npos);
         CHECK(r.out.find("3 revisions passed upgrade, downgrade, upgrade") != std::string::npos);
         CHECK(r.out.find("downgrade base leaves only the version tables") != std::string::npos);
         CHECK(p.tables().empty());
         CHECK(p.versions().empty());
     }},
    {"a downgrade that leaves a column behind",
     [](const Project& p) {
         with_r2(p, "[" + k_add_extra + ", " + k_add_more + "]", "[" + k_drop_more + "]");
         fails_at_r2(p, "drop_column t1.extra");
     }},
    {"a downgrade that leaves an index behind",
     [](const Project& p) {
         with_r2(p,
                 R"([{"op": "create_index", "table": "t1", "name": "ix_a", "elements": ["name"]},
                     {"op": "create_index", "table": "t1", "name": "ix_b", "elements": ["id", "name"]}])",
                 R"([{"op": "drop_index", "table": "t1", "name": "ix_a"}])");
         fails_at_r2(p, "ix_b");
     }},
    {"a downgrade that leaves a constraint behind",
     [](const Project& p) {
         with_r2(p,
                 R"([{"op": "create_check_constraint", "table": "t1", "name": "ck_t1_id", "expression": "id > 0"},
                     {"op": "create_unique_constraint", "table": "t1", "name": "uq_t1_name", "columns": ["name"]}])",
                 R"([{"op": "drop_constraint", "table": "t1", "name": "uq_t1_name", "type": "unique"}])");
         fails_at_r2(p, "ck_t1_id");
     }},
    {"a downgrade that drops a different object than its upgrade made",
     [](const Project& p) {
         p.add({"r1", {}, "[" + create_table_op("t1") + R"(, {"op": "create_index", "table": "t1", "name": "ix_a", "elements": ["name"]}])",
                R"([{"op": "drop_index", "table": "t1", "name": "ix_a"}, )" + drop_table_op("t1") + "]"});
         p.add({"r2", {"r1"}, R"([{"op": "create_index", "table": "t1", "name": "ix_b", "elements": ["id", "name"]}])",
                R"([{"op": "drop_index", "table": "t1", "name": "ix_a"}])", {}, {}, "the change"});
         fails_at_r2(p, "ix_b");
     }},
    {"an empty downgrade",
     [](const Project& p) {
         with_r2(p, "[" + k_add_extra + "]", "[]");
         fails_at_r2(p, "r2");
     }},
    {"a revision that fails to apply again after its downgrade",
     [](const Project& p) {
         // The downgrade restores the schema but not the row the upgrade inserted.
         with_r2(p,
                 "[" + create_table_op("t2") +
                     R"J(, {"op": "sql", "sql": "INSERT INTO t1 (id, name) VALUES (1, 'once')"}])J",
                 "[" + drop_table_op("t2") + "]");
         auto r = p.run("test");
         INFO(r.out << r.err);
         CHECK(r.exit_code == 3);
         CHECK(r.out.find("FAIL  r2") != std::string::npos);
         CHECK(r.err.find("(reupgrade)") != std::string::npos);
         CHECK(r.err.find("revision r2") != std::string::npos);
     }},
    {"two heads fail unless --heads allows them",
     [](const Project& p) {
         p.add({"r1", {}, "[" + create_table_op("t1") + "]", "[" + drop_table_op("t1") + "]"});
         p.add({"r2a", {"r1"}, "[" + create_table_op("t2a") + "]", "[" + drop_table_op("t2a") + "]"});
         p.add({"r2b", {"r1"}, "[" + create_table_op("t2b") + "]", "[" + drop_table_op("t2b") + "]"});
         auto r = p.run("test");
         INFO(r.out << r.err);
         CHECK(r.exit_code == 3);
         CHECK(r.err.find("2 heads (r2a, r2b)") != std::string::npos);
         auto allowed = p.run("test --heads 2");
         INFO(allowed.out << allowed.err);
         CHECK(allowed.exit_code == 0);
         CHECK(allowed.out.find("3 revisions passed") != std::string::npos);
     }},
    {"a branch point and a merge pass, each revision reverted alone where it can be",
     [](const Project& p) {
         p.add({"r1", {}, "[" + create_table_op("t1") + "]", "[" + drop_table_op("t1") + "]"});
         p.add({"r2a", {"r1"}, "[" + create_table_op("t2a") + "]", "[" + drop_table_op("t2a") + "]"});
         p.add({"r2b", {"r1"}, "[" + create_table_op("t2b") + "]", "[" + drop_table_op("t2b") + "]"});
         p.add({"r3", {"r2a", "r2b"}, "[" + create_table_op("t3") + "]", "[" + drop_table_op("t3") + "]"});
         auto r = p.run("test");
         INFO(r.out << r.err);
         CHECK(r.exit_code == 0);
         CHECK(r.out.find("4 revisions passed") != std::string::npos);
         CHECK(r.err.find("not compared") == std::string::npos);
     }},
    {"a head that differs from the configured target",
     [](const Project& p) {
         p.chain(2);
         p.write("target.json", R"({"tables": [{"name": "t1", "columns": [{"name": "id", "type": "integer", "nullable": false}],
                                     "primary_key": {"columns": ["id"]}}]})");
         p.write("migrate.toml", p.read("migrate.toml") + "target = \"target.json\"\n");
         auto r = p.run("test");
         INFO(r.out << r.err);
         CHECK(r.exit_code == 3);
         CHECK(r.err.find("(target)") != std::string::npos);
         CHECK(r.out.find("drop_table t2") != std::string::npos);
     }},
};

void run_all(const std::function<std::unique_ptr<Project>()>& make) {
    for (const auto& s : k_scenarios) {
        SECTION(s.name) {
            auto p = make();
            s.run(*p);
        }
    }
}

} // namespace

TEST_CASE("migrate test passes good chains and catches each kind of broken one on SQLite", "[cli][sqlite]") {
    run_all([] { return std::make_unique<Project>(); });
}

TEST_CASE("migrate test passes good chains and catches each kind of broken one on PostgreSQL", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    const auto before = scratch_databases(*server);
    std::vector<std::unique_ptr<PgDatabase>> databases;
    run_all([&] {
        databases.push_back(std::make_unique<PgDatabase>(*server));
        return std::make_unique<Project>(databases.back()->url());
    });
    CHECK(scratch_databases_left(*server, before).empty());
}

TEST_CASE("migrate test passes the tutorial chain on SQLite", "[cli][sqlite]") {
    Project p;
    std::filesystem::copy(std::filesystem::path(MIGRATE_SOURCE_DIR) / "migrations" / "versions",
                          p.path() / "migrations" / "versions",
                          std::filesystem::copy_options::overwrite_existing | std::filesystem::copy_options::recursive);
    auto r = p.run("test");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("5 revisions passed") != std::string::npos);
    CHECK(p.tables().empty());
}

TEST_CASE("migrate test passes the tutorial chain on PostgreSQL and leaves no scratch database", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase database(*server);
    Project p(database.url());
    std::filesystem::copy(std::filesystem::path(MIGRATE_SOURCE_DIR) / "migrations" / "versions",
                          p.path() / "migrations" / "versions",
                          std::filesystem::copy_options::overwrite_existing | std::filesystem::copy_options::recursive);
    const auto before = scratch_databases(*server);
    auto r = p.run("test");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("5 revisions passed") != std::string::npos);
    CHECK(r.out.find("migrate_scratch_") != std::string::npos);
    CHECK(p.tables().empty());
    CHECK(scratch_databases_left(*server, before).empty());
}
