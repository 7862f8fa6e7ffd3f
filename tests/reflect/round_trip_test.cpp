// reflect(apply(render(M))) == normalise(M) on both dialects: one model per feature, then the
// realistic bookshop schema of tests/support/realistic_schema.hpp.
#include "round_trip.hpp"

#include <functional>

#include <support/realistic_schema.hpp>

using namespace migrate;
using namespace migrate::test::realistic_detail;
using schema::FkAction;

namespace {

// One model per feature; `pg` selects the PostgreSQL-only parts.
std::vector<std::pair<std::string, schema::MetaData>> feature_models(bool pg) {
    std::vector<std::pair<std::string, schema::MetaData>> out;
    auto model = [&](std::string name, std::vector<schema::Table> tables) -> schema::MetaData& {
        out.emplace_back(std::move(name), schema::MetaData{});
        out.back().second.tables = std::move(tables);
        return out.back().second;
    };

    std::vector<schema::Column> types;
    for (std::string t : {"integer", "smallint", "bigint", "varchar(20)", "char(3)", "text", "numeric(10,2)", "real",
                          "double", "boolean", "date", "time", "timestamp", "timestamptz", "uuid", "json"})
        types.push_back(col("c_" + t.substr(0, t.find('(')), t));
    types.push_back(col("c_bin", pg ? "jsonb" : "blob"));
    model("every portable type", {table("types", types, {})});

    model("nullability and server defaults",
          {table("defaults", {col("a", "integer", false, "42"), col("b", "text", true, "'it''s'"),
                              col("c", "numeric(5,2)", false, "-1.5"), col("d", "boolean", true, pg ? "true" : "1"),
                              col("e", "timestamp", true, "CURRENT_TIMESTAMP"), col("f", "varchar(5)", true, "NULL")},
                 {})});

    {
        auto t = table("keys", {key("a"), key("b", "text"), col("c", "integer"), col("d", "integer")}, {"a", "b"});
        t.primary_key->name = "keys_pk";
        t.unique_constraints = {{"uq_cd", {"d", "c"}}, {std::nullopt, {"c"}}};
        t.check_constraints = {{"ck_c", "c > 0"}, {std::nullopt, "(c > d) OR (d IS NULL)"}};
        model("named and unnamed composite keys, uniques and checks", {t});
    }
    {
        auto parent = table("parent", {key("id"), key("k")}, {"id", "k"});
        auto child = table("child", {key("id"), col("pid", "integer"), col("pk", "integer"), col("up", "integer")}, {"id"});
        child.foreign_keys = {fk({"pid", "pk"}, "parent", {"id", "k"}, FkAction::cascade, "child_parent"),
                              fk({"up"}, "child", {"id"}, FkAction::set_null)};
        child.foreign_keys[0].on_update = FkAction::restrict;
        child.foreign_keys[1].on_update = FkAction::set_default;
        child.foreign_keys[1].deferrable = true;
        auto a = table("a", {key("id"), col("b_id", "integer")}, {"id"});
        auto b = table("b", {key("id"), col("a_id", "integer")}, {"id"});
        a.foreign_keys = {fk({"b_id"}, "b", {"id"}, FkAction::no_action, "a_b")};
        b.foreign_keys = {fk({"a_id"}, "a", {"id"})};
        b.foreign_keys[0].deferrable = b.foreign_keys[0].initially_deferred = true;
        model("composite, self-referencing and circular foreign keys with actions", {parent, child, a, b});
    }
    {
        auto t = table("ix", {key("id"), col("email", "text"), col("score", "integer"), col("gone", "boolean")}, {"id"});
        t.indexes = {{"ix_plain", {{"score", false, false}}, false, std::nullopt, std::nullopt},
                     {"ix_multi_desc", {{"score", false, true}, {"email", false, false}}, true, std::nullopt, std::nullopt},
                     {"ix_expr", {{"lower(email)", true, false}}, false, std::nullopt, std::nullopt},
                     {"ix_partial", {{"email", false, false}}, true, pg ? "gone IS NOT TRUE" : "gone IS NOT 1", std::nullopt}};
        if (pg) {
            t.columns.push_back(col("doc", "jsonb"));
            t.indexes.push_back({"ix_gin", {{"doc", false, false}}, false, std::nullopt, "gin"});
            t.indexes.push_back({"ix_hash", {{"email", false, false}}, false, std::nullopt, "hash"});
            t.indexes.push_back({"ix_brin", {{"score", false, false}}, false, std::nullopt, "brin"});
        }
        model("unique, multi-column, descending, expression and partial indexes", {t});
    }
    {
        auto t = table("auto", {serial_key("integer"), col("name", "text", false)}, {"id"});
        t.columns[1].collation = pg ? "C" : "NOCASE";
        model("autoincrement keys and collations", {t});
    }
    {
        auto& m = model("views", {table("v_src", {key("id"), col("n", "text")}, {"id"})});
        m.views = {{std::nullopt, "v_all", pg ? "SELECT v_src.id, v_src.n FROM v_src" : "SELECT id, n FROM v_src"}};
    }
    if (pg) {
        auto t = table("pg_only", {col("id", "bigint", false), col("m", "mood", true, "'ok'"), col("n", "bigint", false, "nextval('n_seq')")},
                       {"id"});
        t.columns[0].identity = schema::Identity::always;
        t.comment = "a table's comment";
        t.columns[1].comment = "it's a column";
        auto o = table("other", {key("id")}, {"id"});
        o.schema = "side";
        o.foreign_keys = {fk({"id"}, "pg_only", {"id"})};
        auto& m = model("enums, sequences, identity, comments and other schemas", {t, o});
        m.schemas = {"side"};
        m.enums = {{std::nullopt, "mood", {"sad", "ok"}}, {"side", "Shade", {"light", "dark mode", "it's"}}};
        m.sequences = {{std::nullopt, "n_seq", 5, 5, 5, 1000, true, "pg_only.n"},
                       {"side", "plain", std::nullopt, std::nullopt, std::nullopt, std::nullopt, false, std::nullopt}};
        m.views = {{"side", "ids", "SELECT other.id FROM side.other"}};
    }
    return out;
}

dialect::ReflectOptions options_for(const schema::MetaData& m) {
    dialect::ReflectOptions o;
    o.schemas.insert(o.schemas.end(), m.schemas.begin(), m.schemas.end());
    return o;
}

} // namespace

