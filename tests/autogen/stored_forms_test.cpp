// C++ and JSON targets on PostgreSQL: expressions the server rewrites when it stores them (IN
// lists, BETWEEN, LIKE, casts, numeric literals) are compared as the server stores them, so a
// target applied once then compared again gives no ops, while a real change is still found.
#include "autogen_support.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <migrate/dialect/dialect.hpp>
#include <migrate/schema/json.hpp>
#include <support/test_support.hpp>

using namespace migrate;
using namespace migrate::test;

namespace {

// Written as a user would; PostgreSQL stores nearly every expression here in another form.
const char* const k_orders = R"json({
  "enums": [{"name": "mood", "values": ["sad", "ok", "happy"]}],
  "tables": [
    {"name": "orders",
     "columns": [
       {"name": "id", "type": "integer", "nullable": false},
       {"name": "status", "type": "text", "nullable": false, "server_default": "'new'"},
       {"name": "qty", "type": "integer", "server_default": "1"},
       {"name": "price", "type": "numeric(10,2)", "server_default": "0"},
       {"name": "ratio", "type": "numeric(5,3)", "server_default": "0.5"},
       {"name": "code", "type": "varchar(20)"},
       {"name": "created", "type": "timestamptz", "server_default": "now()"},
       {"name": "day", "type": "date", "server_default": "CURRENT_DATE"},
       {"name": "mood", "type": "mood", "server_default": "'ok'"},
       {"name": "tags", "type": "text[]", "server_default": "'{}'"},
       {"name": "total", "type": "numeric", "generated": "price * qty", "generated_stored": true},
       {"name": "label", "type": "text", "generated": "upper(code) || '-' || status", "generated_stored": true}
     ],
     "primary_key": {"columns": ["id"]},
     "check_constraints": [
       {"name": "ck_status", "expression": "status IN ('new', 'paid', 'shipped')"},
       {"name": "ck_qty", "expression": "qty BETWEEN 1 AND 100"},
       {"name": "ck_code", "expression": "code LIKE 'A%' OR code IS NULL"},
       {"name": "ck_mood", "expression": "mood <> 'sad'"},
       {"expression": "price >= 0::numeric AND ratio < 1.5"}
     ],
     "indexes": [
       {"name": "ix_orders_lower_code", "elements": [{"expression": "lower(code)"}]},
       {"name": "ix_orders_open", "elements": ["created"], "where": "status IN ('new', 'paid')"},
       {"name": "ix_orders_day", "elements": [{"expression": "date_trunc('day', created AT TIME ZONE 'UTC')"}]}
     ]}
  ],
  "views": [{"name": "open_orders",
             "definition": "SELECT id, status FROM orders WHERE status IN ('new','paid') AND qty BETWEEN 1 AND 5"}]
})json";

schema::MetaData orders() { return schema::metadata_from_json_text(k_orders); }

// The target with `from` replaced by `to` in its JSON text (exactly once).
schema::MetaData orders_with(const std::string& from, const std::string& to) {
    std::string text = k_orders;
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return schema::metadata_from_json_text(text);
}

// A fresh database holding `model`, created by autogenerate's own ops.
void create(db::Connection& conn, const schema::MetaData& model) {
    auto d = autogen::autogenerate(conn, model);
    REQUIRE_FALSE(d.empty());
    apply_ops(conn, d.upgrade);
}

bool has_op(const autogen::Diff& d, const std::string& line) {
    for (const auto& l : autogen::describe(d))
        if (l == line) return true;
    return false;
}

} // namespace

TEST_CASE("a JSON target's rewritten expressions give no ops once applied, on PostgreSQL", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url);
    auto conn = db::connect(live.url());
    create(*conn, orders());

    auto again = autogen::autogenerate(*conn, orders());
    INFO(listing(again));
    CHECK(again.empty());
    CHECK(again.warnings.empty());

    // The texts alone differ: this is what the server's forms take away.
    autogen::CompareOptions textual;
    textual.target_as_stored = true;
    CHECK_FALSE(autogen::autogenerate(*conn, orders(), textual).empty());
    // Nothing of the asking stays behind.
    CHECK(conn->query("SELECT 1 FROM pg_class WHERE relpersistence = 't'").empty());
    CHECK_FALSE(conn->in_transaction());
}

TEST_CASE("a real change of a rewritten expression is still found, and the ops keep the target's text", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url);
    auto conn = db::connect(live.url());
    create(*conn, orders());

    auto check = autogen::autogenerate(*conn, orders_with("'new', 'paid', 'shipped'", "'new', 'paid', 'shipped', 'void'"));
    INFO(listing(check));
    CHECK(autogen::describe(check).size() == 2);
    REQUIRE(has_op(check, "create_check_constraint ck_status on orders"));
    for (const auto& op : check.upgrade)
        if (const auto* c = std::get_if<ops::CreateCheckConstraint>(&op))
            CHECK(c->constraint.expression == "status IN ('new', 'paid', 'shipped', 'void')");

    CHECK(has_op(autogen::autogenerate(*conn, orders_with("BETWEEN 1 AND 100", "BETWEEN 1 AND 99")),
                 "create_check_constraint ck_qty on orders"));
    CHECK(has_op(autogen::autogenerate(*conn, orders_with("\"0.5\"", "\"0.25\"")), "alter_column orders.ratio"));
    CHECK(has_op(autogen::autogenerate(*conn, orders_with("status IN ('new', 'paid')\"", "status IN ('new')\"")),
                 "create_index ix_orders_open on orders"));
    CHECK(has_op(autogen::autogenerate(*conn, orders_with("upper(code)", "lower(code)")), "add_column orders.label"));
    CHECK(has_op(autogen::autogenerate(*conn, orders_with("BETWEEN 1 AND 5", "BETWEEN 1 AND 6")),
                 "create_view open_orders"));

    // Applied, the change is a fixpoint too.
    auto changed = orders_with("'new', 'paid', 'shipped'", "'new', 'paid', 'shipped', 'void'");
    apply_ops(*conn, check.upgrade);
    auto after = autogen::autogenerate(*conn, changed);
    INFO(listing(after));
    CHECK(after.empty());
}

