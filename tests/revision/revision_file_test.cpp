#include <catch2/catch.hpp>

#include <migrate/base/error.hpp>
#include <migrate/revision/revision.hpp>

using namespace migrate::revision;
using Catch::Matchers::Contains;

namespace {
const char* k_file = "versions/ab12_add.json";

std::string message_of(const std::string& text) {
    try {
        parse_revision(text, k_file);
    } catch (const migrate::RevisionError& e) {
        return e.what();
    }
    return "(no error)";
}

// Ops are checked when asked for (validate_ops), not by parse_revision.
std::string op_error_of(const std::string& text) {
    Revision rev = parse_revision(text, k_file);
    try {
        validate_ops(rev);
    } catch (const migrate::RevisionError& e) {
        return e.what();
    }
    return "(no error)";
}

const std::string k_valid = R"({
  // the revision's own id
  "revision": "ab12",
  "down_revision": null, /* a base */
  "message": "add // not a comment /* nor this */",
  "upgrade": [{"op": "sql", "sql": "SELECT 1"}],
  "downgrade": []
})";
} // namespace

TEST_CASE("a revision file may hold // and /* */ comments outside strings") {
    Revision rev = parse_revision(k_valid, k_file);
    CHECK(rev.id == "ab12");
    CHECK(rev.is_base());
    CHECK(rev.message == "add // not a comment /* nor this */");
    REQUIRE(rev.ops.upgrade().size() == 1);
    CHECK(rev.ops.downgrade().empty());
    CHECK(rev.path == k_file);
    CHECK(rev.sha256.size() == 64);
}

TEST_CASE("down_revision, depends_on and branch_labels take a string or an array") {
    Revision rev = parse_revision(R"({"revision": "m1", "down_revision": ["a1", "b2"], "depends_on": "c3",
        "branch_labels": ["feature"], "upgrade": [], "downgrade": []})", k_file);
    CHECK(rev.down_revisions == std::vector<std::string>{"a1", "b2"});
    CHECK(rev.is_merge_point());
    CHECK(rev.depends_on == std::vector<std::string>{"c3"});
    CHECK(rev.branch_labels == std::vector<std::string>{"feature"});
}

TEST_CASE("malformed JSON is reported with the file, line and column") {
    std::string text = "{\n  \"revision\": \"ab12\",\n  \"down_revision\": null,,\n}";
    CHECK_THAT(message_of(text), Contains("versions/ab12_add.json: line 3, column 25") && Contains("malformed JSON"));
}

TEST_CASE("line and column stay true after a multi-line comment") {
    std::string text = "{ /* one\n two\n three */ \"revision\": x }";
    CHECK_THAT(message_of(text), Contains("line 3, column 23"));
}

TEST_CASE("an unterminated block comment is reported where it starts") {
    CHECK_THAT(message_of("{\n  /* never closed\n}"), Contains("line 2, column 3") && Contains("unterminated"));
}

TEST_CASE("a missing field is named") {
    CHECK_THAT(message_of(R"({"down_revision": null, "upgrade": [], "downgrade": []})"),
               Contains("versions/ab12_add.json: revision: missing field"));
    CHECK_THAT(message_of(R"({"revision": "a1", "upgrade": [], "downgrade": []})"), Contains("down_revision: missing field"));
    CHECK_THAT(message_of(R"({"revision": "a1", "down_revision": null, "downgrade": []})"), Contains("upgrade: missing field"));
}

TEST_CASE("an ill-typed field is named with the type found") {
    CHECK_THAT(message_of(R"({"revision": 12, "down_revision": null, "upgrade": [], "downgrade": []})"),
               Contains("revision: must be a string (got number)"));
    CHECK_THAT(message_of(R"({"revision": "a1", "down_revision": 3, "upgrade": [], "downgrade": []})"),
               Contains("down_revision: must be null"));
    CHECK_THAT(message_of(R"({"revision": "a1", "down_revision": ["x", 2], "upgrade": [], "downgrade": []})"),
               Contains("down_revision[1]: must be a string"));
    CHECK_THAT(message_of(R"({"revision": "a1", "down_revision": null, "upgrade": {}, "downgrade": []})"),
               Contains("upgrade: must be an array"));
    CHECK_THAT(message_of(R"({"revision": "a1", "down_revision": null, "message": 1, "upgrade": [], "downgrade": []})"),
               Contains("message: must be a string"));
    CHECK_THAT(message_of("[1, 2]"), Contains("must hold a JSON object"));
}

