#include <catch2/catch.hpp>

#include <migrate/ops/json.hpp>

#include "sample_ops.hpp"

using namespace migrate;
using namespace migrate::ops;
using nlohmann::json;

namespace {

// The reason and the full field path of the error op_from_json throws for `text`.
std::pair<std::string, std::string> error_of(const std::string& text, const std::string& path = {}) {
    try {
        op_from_json(json::parse(text), path);
    } catch (const schema::JsonFieldError& e) {
        return {e.field(), e.reason()};
    }
    FAIL("no error for " << text);
    return {};
}

} // namespace

TEST_CASE("every op survives a JSON round trip unchanged") {
    for (const Op& op : test::every_op()) {
        INFO(op_to_json(op).dump());
        auto text = op_to_json(op).dump();
        CHECK(op_from_json(json::parse(text)) == op);
    }
}

TEST_CASE("op_to_json writes the op name first and leaves defaults out") {
    auto j = op_to_json(AddColumn{{}, "books", {.name = "isbn", .type = schema::Type::parse("varchar(20)")}});
    CHECK(j.dump() == R"j({"op":"add_column","table":"books","column":{"name":"isbn","type":"varchar(20)"}})j");
    auto t = op_to_json(DropTable{{}, "tags", {}});
    CHECK(t.dump() == R"({"op":"drop_table","table":"tags"})");
}

TEST_CASE("a create_table op reads its table inline under the table's name") {
    auto op = op_from_json(json::parse(R"({
        "op": "create_table", "table": "tags", "schema": "shop",
        "columns": [{"name": "id", "type": "integer", "nullable": false}, {"name": "label", "type": "text"}],
        "primary_key": {"columns": ["id"]}})"));
    const auto& t = std::get<CreateTable>(op).table;
    CHECK(t.name == "tags");
    CHECK(t.schema == "shop");
    REQUIRE(t.columns.size() == 2);
    CHECK_FALSE(t.columns[0].nullable);
    CHECK(t.primary_key->columns == std::vector<std::string>{"id"});
}