TEST_CASE("asking the server costs the same few statements for 2 tables as for 30", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    auto statements_for = [&](int tables) {
        PgDatabase live(*url);
        auto conn = db::connect(live.url());
        schema::MetaData model;
        for (int i = 0; i < tables; ++i) {
            schema::Table t;
            t.name = "t" + std::to_string(i);
            t.columns.push_back({.name = "s", .type = schema::Type{"text", {}}});
            t.check_constraints.push_back({"ck_t" + std::to_string(i), "s IN ('a', 'b')"});
            model.tables.push_back(t);
        }
        create(*conn, model);
        auto before = conn->statements_executed();
        auto d = autogen::autogenerate(*conn, model);
        CHECK(d.empty());
        return conn->statements_executed() - before;
    };
    CHECK(statements_for(2) == statements_for(30));
}

TEST_CASE("a read-only transaction or a type only the target has falls back to comparing texts, without failing",
          "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url);
    auto conn = db::connect(live.url());
    create(*conn, orders());

    conn->execute_script("BEGIN READ ONLY");
    autogen::Diff d;
    CHECK_NOTHROW(d = autogen::autogenerate(*conn, orders()));
    CHECK_FALSE(d.empty()); // the texts differ, and nothing could be asked
    conn->execute_script("ROLLBACK");

    // A column type the server does not know: that table is compared by text, the others not.
    auto model = orders();
    schema::Table other;
    other.name = "other";
    other.columns.push_back({.name = "s", .type = schema::Type{"text", {}}});
    other.check_constraints.push_back({"ck_other", "s IN ('x', 'y')"});
    model.tables.push_back(other);
    apply_ops(*conn, autogen::autogenerate(*conn, model).upgrade);
    model.tables.back().columns.push_back({.name = "w", .type = schema::Type{"no_such_type", {}}});
    auto mixed = autogen::autogenerate(*conn, model);
    INFO(listing(mixed));
    CHECK(has_op(mixed, "add_column other.w"));
    CHECK(has_op(mixed, "create_check_constraint ck_other on other"));
    CHECK_FALSE(has_op(mixed, "create_check_constraint ck_status on orders"));
}

TEST_CASE("an index with the same definition under a new name is renamed in place on PostgreSQL", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url);
    auto conn = db::connect(live.url());
    create(*conn, orders());
    auto renamed = orders_with("\"ix_orders_open\"", "\"orders_open_idx\"");
    auto d = autogen::autogenerate(*conn, renamed);
    INFO(listing(d));
    REQUIRE(autogen::describe(d) == std::vector<std::string>{"rename_index ix_orders_open to orders_open_idx on orders"});
    CHECK(d.warnings.empty());
    auto sql = ops::render_statements(d.upgrade, dialect::dialect_for(db::Backend::postgresql));
    REQUIRE(sql.size() == 1);
    CHECK(sql[0].sql == "ALTER INDEX \"ix_orders_open\" RENAME TO \"orders_open_idx\"");
    apply_ops(*conn, d.upgrade);
    CHECK(autogen::autogenerate(*conn, renamed).empty());
    apply_ops(*conn, d.downgrade);
    CHECK(autogen::autogenerate(*conn, orders()).empty());
}

TEST_CASE("a hand-written 23-table schema as a JSON target gives no ops against the database its SQL built",
          "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    std::filesystem::path data = std::filesystem::path(MIGRATE_SOURCE_DIR) / "tests/autogen/data";
    auto target = autogen::load_target(data / "hand_written_pg.json", {});
    std::ifstream in(data / "hand_written_pg.sql", std::ios::binary);
    std::string sql((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

    PgDatabase from_sql(*url);
    auto conn = db::connect(from_sql.url());
    conn->execute_script(sql);
    auto d = autogen::autogenerate(*conn, target.metadata);
    INFO(listing(d));
    CHECK(d.empty());
    CHECK(d.warnings.empty());
    autogen::CompareOptions textual;
    textual.target_as_stored = true;
    CHECK(autogen::autogenerate(*conn, target.metadata, textual).upgrade.size() > 50); // what it saves

    // Built from the JSON target's own revision instead: a fixpoint as well.
    PgDatabase from_json(*url);
    auto fresh = db::connect(from_json.url());
    create(*fresh, target.metadata);
    auto again = autogen::autogenerate(*fresh, target.metadata);
    INFO(listing(again));
    CHECK(again.empty());
}

TEST_CASE("an enum only the target has is created for the asking, so its table's expressions are no noise",
          "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    PgDatabase live(*url);
    auto conn = db::connect(live.url());
    create(*conn, orders());
    auto model = orders_with(R"("enums": [)", R"("enums": [{"name": "color", "values": ["red", "blue"]}, )");
    model.tables[0].columns.push_back({.name = "color", .type = schema::Type{"color", {}}});
    model.tables[0].check_constraints.push_back({"ck_color", "color IN ('red', 'blue')"});
    auto d = autogen::autogenerate(*conn, model);
    INFO(listing(d));
    CHECK(autogen::describe(d) == std::vector<std::string>{"create_enum color", "add_column orders.color",
                                                           "create_check_constraint ck_color on orders"});
    apply_ops(*conn, d.upgrade);
    auto again = autogen::autogenerate(*conn, model);
    INFO(listing(again));
    CHECK(again.empty());
}
