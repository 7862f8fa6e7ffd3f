// The rendered DDL is accepted by the real databases: every statement of a model that uses
// every feature, and its drop, run without error. (Exact text is checked by *_render_test.cpp;
// that the database reads back the same model is checked in tests/reflect.)
#include <catch2/catch.hpp>

// Test models are written as aggregates that name only the fields that matter.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <support/test_support.hpp>

#include <migrate/db/connection.hpp>
#include <migrate/dialect/dialect.hpp>

using namespace migrate::schema;
using migrate::dialect::dialect_for;

namespace {

const std::string k_evil = "Wéird \"Näme\" 'x' select";

Table hostile_table(bool postgres) {
    Table t;
    t.name = k_evil;
    t.columns = {Column{"Id", Type::parse("integer"), false},
                 Column{k_evil, Type::parse("varchar(20)"), false, "'it''s'"},
                 Column{"order", Type::parse("numeric(10,2)"), true, "0"},
                 Column{"parent", Type::parse("integer")},
                 Column{"at", Type::parse("timestamp"), true, "CURRENT_TIMESTAMP"},
                 Column{"blob", Type::parse("blob")},
                 Column{"ok", Type::parse("boolean"), true, postgres ? "true" : "1"}};
    t.primary_key = PrimaryKey{"pk " + k_evil, {"Id"}};
    t.unique_constraints = {UniqueConstraint{"uq " + k_evil, {k_evil, "order"}}};
    t.check_constraints = {CheckConstraint{"ck " + k_evil, "\"order\" >= 0"}};
    t.foreign_keys = {ForeignKey{"fk " + k_evil, {"parent"}, std::nullopt, k_evil, {"Id"}, FkAction::cascade, FkAction::no_action,
                                 true, true}};
    t.indexes = {Index{"ix " + k_evil, {IndexElement{"lower(\"" + std::string("Wéird \"\"Näme\"\" 'x' select") + "\")", true},
                                        IndexElement{"order", false, true}},
                       false, "\"order\" > 0"}};
    return t;
}

MetaData cyclic_model(bool postgres) {
    MetaData m;
    Table a, b;
    a.name = "A";
    a.columns = {Column{"id", Type::parse("integer"), false}, Column{"b_id", Type::parse("integer")}};
    a.primary_key = PrimaryKey{std::nullopt, {"id"}};
    a.foreign_keys = {ForeignKey{"a_b", {"b_id"}, std::nullopt, "B", {"id"}}};
    b = a;
    b.name = "B";
    b.foreign_keys = {ForeignKey{"b_a", {"b_id"}, std::nullopt, "A", {"id"}}};
    m.tables = {a, b, hostile_table(postgres)};
    m.views = {View{std::nullopt, "v " + k_evil, "SELECT \"id\" FROM \"A\""}};
    return m;
}

void run_all(migrate::db::Connection& c, const migrate::dialect::Statements& statements) {
    for (const auto& s : statements) {
        INFO(s);
        REQUIRE_NOTHROW(c.execute(s));
    }
}

} // namespace

TEST_CASE("sqlite accepts the DDL rendered for hostile names and foreign-key cycles", "[sqlite]") {
    const auto& d = dialect_for(migrate::db::Backend::sqlite);
    auto c = migrate::db::connect("sqlite://");
    MetaData m = cyclic_model(false);
    m.tables[0].columns[0].autoincrement = true;
    run_all(*c, d.render_metadata(m));
    run_all(*c, d.add_column({std::nullopt, k_evil}, Column{"new " + k_evil, Type::parse("text"), true, "'x'"}));
    run_all(*c, d.rename_column({std::nullopt, k_evil}, "new " + k_evil, "newer"));
    run_all(*c, d.drop_column({std::nullopt, k_evil}, "newer"));
    run_all(*c, d.replace_view(m.views[0]));
    run_all(*c, d.drop_index({std::nullopt, "ix " + k_evil}));
    run_all(*c, d.drop_metadata(m));
    CHECK(c->query("SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'")[0][0].as_int() == 0);
}

TEST_CASE("postgresql accepts the DDL rendered for every object", "[postgres]") {
    auto server = migrate::test::pg_url();
    if (!server) return;
    migrate::test::PgDatabase db(*server);
    auto c = migrate::db::connect(db.url());
    const auto& d = dialect_for(migrate::db::Backend::postgresql);
    MetaData m = cyclic_model(true);
    m.schemas = {"App Schema"};
    m.enums = {EnumType{"App Schema", "Mood", {"sad", "it's"}}};
    m.sequences = {Sequence{"App Schema", "seq", 10, 2, 1, 1000, true, "T.id"}};
    Table t;
    t.schema = "App Schema";
    t.name = "T";
    t.columns = {Column{"id", Type::parse("bigint"), false, std::nullopt, Identity::always, false, std::nullopt, "the key"},
                 Column{"mood", Type::named("App Schema", "Mood"), true, "'sad'"},
                 Column{"tags", Type::parse("text[]"), true, std::nullopt, Identity::none, false, "C"},
                 Column{"doc", Type::parse("jsonb")},
                 Column{"n", Type::parse("integer"), true, "nextval('\"App Schema\".seq')"},
                 Column{"u", Type::parse("uuid"), true, "gen_random_uuid()"},
                 Column{"d", Type::parse("double")},
                 Column{"ts", Type::parse("timestamptz"), true, "now()"}};
    t.primary_key = PrimaryKey{std::nullopt, {"id"}};
    t.indexes = {Index{"ix gin", {IndexElement{"doc"}}, false, std::nullopt, "gin"}};
    t.comment = "it's a table";
    m.tables.push_back(t);
    run_all(*c, d.render_metadata(m));
    migrate::dialect::ObjectName tn{"App Schema", "T"};
    run_all(*c, d.add_column(tn, Column{"extra", Type::parse("varchar(5)"), true, std::nullopt, Identity::none, false, std::nullopt, "x"}));
    run_all(*c, d.alter_column_type(tn, "extra", Type::parse("varchar(10)")));
    run_all(*c, d.alter_column_nullable(tn, "extra", false));
    run_all(*c, d.alter_column_nullable(tn, "extra", true));
    run_all(*c, d.alter_column_default(tn, "extra", std::string("'y'")));
    run_all(*c, d.alter_column_default(tn, "extra", std::nullopt));
    run_all(*c, d.add_unique(tn, UniqueConstraint{"uq extra", {"extra"}}));
    run_all(*c, d.add_check(tn, CheckConstraint{std::nullopt, "d > 0"}));
    run_all(*c, d.drop_constraint(tn, "uq extra"));
    run_all(*c, d.set_column_comment(tn, "extra", std::nullopt));
    run_all(*c, d.add_enum_value({"App Schema", "Mood"}, "ok", {.after = "sad"}));
    run_all(*c, d.rename_column(tn, "extra", "more"));
    run_all(*c, d.drop_column(tn, "more"));
    run_all(*c, d.replace_view(m.views[0]));
    run_all(*c, d.drop_metadata(m));
    CHECK(c->query("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname IN ('public', 'App Schema')")[0][0].as_int() == 0);
}