TEST_CASE("sqlite round trip: every feature reads back as the dialect normalises it", "[sqlite]") {
    for (const auto& [name, m] : feature_models(false)) {
        SECTION(name) {
            auto db = test::ScratchDatabase::sqlite();
            test::require_round_trip(db->conn(), m);
        }
    }
}

TEST_CASE("postgres round trip: every feature reads back as the dialect normalises it", "[postgres]") {
    auto url = test::pg_url();
    if (!url) return;
    for (const auto& [name, m] : feature_models(true)) {
        SECTION(name) {
            auto db = test::ScratchDatabase::postgresql(*url);
            test::require_round_trip(db->conn(), m, options_for(m));
        }
    }
}

TEST_CASE("sqlite round trip of the realistic bookshop schema", "[sqlite]") {
    auto m = test::realistic_schema(db::Backend::sqlite);
    REQUIRE(m.tables.size() >= 20);
    auto db = test::ScratchDatabase::sqlite();
    test::require_round_trip(db->conn(), m);
}

TEST_CASE("postgres round trip of the realistic bookshop schema", "[postgres]") {
    auto url = test::pg_url();
    if (!url) return;
    auto m = test::realistic_schema(db::Backend::postgresql);
    REQUIRE(m.tables.size() >= 20);
    auto db = test::ScratchDatabase::postgresql(*url);
    dialect::ReflectOptions options;
    options.schemas = test::realistic_schema_names(db::Backend::postgresql);
    test::require_round_trip(db->conn(), m, options);
    // a second reflection in the same database reads the same
    CHECK(dialect::reflect(db->conn(), options) == dialect::reflect(db->conn(), options));
}
