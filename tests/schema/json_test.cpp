// The JSON form of the schema model: round trips keep every field, output is compact, input is strict.
#include <catch2/catch.hpp>

// Test models are written as aggregates that name only the fields that matter.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <functional>
#include <sstream>

#include <migrate/schema/json.hpp>
#include <migrate/schema/print.hpp>

using namespace migrate::schema;

namespace {

// A model that sets every field of every type to a non-default value somewhere.
MetaData full_model() {
    MetaData m;
    m.schemas = {"app", "Audit Log"};
    m.enums = {EnumType{"app", "mood", {"sad", "ok", "happy", "it's"}}};
    m.sequences = {Sequence{"app", "ticket_no", 100, 5, 1, 1'000'000'000'000LL, true, "tickets.no"},
                   Sequence{std::nullopt, "plain", std::nullopt, std::nullopt, std::nullopt, std::nullopt, false, std::nullopt}};
    Table authors;
    authors.schema = "app";
    authors.name = "authors";
    authors.columns = {
        Column{"id", Type::parse("bigint"), false, std::nullopt, Identity::always, false, std::nullopt, "surrogate key"},
        Column{"name", Type::parse("varchar(200)"), false, "'anon'::text", Identity::none, false, "C", std::nullopt},
        Column{"mood", Type::named("app", "mood"), true, std::nullopt, Identity::by_default, false, std::nullopt, std::nullopt},
        Column{"rowid_alias", Type::parse("integer"), true, std::nullopt, Identity::none, true, std::nullopt, std::nullopt},
        Column{"name_length", Type::parse("integer"), true, std::nullopt, Identity::none, false, std::nullopt,
               std::nullopt, "length(name)", true},
    };
    authors.primary_key = PrimaryKey{"authors_pk", {"id"}};
    authors.foreign_keys = {ForeignKey{"fk_self", {"id"}, "app", "authors", {"id"}, FkAction::cascade, FkAction::set_null, true, true},
                            ForeignKey{std::nullopt, {"name"}, std::nullopt, "names", {"n"}, FkAction::restrict, FkAction::set_default, false, false}};
    authors.unique_constraints = {UniqueConstraint{"uq_name", {"name", "mood"}}, UniqueConstraint{std::nullopt, {"id"}}};
    authors.check_constraints = {CheckConstraint{"ck_name", "length(name) > 0"}, CheckConstraint{std::nullopt, "id > 0"}};
    authors.indexes = {Index{"ix_lower", {IndexElement{"lower(name)", true, false}, IndexElement{"id", false, true}}, true,
                             "id > 10", "btree", {"name", "mood"}},
                       Index{"ix_plain", {IndexElement{"name", false, false}}, false, std::nullopt, std::nullopt}};
    authors.comment = "people who write";
    Table names;
    names.name = "names";
    names.columns = {Column{"n", Type::parse("text")}};
    names.strict = true;
    names.without_rowid = true;
    m.tables = {authors, names};
    m.views = {View{"app", "v_authors", "SELECT id FROM app.authors"}};
    return m;
}

} // namespace

TEST_CASE("a model with every field set survives a JSON round trip") {
    MetaData m = full_model();
    Json j = m;
    CHECK(j.get<MetaData>() == m);
    CHECK(metadata_from_json_text(j.dump(2)) == m);
}

