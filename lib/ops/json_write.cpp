// Writing ops as JSON, in the shape op_from_json reads, keys in an order a person reads well.
#include <migrate/ops/json.hpp>

#include <algorithm>
#include <array>
#include <string_view>

namespace migrate::ops {

using Json = nlohmann::json;

namespace {

// Keys in the order they read best; keys not listed follow in alphabetical order.
constexpr std::array k_key_order{
    "op", "schema", "table", "name", "new_name", "column", "type", "using", "nullable",
    "server_default", "generated", "generated_stored", "identity", "autoincrement", "collation", "comment", "value", "before", "after",
    "columns", "elements", "expression", "descending", "include", "unique", "where", "method",
    "concurrently", "ref_schema", "ref_table", "ref_columns", "on_delete", "on_update", "deferrable",
    "initially_deferred", "primary_key", "foreign_keys", "unique_constraints", "check_constraints",
    "indexes", "strict", "without_rowid", "values", "start", "increment", "min_value", "max_value", "cycle", "owned_by",
    "definition", "old_definition", "existing_type", "existing_nullable", "existing_server_default",
    "existing_comment", "existing_collation", "sql", "dialect", "rows", "not_valid", "online", "set", "key",
    "batch_size"};

nlohmann::ordered_json ordered(const Json& j, bool keep_keys_as_is = false) {
    if (j.is_array()) {
        auto out = nlohmann::ordered_json::array();
        for (const auto& item : j) out.push_back(ordered(item, keep_keys_as_is));
        return out;
    }
    if (!j.is_object()) return nlohmann::ordered_json(j);
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    if (!keep_keys_as_is)
        for (const char* key : k_key_order)
            if (auto it = j.find(key); it != j.end()) out[key] = ordered(*it, std::string_view(key) == "rows");
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!out.contains(it.key())) out[it.key()] = keep_keys_as_is ? nlohmann::ordered_json(it.value()) : ordered(it.value());
    return out;
}

void put(Json& j, const char* key, const std::optional<std::string>& v) {
    if (v) j[key] = *v;
}

void put_change(Json& j, const char* key, const Change<std::string>& v) {
    if (v) j[key] = *v ? Json(**v) : Json(nullptr);
}

// A schema object written inline: its keys merged into the op's.
void merge(Json& j, const Json& object) {
    for (auto it = object.begin(); it != object.end(); ++it) j[it.key()] = it.value();
}

Json table_json(const schema::Table& t) {
    Json tj = t;
    Json j = Json::object();
    merge(j, tj);
    j.erase("name");
    j["table"] = t.name;
    return j;
}

Json write(const CreateTable& o) { return table_json(o.table); }

Json write(const DropTable& o) {
    if (o.definition) return table_json(*o.definition);
    Json j = Json::object();
    put(j, "schema", o.schema);
    j["table"] = o.table;
    return j;
}

Json table_op(const std::optional<std::string>& schema, const std::string& table) {
    Json j = Json::object();
    put(j, "schema", schema);
    j["table"] = table;
    return j;
}

Json write(const RenameTable& o) {
    Json j = table_op(o.schema, o.table);
    j["new_name"] = o.new_name;
    return j;
}

Json write(const SetTableComment& o) {
    Json j = table_op(o.schema, o.table);
    j["comment"] = o.comment ? Json(*o.comment) : Json(nullptr);
    put_change(j, "existing_comment", o.existing_comment);
    return j;
}

Json write(const AddColumn& o) {
    Json j = table_op(o.schema, o.table);
    j["column"] = o.column;
    return j;
}

Json write(const DropColumn& o) {
    Json j = table_op(o.schema, o.table);
    j["column"] = o.definition ? Json(*o.definition) : Json(o.column);
    return j;
}

Json write(const AlterColumn& o) {
    Json j = table_op(o.schema, o.table);
    j["column"] = o.column;
    if (o.type) j["type"] = *o.type;
    put(j, "using", o.using_expr);
    if (o.nullable) j["nullable"] = *o.nullable;
    put_change(j, "server_default", o.server_default);
    put_change(j, "comment", o.comment);
    put_change(j, "collation", o.collation);
    put(j, "new_name", o.new_name);
    if (o.existing_type) j["existing_type"] = *o.existing_type;
    if (o.existing_nullable) j["existing_nullable"] = *o.existing_nullable;
    put_change(j, "existing_server_default", o.existing_server_default);
    put_change(j, "existing_comment", o.existing_comment);
    put_change(j, "existing_collation", o.existing_collation);
    if (o.online) j["online"] = true;
    return j;
}

Json write(const SetColumnComment& o) {
    Json j = table_op(o.schema, o.table);
    j["column"] = o.column;
    j["comment"] = o.comment ? Json(*o.comment) : Json(nullptr);
    put_change(j, "existing_comment", o.existing_comment);
    return j;
}

Json write(const CreateIndex& o) {
    Json j = table_op(o.schema, o.table);
    merge(j, o.index);
    if (o.concurrently) j["concurrently"] = true;
    return j;
}

Json write(const DropIndex& o) {
    Json j = table_op(o.schema, o.table);
    if (o.definition) merge(j, *o.definition);
    j["name"] = o.name;
    if (o.concurrently) j["concurrently"] = true;
    return j;
}

Json write(const RenameIndex& o) {
    Json j = table_op(o.schema, o.table);
    if (o.definition) merge(j, *o.definition);
    j["name"] = o.name;
    j["new_name"] = o.new_name;
    return j;
}

template <class Create>
    requires requires(const Create& c) { c.constraint; }
Json write(const Create& o) {
    Json j = table_op(o.schema, o.table);
    merge(j, o.constraint);
    if constexpr (requires { o.not_valid; })
        if (o.not_valid) j["not_valid"] = true;
    return j;
}

Json write(const ValidateConstraint& o) {
    Json j = table_op(o.schema, o.table);
    j["name"] = o.name;
    return j;
}

Json write(const Backfill& o) {
    Json j = table_op(o.schema, o.table);
    j["set"] = o.set;
    j["key"] = o.key;
    put(j, "where", o.where);
    j["batch_size"] = o.batch_size;
    return j;
}

Json write(const DropConstraint& o) {
    Json j = table_op(o.schema, o.table);
    if (o.definition) std::visit([&](const auto& c) { merge(j, c); }, *o.definition);
    if (!o.name.empty()) j["name"] = o.name;
    j["type"] = std::string(to_string(o.type));
    return j;
}

Json write(const CreateEnum& o) { return o.type; }

Json write(const DropEnum& o) {
    Json j = Json::object();
    put(j, "schema", o.schema);
    j["name"] = o.name;
    if (o.values) j["values"] = *o.values;
    return j;
}

Json write(const AddEnumValue& o) {
    Json j = Json::object();
    put(j, "schema", o.schema);
    j["name"] = o.name;
    j["value"] = o.value;
    put(j, "before", o.before);
    put(j, "after", o.after);
    return j;
}

Json write(const CreateSequence& o) { return o.sequence; }
Json write(const DropSequence& o) { return o.sequence; }
Json write(const CreateView& o) { return o.view; }

Json write(const ReplaceView& o) {
    Json j = o.view;
    put(j, "old_definition", o.old_definition);
    return j;
}

Json write(const DropView& o) {
    Json j = Json::object();
    put(j, "schema", o.schema);
    j["name"] = o.name;
    put(j, "definition", o.definition);
    return j;
}

Json write(const Sql& o) {
    Json j = Json::object();
    j["sql"] = o.sql;
    put(j, "dialect", o.dialect);
    return j;
}

Json write(const BulkInsert& o) {
    Json j = table_op(o.schema, o.table);
    j["rows"] = o.rows;
    return j;
}

} // namespace

nlohmann::ordered_json op_to_json(const Op& op) {
    Json j = std::visit([](const auto& o) { return write(o); }, op);
    j["op"] = std::string(op_name(op));
    return ordered(j);
}

void to_json(nlohmann::ordered_json& j, const Op& op) { j = op_to_json(op); }
void to_json(nlohmann::json& j, const Op& op) { j = Json(op_to_json(op)); }

} // namespace migrate::ops