TEST_CASE("an op without its op field is named by position") {
    CHECK_THAT(op_error_of(R"({"revision": "a1", "down_revision": null,
        "upgrade": [{"op": "sql", "sql": "x"}, {"op": "sql", "sql": "y"}, {"table": "t"}], "downgrade": []})"),
               Contains("versions/ab12_add.json: upgrade[2].op: "));
    CHECK_THAT(op_error_of(R"({"revision": "a1", "down_revision": null, "upgrade": [], "downgrade": [7]})"),
               Contains("versions/ab12_add.json: downgrade[0]"));
}

TEST_CASE("an unknown op names the file, the position and the op") {
    CHECK_THAT(op_error_of(R"({"revision": "a1", "down_revision": null,
        "upgrade": [{"op": "sql", "sql": "x"}, {"op": "sql", "sql": "y"}, {"op": "create_tabel", "table": "t"}],
        "downgrade": []})"),
               Contains("versions/ab12_add.json: upgrade[2].op: unknown op \"create_tabel\""));
}

TEST_CASE("a missing field inside an op is named by its path") {
    CHECK_THAT(op_error_of(R"({"revision": "a1", "down_revision": null, "upgrade": [{"op": "drop_table"}], "downgrade": []})"),
               Contains("versions/ab12_add.json: upgrade[0].table"));
}

TEST_CASE("parse_revision leaves ops unchecked, and validate_ops and upgrade_ops check them") {
    const std::string text = R"({"revision": "a1", "down_revision": null,
        "upgrade": [{"op": "sql", "sql": "x"}, {"op": "create_tabel", "table": "t"}], "downgrade": [{"op": "drop_table"}]})";
    Revision rev = parse_revision(text, k_file);
    CHECK(rev.ops.upgrade().size() == 2);
    CHECK_THROWS_WITH(upgrade_ops(rev), Contains("versions/ab12_add.json: upgrade[1].op: unknown op \"create_tabel\""));
    CHECK_THROWS_WITH(downgrade_ops(rev), Contains("versions/ab12_add.json: downgrade[0].table"));
    CHECK_THROWS_AS(validate_ops(rev), migrate::RevisionError);
    rev.path.clear();
    CHECK_THROWS_WITH(upgrade_ops(rev), Contains("revision a1: upgrade[1].op"));
}

TEST_CASE("valid ops parse into lib/ops values in file order") {
    Revision rev = parse_revision(k_valid, k_file);
    auto list = upgrade_ops(rev);
    REQUIRE(list.size() == 1);
    CHECK(std::holds_alternative<migrate::ops::Sql>(list[0]));
    CHECK(downgrade_ops(rev).empty());
    CHECK_NOTHROW(validate_ops(rev));
}

TEST_CASE("an unknown top-level field is refused, listing the known ones") {
    CHECK_THAT(message_of(R"({"revision": "a1", "down_revision": null, "depend_on": [], "upgrade": [], "downgrade": []})"),
               Contains("depend_on: unknown field") && Contains("depends_on"));
}

TEST_CASE("ids and labels are restricted so targets stay unambiguous") {
    CHECK_THAT(message_of(R"({"revision": "a-1", "down_revision": null, "upgrade": [], "downgrade": []})"),
               Contains("revision: \"a-1\" is not a valid id"));
    CHECK_THAT(message_of(R"({"revision": "a1", "down_revision": null, "branch_labels": ["heads"], "upgrade": [], "downgrade": []})"),
               Contains("branch_labels: \"heads\" is not a valid label"));
    CHECK_THAT(message_of(R"({"revision": "a1", "down_revision": ["b", "b"], "upgrade": [], "downgrade": []})"),
               Contains("listed twice"));
}

