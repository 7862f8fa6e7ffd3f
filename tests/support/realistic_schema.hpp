// A realistic schema (an online bookshop, 24 tables) for round-trip and autogenerate tests:
// composite keys, self and circular FKs, partial and expression indexes, checks, enums, views,
// sequences, identity, server defaults and comments, each where the dialect has them.
// Expressions are written as the database spells them back (PostgreSQL's pg_get_expr /
// pg_get_viewdef form), so normalise(model) == reflect(apply(render(model))).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <migrate/db/url.hpp>
#include <migrate/schema/model.hpp>

namespace migrate::test {

namespace realistic_detail {

inline schema::Column col(std::string name, const std::string& type, bool nullable = true,
                          std::optional<std::string> server_default = {}) {
    schema::Column c;
    c.name = std::move(name);
    c.type = schema::Type::parse(type);
    c.nullable = nullable;
    c.server_default = std::move(server_default);
    return c;
}

inline schema::Column key(std::string name, const std::string& type = "integer") { return col(std::move(name), type, false); }

inline schema::Column serial_key(const std::string& type = "bigint") {
    auto c = key("id", type);
    c.autoincrement = true;
    return c;
}

inline schema::ForeignKey fk(std::vector<std::string> columns, std::string ref_table, std::vector<std::string> ref_columns,
                             schema::FkAction on_delete = schema::FkAction::no_action,
                             std::optional<std::string> name = std::nullopt) {
    schema::ForeignKey f;
    f.name = std::move(name);
    f.columns = std::move(columns);
    f.ref_table = std::move(ref_table);
    f.ref_columns = std::move(ref_columns);
    f.on_delete = on_delete;
    return f;
}

inline schema::Table table(std::string name, std::vector<schema::Column> columns, std::vector<std::string> pk) {
    schema::Table t;
    t.name = std::move(name);
    t.columns = std::move(columns);
    if (!pk.empty()) t.primary_key = schema::PrimaryKey{std::nullopt, std::move(pk)};
    return t;
}

} // namespace realistic_detail

// Schemas to pass to ReflectOptions::schemas to read the whole model back.
inline std::vector<std::string> realistic_schema_names(db::Backend backend) {
    if (backend == db::Backend::sqlite) return {"public"};
    return {"public", "audit"};
}

inline schema::MetaData realistic_schema(db::Backend backend) {
    using namespace realistic_detail;
    using schema::FkAction;
    const bool pg = backend == db::Backend::postgresql;
    schema::MetaData m;
    auto enum_or_text = [&](const std::string& name) { return pg ? name : std::string("varchar(20)"); };
    auto add = [&](schema::Table t) -> schema::Table& { return m.tables.emplace_back(std::move(t)); };

    if (pg) {
        m.schemas = {"audit"};
        m.enums = {{std::nullopt, "order_status", {"pending", "paid", "shipped", "cancelled"}},
                   {std::nullopt, "book_format", {"hardcover", "paperback", "ebook"}},
                   {std::nullopt, "mood", {"sad", "ok", "happy"}}};
        m.sequences = {{std::nullopt, "invoice_numbers", 1000, 1, std::nullopt, std::nullopt, false, "orders.invoice_no"},
                       {std::nullopt, "ticket_numbers", -10, -1, -1000, -1, true, std::nullopt}};
    }

    add(table("countries", {key("code", "char(2)"), col("name", "varchar(100)", false)}, {"code"}))
        .unique_constraints = {{"uq_country_name", {"name"}}};

    {
        auto& t = add(table("users",
                            {serial_key(), col("email", "text", false), col("display_name", "varchar(80)"),
                             col("country_code", "char(2)"), col("referred_by", "bigint"),
                             col("created_at", "timestamptz", false, pg ? "now()" : "CURRENT_TIMESTAMP"),
                             col("deleted_at", "timestamptz")},
                            {"id"}));
        t.columns[2].collation = pg ? "C" : "NOCASE";
        t.foreign_keys = {fk({"country_code"}, "countries", {"code"}),
                          fk({"referred_by"}, "users", {"id"}, FkAction::set_null, "users_referrer")};
        t.indexes = {{"ux_users_email_live", {{"lower(email)", true, false}}, true, "deleted_at IS NULL", std::nullopt},
                     {"ix_users_created", {{"created_at", false, true}}, false, std::nullopt, std::nullopt}};
        if (pg) {
            t.comment = "customers and staff";
            t.columns[1].comment = "login; unique among live users";
        }
    }
    add(table("user_profiles", {key("user_id", "bigint"), col("bio", "text"), col("birthday", "date"),
                                col("mood", enum_or_text("mood"), true, "'ok'")},
              {"user_id"}))
        .foreign_keys = {fk({"user_id"}, "users", {"id"}, FkAction::cascade)};
    add(table("authors", {serial_key("integer"), col("name", "varchar(200)", false), col("born", "date"),
                          col("country_code", "char(2)")},
              {"id"}))
        .foreign_keys = {fk({"country_code"}, "countries", {"code"})};
    {
        auto& t = add(table("publishers", {serial_key("integer"), col("name", "varchar(200)", false),
                                           col("founded", "smallint")},
                            {"id"}));
        t.unique_constraints = {{std::nullopt, {"name"}}};
        t.check_constraints = {{"publisher_founded", "founded > 1400"}};
    }
    {
        auto& t = add(table("books",
                            {serial_key(), col("isbn", "char(13)", false), col("title", "text", false),
                             col("publisher_id", "integer"), col("price", "numeric(10,2)", false, "0"),
                             col("published", "date"), col("format", enum_or_text("book_format"), false, "'paperback'"),
                             col("created_at", "timestamp", false, "CURRENT_TIMESTAMP"), col("extra", pg ? "jsonb" : "json")},
                            {"id"}));
        t.unique_constraints = {{"uq_books_isbn", {"isbn"}}};
        t.check_constraints = {{"books_price_positive", pg ? "price >= (0)::numeric" : "price >= 0"}};
        t.foreign_keys = {fk({"publisher_id"}, "publishers", {"id"}, FkAction::restrict)};
        t.indexes = {{"ix_books_title", {{"title", false, false}}, false, std::nullopt, std::nullopt},
                     {"ix_books_published_title", {{"published", false, true}, {"title", false, false}}, false,
                      "published IS NOT NULL", std::nullopt}};
        if (pg) {
            t.indexes.push_back({"ix_books_extra", {{"extra", false, false}}, false, std::nullopt, "gin"});
            t.comment = "the catalogue";
            t.columns[4].comment = "list price in EUR";
        }
    }
    add(table("book_authors", {key("book_id", "bigint"), key("author_id"), col("position", "smallint", false, "1")},
              {"book_id", "author_id"}))
        .foreign_keys = {fk({"book_id"}, "books", {"id"}, FkAction::cascade), fk({"author_id"}, "authors", {"id"})};
    {
        auto& t = add(table("tags", {serial_key("integer"), col("name", "varchar(50)", false), col("parent_id", "integer")}, {"id"}));
        t.unique_constraints = {{std::nullopt, {"name"}}};
        t.foreign_keys = {fk({"parent_id"}, "tags", {"id"}, FkAction::set_null)};
    }
    add(table("book_tags", {key("book_id", "bigint"), key("tag_id")}, {"book_id", "tag_id"}))
        .foreign_keys = {fk({"book_id"}, "books", {"id"}, FkAction::cascade), fk({"tag_id"}, "tags", {"id"}, FkAction::cascade)};
    add(table("warehouses", {serial_key("integer"), col("code", "varchar(10)", false), col("city", "text")}, {"id"}))
        .unique_constraints = {{"uq_warehouse_code", {"code"}}};
    {
        auto& t = add(table("inventory", {key("warehouse_id"), key("book_id", "bigint"), col("quantity", "integer", false, "0")},
                            {"warehouse_id", "book_id"}));
        t.primary_key->name = "inventory_pk";
        t.check_constraints = {{"inventory_quantity_check", "quantity >= 0"}};
        t.foreign_keys = {fk({"warehouse_id"}, "warehouses", {"id"}), fk({"book_id"}, "books", {"id"})};
    }
    {
        auto& t = add(table("orders",
                            {serial_key(), col("public_id", "uuid", false, pg ? std::optional<std::string>("gen_random_uuid()") : std::nullopt),
                             col("user_id", "bigint", false), col("status", enum_or_text("order_status"), false, "'pending'"),
                             col("placed_at", "timestamptz", false, pg ? "now()" : "CURRENT_TIMESTAMP"),
                             col("invoice_no", "bigint", true, pg ? std::optional<std::string>("nextval('invoice_numbers')") : std::nullopt),
                             col("current_shipment_id", "bigint")},
                            {"id"}));
        auto cycle = fk({"current_shipment_id"}, "shipments", {"id"}, FkAction::set_null, "orders_current_shipment");
        cycle.deferrable = cycle.initially_deferred = true;
        t.foreign_keys = {fk({"user_id"}, "users", {"id"}), cycle};
        t.unique_constraints = {{"uq_orders_public_id", {"public_id"}}};
        t.indexes = {{"ix_orders_open", {{"user_id", false, false}, {"placed_at", false, true}}, false,
                      pg ? "status = 'pending'::order_status" : "status = 'pending'", std::nullopt}};
        if (pg) t.comment = "one checkout";
    }
    {
        auto& t = add(table("order_lines", {key("order_id", "bigint"), key("line_no", "smallint"), col("book_id", "bigint", false),
                                            col("quantity", "integer", false, "1"), col("unit_price", "numeric(10,2)", false)},
                            {"order_id", "line_no"}));
        t.check_constraints = {{"order_lines_quantity_check", "quantity > 0"}};
        t.foreign_keys = {fk({"order_id"}, "orders", {"id"}, FkAction::cascade), fk({"book_id"}, "books", {"id"})};
        t.indexes = {{"ix_order_lines_book", {{"book_id", false, false}}, false, std::nullopt, std::nullopt}};
    }
    add(table("shipments", {serial_key(), col("order_id", "bigint", false), col("shipped_at", "timestamptz"),
                            col("carrier", "varchar(40)")},
              {"id"}))
        .foreign_keys = {fk({"order_id"}, "orders", {"id"}, FkAction::cascade)};
    add(table("payments", {serial_key(), col("order_id", "bigint", false), col("amount", "numeric(12,2)", false),
                           col("method", "varchar(20)", false), col("paid_at", "timestamptz")},
              {"id"}))
        .foreign_keys = {fk({"order_id"}, "orders", {"id"})};
    {
        auto& t = add(table("reviews", {serial_key(), col("book_id", "bigint", false), col("user_id", "bigint", false),
                                        col("rating", "smallint", false), col("body", "text")},
                            {"id"}));
        t.unique_constraints = {{"uq_review_once", {"book_id", "user_id"}}};
        t.check_constraints = {{"reviews_rating_range", "(rating >= 1) AND (rating <= 5)"}};
        t.foreign_keys = {fk({"book_id"}, "books", {"id"}, FkAction::cascade), fk({"user_id"}, "users", {"id"}, FkAction::cascade)};
    }
    add(table("wishlists", {key("user_id", "bigint"), key("book_id", "bigint"),
                            col("added_at", "timestamp", false, "CURRENT_TIMESTAMP")},
              {"user_id", "book_id"}))
        .foreign_keys = {fk({"user_id"}, "users", {"id"}, FkAction::cascade), fk({"book_id"}, "books", {"id"}, FkAction::cascade)};
    {
        auto& t = add(table("coupons", {key("code", "varchar(32)"), col("percent_off", "smallint", false), col("valid_until", "date")},
                            {"code"}));
        t.check_constraints = {{"coupons_percent", "(percent_off > 0) AND (percent_off <= 100)"}};
    }
    add(table("order_coupons", {key("order_id", "bigint"), key("coupon_code", "varchar(32)")}, {"order_id", "coupon_code"}))
        .foreign_keys = {fk({"order_id"}, "orders", {"id"}, FkAction::cascade), fk({"coupon_code"}, "coupons", {"code"})};
    {
        auto& t = add(table("departments", {serial_key("integer"), col("name", "text", false), col("head_employee_id", "integer")},
                            {"id"}));
        t.foreign_keys = {fk({"head_employee_id"}, "employees", {"id"}, FkAction::set_null, "departments_head")};
    }
    {
        auto& t = add(table("employees", {serial_key("integer"), col("name", "text", false), col("email", "text", false),
                                          col("manager_id", "integer"), col("department_id", "integer")},
                            {"id"}));
        t.unique_constraints = {{std::nullopt, {"email"}}};
        t.foreign_keys = {fk({"manager_id"}, "employees", {"id"}), fk({"department_id"}, "departments", {"id"})};
    }
    add(table("price_history", {key("book_id", "bigint"), key("valid_from", "date"), col("price", "numeric(10,2)", false)},
              {"book_id", "valid_from"}))
        .foreign_keys = {fk({"book_id"}, "books", {"id"}, FkAction::cascade)};
    {
        auto& t = add(table("support_tickets", {key("id", "bigint"), col("user_id", "bigint"), col("subject", "text", false),
                                                col("opened_at", "timestamptz", false, pg ? "now()" : "CURRENT_TIMESTAMP")},
                            {"id"}));
        if (pg) t.columns[0].server_default = "nextval('ticket_numbers')";
        t.foreign_keys = {fk({"user_id"}, "users", {"id"}, FkAction::set_null)};
    }
    {
        auto& t = add(table("audit_log", {serial_key(), col("occurred_at", "timestamptz", false, pg ? "now()" : "CURRENT_TIMESTAMP"),
                                          col("actor_id", "bigint"), col("action", "text", false), col("payload", pg ? "jsonb" : "json")},
                            {"id"}));
        if (pg) {
            t.schema = "audit";
            t.columns[0].autoincrement = false;
            t.columns[0].identity = schema::Identity::always;
            t.indexes = {{"ix_audit_payload", {{"payload", false, false}}, false, std::nullopt, "gin"}};
        }
        t.indexes.push_back({"ix_audit_occurred", {{"occurred_at", false, true}}, false, std::nullopt, std::nullopt});
        t.foreign_keys = {fk({"actor_id"}, "users", {"id"}, FkAction::set_null)};
    }

    if (pg) {
        m.views = {{std::nullopt, "bestsellers",
                    "SELECT b.id, b.title, sum(l.quantity) AS sold FROM (books b JOIN order_lines l ON ((l.book_id = b.id))) "
                    "GROUP BY b.id, b.title"},
                   {std::nullopt, "live_users", "SELECT users.id, users.email FROM users WHERE (users.deleted_at IS NULL)"}};
    } else {
        m.views = {{std::nullopt, "bestsellers",
                    "SELECT b.id, b.title, sum(l.quantity) AS sold FROM books b JOIN order_lines l ON l.book_id = b.id "
                    "GROUP BY b.id, b.title"},
                   {std::nullopt, "live_users", "SELECT id, email FROM users WHERE deleted_at IS NULL"}};
    }
    return m;
}

} // namespace migrate::test