TEST_CASE("every single field change shows in the JSON") {
    // If a field were not serialised, changing it would not change the JSON.
    MetaData base = full_model();
    Json base_json = base;
    std::vector<std::pair<const char*, std::function<void(MetaData&)>>> edits = {
        {"schemas", [](MetaData& m) { m.schemas.pop_back(); }},
        {"enum values", [](MetaData& m) { m.enums[0].values[0] = "x"; }},
        {"enum schema", [](MetaData& m) { m.enums[0].schema.reset(); }},
        {"sequence start", [](MetaData& m) { m.sequences[0].start = 1; }},
        {"sequence increment", [](MetaData& m) { m.sequences[0].increment = 1; }},
        {"sequence min", [](MetaData& m) { m.sequences[0].min_value = 2; }},
        {"sequence max", [](MetaData& m) { m.sequences[0].max_value = 2; }},
        {"sequence cycle", [](MetaData& m) { m.sequences[0].cycle = false; }},
        {"sequence owned_by", [](MetaData& m) { m.sequences[0].owned_by.reset(); }},
        {"table schema", [](MetaData& m) { m.tables[0].schema.reset(); }},
        {"table comment", [](MetaData& m) { m.tables[0].comment.reset(); }},
        {"column type", [](MetaData& m) { m.tables[0].columns[0].type = Type::parse("integer"); }},
        {"column nullable", [](MetaData& m) { m.tables[0].columns[0].nullable = true; }},
        {"column default", [](MetaData& m) { m.tables[0].columns[1].server_default.reset(); }},
        {"column identity", [](MetaData& m) { m.tables[0].columns[0].identity = Identity::by_default; }},
        {"column autoincrement", [](MetaData& m) { m.tables[0].columns[3].autoincrement = false; }},
        {"column collation", [](MetaData& m) { m.tables[0].columns[1].collation.reset(); }},
        {"column comment", [](MetaData& m) { m.tables[0].columns[0].comment.reset(); }},
        {"column generated", [](MetaData& m) { m.tables[0].columns[4].generated = "length(name) + 1"; }},
        {"column generated_stored", [](MetaData& m) { m.tables[0].columns[4].generated_stored = false; }},
        {"table strict", [](MetaData& m) { m.tables[1].strict = false; }},
        {"table without_rowid", [](MetaData& m) { m.tables[1].without_rowid = false; }},
        {"index include", [](MetaData& m) { m.tables[0].indexes[0].include.pop_back(); }},
        {"pk name", [](MetaData& m) { m.tables[0].primary_key->name.reset(); }},
        {"pk columns", [](MetaData& m) { m.tables[0].primary_key->columns = {"name"}; }},
        {"fk name", [](MetaData& m) { m.tables[0].foreign_keys[0].name.reset(); }},
        {"fk ref_schema", [](MetaData& m) { m.tables[0].foreign_keys[0].ref_schema.reset(); }},
        {"fk on_delete", [](MetaData& m) { m.tables[0].foreign_keys[0].on_delete = FkAction::no_action; }},
        {"fk on_update", [](MetaData& m) { m.tables[0].foreign_keys[0].on_update = FkAction::cascade; }},
        {"fk deferrable", [](MetaData& m) { m.tables[0].foreign_keys[0].deferrable = false; }},
        {"fk initially_deferred", [](MetaData& m) { m.tables[0].foreign_keys[0].initially_deferred = false; }},
        {"fk ref_columns", [](MetaData& m) { m.tables[0].foreign_keys[1].ref_columns = {"m"}; }},
        {"unique columns", [](MetaData& m) { m.tables[0].unique_constraints[0].columns.pop_back(); }},
        {"check expression", [](MetaData& m) { m.tables[0].check_constraints[1].expression = "id > 1"; }},
        {"index element kind", [](MetaData& m) { m.tables[0].indexes[0].elements[0].is_expression = false; }},
        {"index element desc", [](MetaData& m) { m.tables[0].indexes[0].elements[1].descending = false; }},
        {"index unique", [](MetaData& m) { m.tables[0].indexes[0].unique = false; }},
        {"index where", [](MetaData& m) { m.tables[0].indexes[0].where.reset(); }},
        {"index method", [](MetaData& m) { m.tables[0].indexes[0].method = "gin"; }},
        {"view definition", [](MetaData& m) { m.views[0].definition = "SELECT 1"; }},
    };
    for (auto& [what, edit] : edits) {
        MetaData changed = base;
        edit(changed);
        INFO(what);
        REQUIRE(changed != base);
        Json j = changed;
        CHECK(j != base_json);
        CHECK(j.get<MetaData>() == changed);
    }
}

TEST_CASE("a generated column, INCLUDE columns and table options read from JSON") {
    auto m = metadata_from_json_text(R"({"tables": [{"name": "t", "strict": true, "without_rowid": true,
        "columns": [{"name": "a", "type": "integer"},
                    {"name": "b", "type": "integer", "generated": "a * 2", "generated_stored": true},
                    {"name": "c", "type": "integer", "generated": "a + 1"}],
        "indexes": [{"name": "ix", "elements": ["a"], "include": ["b", "c"]}]}]})");
    const auto& t = m.tables.at(0);
    CHECK(t.strict);
    CHECK(t.without_rowid);
    CHECK(t.columns[1].generated == "a * 2");
    CHECK(t.columns[1].generated_stored);
    CHECK(t.columns[2].generated == "a + 1");
    CHECK_FALSE(t.columns[2].generated_stored); // VIRTUAL unless said
    CHECK(t.indexes[0].include == std::vector<std::string>{"b", "c"});
    CHECK_THROWS_WITH(metadata_from_json_text(R"({"tables": [{"name": "t", "columns": [
                          {"name": "b", "type": "integer", "generated_stored": true}]}]})"),
                      Catch::Contains("tables[0].columns[0].generated_stored") && Catch::Contains("needs 'generated'"));
}

TEST_CASE("the JSON is compact: defaults are left out") {
    Column c{"id", Type::parse("int4")};
    Json j = c;
    CHECK(j == Json::parse(R"({"name": "id", "type": "integer"})"));
    Index ix{"ix", {IndexElement{"a"}}};
    CHECK(Json(ix) == Json::parse(R"({"name": "ix", "elements": ["a"]})"));
    CHECK(Json(MetaData{}) == Json::parse(R"({"tables": []})"));
    ForeignKey fk{std::nullopt, {"a"}, std::nullopt, "t", {"id"}, FkAction::set_null};
    CHECK(Json(fk) == Json::parse(R"({"columns": ["a"], "ref_table": "t", "ref_columns": ["id"], "on_delete": "set null"})"));
}