TEST_CASE("the checksum ignores comments, layout and key order but not content") {
    std::string a = R"({"revision": "a1", "down_revision": null, "upgrade": [], "downgrade": []})";
    std::string b = "{\n  // same revision\n  \"downgrade\": [],\n  \"upgrade\": [ ],\n  \"down_revision\": null,\n"
                    "  \"revision\": \"a1\"\n}\n";
    std::string c = R"({"revision": "a1", "down_revision": null, "upgrade": [{"op": "sql", "sql": "x"}], "downgrade": []})";
    CHECK(parse_revision(a, "a.json").sha256 == parse_revision(b, "b.json").sha256);
    CHECK(parse_revision(a, "a.json").sha256 != parse_revision(c, "c.json").sha256);
    CHECK(canonical_content(b, "b.json") == R"({"down_revision":null,"downgrade":[],"revision":"a1","upgrade":[]})");
}

TEST_CASE("a rendered revision reads back the same, with a fixed key order and 2-space indent") {
    Revision rev = parse_revision(R"({"revision": "m1", "down_revision": ["a1", "b2"], "depends_on": ["c3"],
        "branch_labels": [], "message": "merge", "create_date": "2026-01-02T03:04:05Z",
        "upgrade": [{"table": "t", "op": "drop_table"}], "downgrade": []})", k_file);
    std::string text = render_revision(rev);
    // The header's lists stay on their line, as a person writes them; op lists are indented.
    CHECK(text.rfind("{\n  \"revision\": \"m1\",\n  \"down_revision\": [\"a1\",\"b2\"],\n", 0) == 0);
    CHECK_THAT(text, Contains("{\n      \"op\": \"drop_table\",\n      \"table\": \"t\"\n    }"));
    Revision back = parse_revision(text, k_file);
    CHECK(back.id == rev.id);
    CHECK(back.down_revisions == rev.down_revisions);
    CHECK(back.depends_on == rev.depends_on);
    CHECK(back.create_date == rev.create_date);
    CHECK(back.ops.upgrade() == rev.ops.upgrade());
    CHECK(back.sha256 == rev.sha256);
    Revision base = rev;
    base.down_revisions.clear();
    CHECK_THAT(render_revision(base), Contains("\"down_revision\": null"));
}

TEST_CASE("lint annotations on a revision and on its ops read, render and read back, and their shape is checked") {
    Revision rev = parse_revision(R"({"revision": "l1", "down_revision": null,
        "lint": {"ignore": {"drop_table": "archived"}},
        "upgrade": [{"op": "drop_column", "table": "t", "column": "c", "lint": {"ignore": {"drop_column": "unused"}}}],
        "downgrade": []})", k_file);
    CHECK(rev.ops.lint() == nlohmann::json::parse(R"({"ignore": {"drop_table": "archived"}})"));
    CHECK(upgrade_ops(rev).size() == 1);
    std::string text = render_revision(rev);
    CHECK_THAT(text, Contains("\"lint\": {\"ignore\":{\"drop_table\":\"archived\"}}"));
    Revision back = parse_revision(text, k_file);
    CHECK(back.ops.lint() == rev.ops.lint());
    CHECK(back.ops.upgrade() == rev.ops.upgrade());

    CHECK_THAT(message_of(R"({"revision": "l1", "down_revision": null, "lint": {"ignore": {"drop_table": ""}},
        "upgrade": [], "downgrade": []})"),
               Contains("lint.ignore.drop_table") && Contains("reason"));
    CHECK_THAT(message_of(R"({"revision": "l1", "down_revision": null, "lint": {"skip": {}},
        "upgrade": [], "downgrade": []})"),
               Contains("lint.skip") && Contains("unknown field"));
    CHECK_THAT(op_error_of(R"({"revision": "l1", "down_revision": null,
        "upgrade": [{"op": "drop_table", "table": "t", "lint": {"ignore": ["drop_table"]}}], "downgrade": []})"),
               Contains("upgrade[0].lint.ignore"));
}
