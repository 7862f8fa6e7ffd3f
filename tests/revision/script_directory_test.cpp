#include <catch2/catch.hpp>

#include "graph_fixtures.hpp"

#include <migrate/base/error.hpp>
#include <migrate/revision/migration_plan.hpp>
#include <migrate/revision/script_directory.hpp>
#include <migrate/revision/target.hpp>
#include <support/test_support.hpp>

#include <fstream>
#include <regex>
#include <set>

using namespace migrate::revision;
using namespace migrate::revision::test;
using migrate::test::TempDir;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) { migrate::test::write_file(path, text); }

std::string rev_json(const std::string& id, const std::string& down, const std::string& extra = "") {
    return "{\n  // " + id + "\n  \"revision\": \"" + id + "\",\n  \"down_revision\": " + down + ",\n" + extra +
           "  \"upgrade\": [],\n  \"downgrade\": []\n}\n";
}

} // namespace

TEST_CASE("a script directory loads versions/*.json into a graph, ignoring other files") {
    TempDir tmp;
    write(tmp / "versions/1975_account.json", rev_json("1975ea83b712", "null"));
    write(tmp / "versions/ae10_column.json", rev_json("ae1027a6acf", "\"1975ea83b712\""));
    write(tmp / "versions/27c6_cart.json",
          rev_json("27c6a30d7c24", "\"1975ea83b712\"", "  \"branch_labels\": [\"shoppingcart\"],\n"));
    write(tmp / "versions/README.md", "not a revision");
    auto scripts = ScriptDirectory::load(tmp.path());
    const auto& graph = scripts.graph();
    CHECK(graph.size() == 3);
    CHECK(graph.heads() == Ids{shopping, add_column});
    CHECK(graph.find(shopping)->path == tmp / "versions/27c6_cart.json");
    CHECK(step_ids(plan_upgrade(graph, {}, "shoppingcart@head")) == Ids{account, shopping});
}

TEST_CASE("a missing versions directory is named") {
    TempDir tmp;
    CHECK_THAT(load_error(tmp.path()), Contains("versions") && Contains("not a directory"));
}

TEST_CASE("errors in files name the file as found in the script directory") {
    TempDir tmp;
    write(tmp / "versions/a_one.json", rev_json("aaa111", "null"));
    SECTION("malformed JSON") {
        write(tmp / "versions/b_two.json", "{\n  \"revision\": \"bbb\"\n  \"down_revision\": null\n}");
        CHECK_THAT(load_error(tmp.path()), Contains("versions/b_two.json: line 3, column 3"));
    }
    SECTION("duplicate id") {
        write(tmp / "versions/b_two.json", rev_json("aaa111", "null"));
        CHECK_THAT(load_error(tmp.path()), Contains("versions/a_one.json") && Contains("versions/b_two.json"));
    }
    SECTION("down_revision that does not exist") {
        write(tmp / "versions/b_two.json", rev_json("bbb222", "\"ccc333\""));
        CHECK_THAT(load_error(tmp.path()), Contains("versions/b_two.json: down_revision") && Contains("ccc333"));
    }
    SECTION("a cycle") {
        write(tmp / "versions/b_two.json", rev_json("bbb222", "\"ccc333\""));
        write(tmp / "versions/c_three.json", rev_json("ccc333", "\"bbb222\""));
        CHECK_THAT(load_error(tmp.path()), Contains("cycle") && Contains("bbb222") && Contains("ccc333"));
    }
}

TEST_CASE("a bad op does not stop heads or history but fails validate_all and every plan through it") {
    TempDir tmp;
    write(tmp / "versions/a_one.json", rev_json("aaa111", "null"));
    write(tmp / "versions/b_two.json",
          "{\"revision\": \"bbb222\", \"down_revision\": \"aaa111\",\n"
          " \"upgrade\": [{\"op\": \"sql\", \"sql\": \"SELECT 1\"}, {\"op\": \"create_tabel\", \"table\": \"t\"}],\n"
          " \"downgrade\": [{\"op\": \"drop_table\", \"table\": \"t\"}]}\n");
    write(tmp / "versions/c_three.json", rev_json("ccc333", "\"bbb222\""));
    auto scripts = ScriptDirectory::load(tmp.path());
    const auto& graph = scripts.graph();
    CHECK(graph.heads() == Ids{"ccc333"});
    CHECK(graph.topological_order().size() == 3);

    CHECK_THROWS_WITH(scripts.validate_all(),
                      Contains("versions/b_two.json: upgrade[1].op: unknown op \"create_tabel\""));
    // What the runtime does before touching a database: every op of every planned step.
    auto parse_plan = [](const MigrationPlan& plan) {
        for (const auto& step : plan.steps) {
            step.direction == Direction::upgrade ? upgrade_ops(*step.revision) : downgrade_ops(*step.revision);
        }
    };
    CHECK_THROWS_WITH(parse_plan(plan_upgrade(graph, {}, "head")), Contains("versions/b_two.json: upgrade[1].op"));
    CHECK_THROWS_AS(parse_plan(plan_upgrade(graph, {"aaa111"}, "ccc333")), migrate::RevisionError);
    CHECK_NOTHROW(parse_plan(plan_upgrade(graph, {}, "aaa111")));       // the bad revision is not in the path
    CHECK_NOTHROW(parse_plan(plan_downgrade(graph, {"ccc333"}, "bbb222"))); // nor here
    CHECK_NOTHROW(parse_plan(plan_downgrade(graph, {"ccc333"}, "aaa111"))); // its downgrade is valid
}