TEST_CASE("drop ops carry their definition only when written with it") {
    auto bare = std::get<DropIndex>(op_from_json(json::parse(R"({"op":"drop_index","table":"books","name":"ix"})")));
    CHECK_FALSE(bare.definition);
    auto full = std::get<DropIndex>(
        op_from_json(json::parse(R"({"op":"drop_index","table":"books","name":"ix","elements":["isbn"]})")));
    REQUIRE(full.definition);
    CHECK(full.definition->name == "ix");

    auto col = std::get<DropColumn>(op_from_json(json::parse(
        R"({"op":"drop_column","table":"books","column":{"name":"isbn","type":"text"}})")));
    CHECK(col.column == "isbn");
    REQUIRE(col.definition);

    auto fk = std::get<DropConstraint>(op_from_json(json::parse(
        R"({"op":"drop_constraint","table":"books","name":"fk","type":"foreign_key",
            "columns":["a"],"ref_table":"authors","ref_columns":["id"]})")));
    REQUIRE(fk.definition);
    CHECK(std::get<schema::ForeignKey>(*fk.definition).ref_table == "authors");

    // An unnamed constraint: no name, the definition says which; written back without a name.
    auto unnamed = std::get<DropConstraint>(op_from_json(json::parse(
        R"({"op":"drop_constraint","table":"books","type":"foreign_key",
            "columns":["a"],"ref_table":"authors","ref_columns":["id"],"on_delete":"CASCADE"})")));
    CHECK(unnamed.name.empty());
    REQUIRE(unnamed.definition);
    CHECK_FALSE(std::get<schema::ForeignKey>(*unnamed.definition).name);
    CHECK_FALSE(op_to_json(Op{unnamed}).contains("name"));
    CHECK(op_from_json(json::parse(op_to_json(Op{unnamed}).dump())) == Op{unnamed});
    CHECK(error_of(R"({"op":"drop_constraint","table":"t","type":"unique"})").first == "name");
}

TEST_CASE("alter_column tells setting, dropping and leaving alone a server default apart") {
    auto set = std::get<AlterColumn>(op_from_json(json::parse(
        R"({"op":"alter_column","table":"t","column":"c","server_default":"0"})")));
    CHECK(set.server_default == std::optional<std::string>{"0"});
    auto drop = std::get<AlterColumn>(op_from_json(json::parse(
        R"({"op":"alter_column","table":"t","column":"c","server_default":null})")));
    REQUIRE(drop.server_default);
    CHECK_FALSE(*drop.server_default);
    auto leave = std::get<AlterColumn>(op_from_json(json::parse(
        R"({"op":"alter_column","table":"t","column":"c","nullable":true})")));
    CHECK_FALSE(leave.server_default);
}

TEST_CASE("alter_column reads a collation to set, a null collation as the default, and rejects a misspelt one") {
    auto set = std::get<AlterColumn>(op_from_json(json::parse(
        R"({"op":"alter_column","table":"t","column":"c","collation":"NOCASE","existing_collation":null})")));
    CHECK(set.collation == std::optional<std::string>{"NOCASE"});
    REQUIRE(set.existing_collation);
    CHECK_FALSE(*set.existing_collation);
    CHECK(set.changes_anything());
    auto reset = std::get<AlterColumn>(op_from_json(json::parse(
        R"({"op":"alter_column","table":"t","column":"c","collation":null})")));
    REQUIRE(reset.collation);
    CHECK_FALSE(*reset.collation);
    CHECK_THROWS_WITH(op_from_json(json::parse(R"({"op":"alter_column","table":"t","column":"c","nullable":true,"collate":"C"})")),
                      Catch::Contains("collate") && Catch::Contains("unknown field"));
    CHECK_THROWS_WITH(op_from_json(json::parse(R"({"op":"alter_column","table":"t","column":"c","existing_collation":"C"})")),
                      Catch::Contains("changes nothing"));
}

TEST_CASE("an unknown op is named, with the closest known op suggested") {
    auto [field, reason] = error_of(R"({"op":"create_tabel","table":"t"})");
    CHECK(field == "op");
    CHECK(reason == R"(unknown op "create_tabel" (did you mean "create_table"?))");
    CHECK(error_of(R"({"op":"frobnicate"})").second == R"(unknown op "frobnicate")");
}

TEST_CASE("errors name the field path relative to the op, prefixed by the caller's path") {
    CHECK(error_of(R"({"op":"create_table","table":"t","columns":[{"name":"a","type":"int"},{"name":"b"}]})") ==
          std::pair<std::string, std::string>{"columns[1].type", "missing required field"});
    CHECK(error_of(R"({"op":"add_column","table":"t","column":{"name":"a","type":"int","nulable":false}})",
                   "upgrade[3]") ==
          std::pair<std::string, std::string>{"upgrade[3].column.nulable", "unknown field"});
    CHECK(error_of(R"({"table":"t"})", "upgrade[0]").first == "upgrade[0].op");
    CHECK(error_of(R"({"op":"add_column","column":{"name":"a","type":"int"}})") ==
          std::pair<std::string, std::string>{"table", "missing required field"});
    CHECK(error_of(R"({"op":"rename_table","table":"t","new_name":7})") ==
          std::pair<std::string, std::string>{"new_name", "expected a string, got number"});
    CHECK(error_of(R"({"op":"drop_table","table":"t","cascade":true})").first == "cascade");
    CHECK(error_of(R"({"op":"create_index","table":"t","name":"ix","elements":["a"],"uniq":true})").first ==
          "uniq");
    CHECK(error_of(R"({"op":"create_foreign_key","table":"t","columns":["a"],"ref_columns":["id"]})") ==
          std::pair<std::string, std::string>{"ref_table", "missing required field"});
    CHECK(error_of(R"({"op":"create_table","name":"t","columns":[]})").first == "name");
    CHECK(error_of(R"(["create_table"])", "upgrade[1]") ==
          std::pair<std::string, std::string>{"upgrade[1]", "expected an object, got array"});
}

TEST_CASE("ops that make no sense as written are rejected with the field at fault") {
    CHECK(error_of(R"({"op":"alter_column","table":"t","column":"c"})").first == "op");
    CHECK(error_of(R"({"op":"alter_column","table":"t","column":"c","using":"c::int"})").first == "using");
    CHECK(error_of(R"({"op":"drop_constraint","table":"t","name":"x","type":"foreignkey"})").second ==
          R"(unknown constraint type "foreignkey" (expected unique, foreign_key, check or primary_key))");
    CHECK(error_of(R"({"op":"add_enum_value","name":"mood","value":"x","before":"a","after":"b"})").first ==
          "after");
    CHECK(error_of(R"({"op":"sql","sql":"SELECT 1","dialect":"mysql"})").first == "dialect");
    CHECK(error_of(R"({"op":"bulk_insert","table":"t","rows":[{"a":1},[1]]})") ==
          std::pair<std::string, std::string>{"rows[1]", "expected an object, got array"});
    CHECK(error_of(R"({"op":"set_table_comment","table":"t"})") ==
          std::pair<std::string, std::string>{"comment", "missing required field"});
    CHECK(error_of(R"({"op":"rename_table","table":"","new_name":"x"})") ==
          std::pair<std::string, std::string>{"table", "must not be empty"});
}

TEST_CASE("the error message itself starts with the field path") {
    try {
        op_from_json(json::parse(R"({"op":"create_table","table":"t","columns":[{"name":"a"}]})"), "upgrade[2]");
        FAIL("no error");
    } catch (const migrate::Error& e) {
        CHECK(std::string(e.what()) == "upgrade[2].columns[0].type: missing required field");
    }
}

TEST_CASE("op_names lists every op the reader accepts") {
    CHECK(op_names().size() == std::variant_size_v<Op>);
    for (const Op& op : test::every_op())
        CHECK(std::find(op_names().begin(), op_names().end(), std::string(op_name(op))) != op_names().end());
}

TEST_CASE("nlohmann conversions go through op_to_json and op_from_json") {
    Op op = RenameTable{{}, "a", "b"};
    json j = op;
    CHECK(j["op"] == "rename_table");
    CHECK(j.get<Op>() == op);
}