TEST_CASE("types in JSON are normalised when read") {
    Column c = Json::parse(R"j({"name": "n", "type": "character varying(20)"})j").get<Column>();
    CHECK(c.type == Type{"varchar", {20}});
}

TEST_CASE("an unknown key is an error naming its path") {
    auto j = Json::parse(R"({"tables": [{"name": "t", "columns": [{"name": "a", "type": "int", "nulable": false}]}]})");
    try {
        (void)j.get<MetaData>();
        FAIL("no error");
    } catch (const JsonFieldError& e) {
        CHECK(e.field() == "tables[0].columns[0].nulable");
        CHECK(e.reason() == "unknown field");
        CHECK(std::string(e.what()) == "tables[0].columns[0].nulable: unknown field");
    }
}

TEST_CASE("a missing required field is an error naming its path") {
    auto j = Json::parse(R"({"tables": [{"name": "t", "columns": [{"name": "a"}]}]})");
    CHECK_THROWS_WITH(j.get<MetaData>(), "tables[0].columns[0].type: missing required field");
    auto k = Json::parse(R"({"tables": [{"columns": []}]})");
    CHECK_THROWS_WITH(k.get<MetaData>(), "tables[0].name: missing required field");
}

TEST_CASE("a value of the wrong kind is an error naming its path") {
    CHECK_THROWS_WITH(Json::parse(R"({"name": "a", "type": "int", "nullable": "no"})").get<Column>(),
                      "nullable: expected true or false, got string");
    CHECK_THROWS_WITH(Json::parse(R"({"columns": ["a"], "ref_table": "t", "ref_columns": ["id"], "on_delete": "explode"})").get<ForeignKey>(),
                      Catch::Contains("on_delete: unknown action 'explode'"));
    CHECK_THROWS_WITH(Json::parse(R"({"name": "a", "type": "int", "identity": "sometimes"})").get<Column>(),
                      Catch::Contains("identity: unknown identity"));
    CHECK_THROWS_WITH(Json::parse(R"({"name": "s", "start": 1.5})").get<Sequence>(), "start: expected an integer, got number");
    CHECK_THROWS_WITH(Json::parse(R"({"name": "i", "elements": [{"column": "a", "expression": "b"}]})").get<Index>(),
                      "elements[0]: expected exactly one of 'column' and 'expression'");
    CHECK_THROWS_AS(Json::parse("[]").get<MetaData>(), migrate::Error);
}

TEST_CASE("the path given by an enclosing document prefixes the field") {
    Column c;
    CHECK_THROWS_WITH(from_json(Json::parse(R"({"name": "a"})"), c, "upgrade[3].column"),
                      "upgrade[3].column.type: missing required field");
}

TEST_CASE("malformed JSON text names line and column, and comments are allowed") {
    CHECK_THROWS_WITH(metadata_from_json_text("{\n  \"tables\": [,]\n}"), Catch::Contains("line 2"));
    MetaData m = metadata_from_json_text("// a schema\n{\"tables\": [{\"name\": \"t\", \"columns\": []}]}");
    REQUIRE(m.tables.size() == 1);
    CHECK(m.tables[0].name == "t");
}

TEST_CASE("actions and identities accept underscores and print with spaces") {
    CHECK(fk_action_from_string("set_null") == FkAction::set_null);
    CHECK(fk_action_from_string("NO ACTION") == FkAction::no_action);
    CHECK(identity_from_string("by_default") == Identity::by_default);
    CHECK(to_string(FkAction::set_default) == "set default");
}

TEST_CASE("lookups find tables by schema and columns by name") {
    MetaData m = full_model();
    REQUIRE(m.table("authors", "app") != nullptr);
    CHECK(m.table("authors") == nullptr);
    CHECK(m.table("names") != nullptr);
    CHECK(m.table("authors", "app")->qualified_name() == "app.authors");
    CHECK(m.table("names")->qualified_name() == "names");
    CHECK(m.table("authors", "app")->column("mood")->type == Type::named("app", "mood"));
    CHECK(m.table("authors", "app")->column("nope") == nullptr);
}

TEST_CASE("columns print like SQL for messages") {
    std::ostringstream os;
    os << Column{"n", Type::parse("varchar(3)"), false, "'x'"};
    CHECK(os.str() == "n varchar(3) NOT NULL DEFAULT 'x'");
    std::ostringstream generated;
    Column g{"g", Type::parse("integer")};
    g.generated = "n * 2";
    generated << g;
    g.generated_stored = true;
    generated << "; " << g;
    CHECK(generated.str() == "g integer GENERATED ALWAYS AS (n * 2) VIRTUAL; g integer GENERATED ALWAYS AS (n * 2) STORED");
}
