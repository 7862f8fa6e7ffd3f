// The one revision writer and what it renders: comments as `//` lines, "reverse" and
// "irreversible" round-tripping through parse_revision, and the template as data.
#include <catch2/catch.hpp>

#include <migrate/db/error.hpp>
#include <migrate/revision/migration_plan.hpp>
#include <migrate/revision/script_directory.hpp>
#include <support/test_support.hpp>

#include <nlohmann/json.hpp>

using namespace migrate::revision;
using migrate::test::TempDir;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {

OpList add_then_index() {
    return {nlohmann::json::parse(R"({"op": "add_column", "table": "t", "column": {"name": "c", "type": "text"}})"),
            nlohmann::json::parse(R"({"op": "create_index", "name": "ix_t_c", "table": "t", "elements": ["c"]})")};
}

} // namespace

TEST_CASE("comments render as // lines, one per line of each comment, and the file parses back") {
    Revision rev;
    rev.id = "a1";
    rev.message = "line one\nline \"two\" */";
    std::string text = render_revision(rev, {"WARNING: check\nthis", "", "second\r\ncomment"});
    CHECK_THAT(text, StartsWith("// WARNING: check\n// this\n//\n// second\n// comment\n{\n"));
    auto back = parse_revision(text, "a1.json");
    CHECK(back.message == rev.message);
}

TEST_CASE("\"downgrade\": \"reverse\" is derived at load, last op first, and rendered back as \"reverse\"") {
    std::string text = R"({"revision": "a1", "down_revision": null, "upgrade": )" + nlohmann::json(add_then_index()).dump() +
                       R"(, "downgrade": "reverse"})";
    auto rev = parse_revision(text, "a1.json");
    REQUIRE(rev.ops.downgrade().size() == 2);
    CHECK(rev.ops.downgrade()[0]["op"] == "drop_index");
    CHECK(rev.ops.downgrade()[1]["op"] == "drop_column");
    CHECK(rev.ops.downgrade_reversed());
    auto rendered = render_revision(rev);
    CHECK_THAT(rendered, Contains("\"downgrade\": \"reverse\""));
    CHECK(parse_revision(rendered, "a1.json").sha256 == parse_revision(rendered, "other.json").sha256);
}

TEST_CASE("\"reverse\" over an irreversible op names the op") {
    std::string text = R"({"revision": "a1", "down_revision": null,
        "upgrade": [{"op": "create_table", "table": "t", "columns": [{"name": "id", "type": "integer"}]},
                    {"op": "sql", "sql": "DELETE FROM t"}], "downgrade": "reverse"})";
    CHECK_THROWS_WITH(parse_revision(text, "a1.json"), Contains("a1.json: downgrade: \"reverse\": upgrade[1] (sql"));
}

TEST_CASE("check_downgrade refuses an irreversible revision and an empty downgrade under a non-empty upgrade") {
    TempDir tmp;
    migrate::test::write_file(tmp / "versions/a1.json", R"({"revision": "a1", "down_revision": null,
        "upgrade": [], "downgrade": []})");
    migrate::test::write_file(tmp / "versions/a2.json", R"({"revision": "a2", "down_revision": "a1", "upgrade": )" +
                                                           nlohmann::json(add_then_index()).dump() + R"(, "downgrade": []})");
    migrate::test::write_file(tmp / "versions/a3.json", R"({"revision": "a3", "down_revision": "a2",
        "irreversible": true, "upgrade": [], "downgrade": []})");
    auto scripts = ScriptDirectory::load(tmp.path());
    const auto& g = scripts.graph();
    CHECK_THROWS_WITH(check_downgrade(plan_downgrade(g, {"a3"}, "a2")), Contains("declared \"irreversible\": true"));
    CHECK_THROWS_WITH(check_downgrade(plan_downgrade(g, {"a2"}, "a1")),
                      Contains("a2.json: downgrade: cannot downgrade through revision a2") &&
                          Contains("migrate stamp a1"));
    CHECK_NOTHROW(check_downgrade(plan_downgrade(g, {"a1"}, "base"))); // both lists empty
    CHECK_NOTHROW(check_downgrade(plan_upgrade(g, {}, "head")));
}

TEST_CASE("write_revision renders from the value and leaves no temp file") {
    TempDir tmp;
    fs::create_directories(tmp / "versions");
    auto scripts = ScriptDirectory::load(tmp.path());
    NewRevision spec;
    spec.id = "a1";
    spec.message = R"(fix "upgrade": [ ${create_date})";
    spec.upgrade = add_then_index();
    spec.reverse_downgrade = true;
    spec.comments = {"reviewed"};
    auto path = scripts.write_revision(spec);
    auto rev = scripts.graph().at(*scripts.graph().index_of("a1"));
    CHECK(rev.message == spec.message);
    CHECK(rev.ops.downgrade().size() == 2);
    for (const auto& e : fs::directory_iterator(tmp / "versions")) CHECK(e.path() == path);
}

TEST_CASE("a revision template is data: comments, ops, \"reverse\"; unknown fields and placeholders are named") {
    auto spec = parse_revision_template(R"(// ours
        {"comments": ["a", "b"], "upgrade": [], "downgrade": "reverse", "irreversible": false})",
                                        "revision.json.template");
    CHECK(spec.comments == std::vector<std::string>{"a", "b"});
    CHECK(spec.reverse_downgrade);
    CHECK_THROWS_WITH(parse_revision_template(R"({"message": "x"})", "t.json"), Contains("t.json: message: unknown field"));
    CHECK_THROWS_WITH(parse_revision_template("{\"down_revision\": ${down_revision}}", "t.json"),
                      Contains("no longer substituted"));
}