TEST_CASE("validate_all passes a directory whose ops are all valid") {
    TempDir tmp;
    write(tmp / "versions/a_one.json", rev_json("aaa111", "null"));
    write(tmp / "versions/b_two.json",
          "{\"revision\": \"bbb222\", \"down_revision\": \"aaa111\",\n"
          " \"upgrade\": [{\"op\": \"drop_table\", \"table\": \"t\"}], \"downgrade\": []}\n");
    CHECK_NOTHROW(ScriptDirectory::load(tmp.path()).validate_all());
}

TEST_CASE("write_revision renders a file named <rev>_<slug>.json that loads back") {
    TempDir tmp;
    fs::create_directories(tmp / "versions");
    auto scripts = ScriptDirectory::load(tmp.path());
    NewRevision first;
    first.message = "Create the account table!";
    first.branch_labels = {"core"};
    fs::path path = scripts.write_revision(first);
    std::string id = scripts.graph().heads().front();
    CHECK(path == tmp / "versions" / (id + "_create_the_account_table.json"));
    CHECK(std::regex_match(id, std::regex("[0-9a-f]{12}")));

    NewRevision second;
    second.message = "add column";
    second.id = "bbb222";
    second.down_revisions = {id};
    second.create_date = "2026-11-24T02:30:00Z";
    scripts.write_revision(second);

    auto reloaded = ScriptDirectory::load(tmp.path());
    CHECK(reloaded.graph().heads() == Ids{"bbb222"});
    const Revision* rev = reloaded.graph().find("bbb222");
    REQUIRE(rev);
    CHECK(rev->create_date == "2026-11-24T02:30:00Z");
    CHECK(rev->message == "add column");
    CHECK(reloaded.graph().at(resolve_revision(reloaded.graph(), "core")).id == id);
}

TEST_CASE("write_revision refuses what would break the graph and leaves no file") {
    TempDir tmp;
    fs::create_directories(tmp / "versions");
    auto scripts = ScriptDirectory::load(tmp.path());
    NewRevision bad;
    bad.message = "orphan";
    bad.down_revisions = {"nothere"};
    CHECK_THROWS_AS(scripts.write_revision(bad), migrate::RevisionError);
    CHECK(fs::is_empty(tmp / "versions"));
    NewRevision ok;
    ok.id = "aaa111";
    scripts.write_revision(ok);
    CHECK_THROWS_AS(scripts.write_revision(ok), migrate::UsageError); // id in use
}

TEST_CASE("write_revision refuses an invalid op and leaves no file") {
    TempDir tmp;
    fs::create_directories(tmp / "versions");
    auto scripts = ScriptDirectory::load(tmp.path());
    NewRevision bad;
    bad.id = "aaa111";
    bad.upgrade = {nlohmann::json{{"op", "drop_table"}}};
    CHECK_THROWS_WITH(scripts.write_revision(bad), Contains("upgrade[0].table"));
    CHECK(fs::is_empty(tmp / "versions"));
    NewRevision good;
    good.id = "aaa111";
    good.upgrade = to_op_list({migrate::ops::DropTable{.table = "t"}});
    scripts.write_revision(good);
    CHECK(upgrade_ops(*ScriptDirectory::load(tmp.path()).graph().find("aaa111")).size() == 1);
}

TEST_CASE("slugs are lowercase words joined by underscores, at most 40 characters") {
    CHECK(slugify("Add ISBN to books!") == "add_isbn_to_books");
    CHECK(slugify("  --  ") == "revision");
    CHECK(slugify("") == "revision");
    std::string slug = slugify("a very long message that keeps going well past the forty character limit");
    CHECK(slug.size() <= 40);
    CHECK(slug == "a_very_long_message_that_keeps_going");
    CHECK(slugify(std::string(60, 'x')).size() == 40);
}

TEST_CASE("new revision ids are 12 hex digits and do not repeat") {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        std::string id = new_revision_id();
        CHECK(id.size() == 12);
        CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
        seen.insert(id);
    }
    CHECK(seen.size() == 1000);
}
