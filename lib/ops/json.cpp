// Reading ops from JSON. Schema objects (a table, a column, an index, a constraint) are written
// inline in the op and read by the schema layer, so both formats stay one format.
#include <migrate/ops/json.hpp>

#include <algorithm>
#include <functional>
#include <map>

#include <migrate/ops/detail/json_fields.hpp>

namespace migrate::ops {

using detail::Fields;
using detail::Json;
using schema::JsonFieldError;

namespace {

// A table written inline: the op's "table" is the table's "name".
schema::Table inline_table(Fields& f) {
    if (f.has("name")) throw JsonFieldError(f.path_of("name"), "unknown field (the table's name goes in \"table\")");
    auto table = f.required_string("table");
    Json t = f.rest({"op", "table"});
    t["name"] = table;
    schema::Table out;
    schema::from_json(t, out, f.path());
    return out;
}

template <class T>
T inline_object(Fields& f, std::initializer_list<const char*> own) {
    T out{};
    schema::from_json(f.rest(own), out, f.path());
    return out;
}

std::vector<std::string> string_list(const Json& j, const std::string& path) {
    if (!j.is_array()) throw JsonFieldError(path, std::string("expected an array, got ") + j.type_name());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < j.size(); ++i) {
        if (!j[i].is_string())
            throw JsonFieldError(schema::index_path(path, i),
                                 std::string("expected a string, got ") + j[i].type_name());
        out.push_back(j[i].get<std::string>());
    }
    return out;
}

ConstraintType constraint_type_from(const std::string& text, const std::string& path) {
    for (auto t : {ConstraintType::unique, ConstraintType::foreign_key, ConstraintType::check,
                   ConstraintType::primary_key})
        if (to_string(t) == text) return t;
    throw JsonFieldError(path, "unknown constraint type \"" + text +
                                   "\" (expected unique, foreign_key, check or primary_key)");
}

Op read_create_table(Fields& f) { return CreateTable{inline_table(f)}; }

// A drop written with keys beyond its own carries a definition, which must then have its
// required key; otherwise the first extra key is simply unknown (a typo, not a definition).
void require_definition_key(Fields& f, const char* key, std::initializer_list<const char*> own) {
    if (f.has(key)) return;
    f.finish_except(own);
}

Op read_drop_table(Fields& f) {
    DropTable o;
    if (f.has_more_than({"op", "table", "schema"})) {
        require_definition_key(f, "columns", {"op", "table", "schema"});
        o.definition = inline_table(f);
        o.table = o.definition->name;
        o.schema = o.definition->schema;
        return o;
    }
    o.table = f.required_string("table");
    o.schema = f.optional_string("schema");
    return o;
}

Op read_rename_table(Fields& f) {
    return RenameTable{f.optional_string("schema"), f.required_string("table"), f.required_string("new_name")};
}

Op read_set_table_comment(Fields& f) {
    SetTableComment o;
    o.schema = f.optional_string("schema");
    o.table = f.required_string("table");
    f.required("comment");
    o.comment = *f.change_string("comment");
    o.existing_comment = f.change_string("existing_comment");
    return o;
}

Op read_add_column(Fields& f) {
    return AddColumn{f.optional_string("schema"), f.required_string("table"),
                     f.required_object<schema::Column>("column")};
}

Op read_drop_column(Fields& f) {
    DropColumn o;
    o.schema = f.optional_string("schema");
    o.table = f.required_string("table");
    if (const Json& c = f.required("column"); c.is_object()) {
        o.definition = f.required_object<schema::Column>("column");
        o.column = o.definition->name;
    } else {
        o.column = f.required_string("column");
    }
    return o;
}

Op read_alter_column(Fields& f) {
    AlterColumn o;
    o.schema = f.optional_string("schema");
    o.table = f.required_string("table");
    o.column = f.required_string("column");
    o.type = f.optional_object<schema::Type>("type");
    o.using_expr = f.optional_string("using");
    o.nullable = f.optional_bool("nullable");
    o.server_default = f.change_string("server_default");
    o.comment = f.change_string("comment");
    o.collation = f.change_string("collation");
    if (f.has("new_name")) o.new_name = f.required_string("new_name");
    o.existing_type = f.optional_object<schema::Type>("existing_type");
    o.existing_nullable = f.optional_bool("existing_nullable");
    o.existing_server_default = f.change_string("existing_server_default");
    o.existing_comment = f.change_string("existing_comment");
    o.existing_collation = f.change_string("existing_collation");
    o.online = f.flag("online");
    if (o.online && (o.nullable != false || o.type || o.server_default || o.collation || o.new_name || o.comment))
        throw JsonFieldError(f.path_of("online"), "applies to \"nullable\": false alone (SET NOT NULL done online); "
                                                  "put the other changes in an alter_column of their own");
    if (o.using_expr && !o.type) throw JsonFieldError(f.path_of("using"), "only allowed with \"type\"");
    if (!o.changes_anything())
        throw JsonFieldError(f.path_of("op"), "alter_column changes nothing (give type, nullable, "
                                              "server_default, comment, collation or new_name)");
    return o;
}

Op read_set_column_comment(Fields& f) {
    SetColumnComment o;
    o.schema = f.optional_string("schema");
    o.table = f.required_string("table");
    o.column = f.required_string("column");
    f.required("comment");
    o.comment = *f.change_string("comment");
    o.existing_comment = f.change_string("existing_comment");
    return o;
}

Op read_create_index(Fields& f) {
    CreateIndex o;
    o.schema = f.optional_string("schema");
    o.table = f.required_string("table");
    o.concurrently = f.flag("concurrently");
    o.index = inline_object<schema::Index>(f, {"op", "table", "schema", "concurrently"});
    return o;
}

Op read_drop_index(Fields& f) {
    DropIndex o;
    o.schema = f.optional_string("schema");
    o.table = f.required_string("table");
    o.name = f.required_string("name");
    o.concurrently = f.flag("concurrently");
    if (f.has_more_than({"op", "table", "schema", "name", "concurrently"})) {
        require_definition_key(f, "elements", {"op", "table", "schema", "name", "concurrently"});
        o.definition = inline_object<schema::Index>(f, {"op", "table", "schema", "concurrently"});
    }
    return o;
}

Op read_rename_index(Fields& f) {
    RenameIndex o;
    o.schema = f.optional_string("schema");
    o.table = f.required_string("table");
    o.name = f.required_string("name");
    o.new_name = f.required_string("new_name");
    if (f.has_more_than({"op", "table", "schema", "name", "new_name"})) {
        require_definition_key(f, "elements", {"op", "table", "schema", "name", "new_name"});
        o.definition = inline_object<schema::Index>(f, {"op", "table", "schema", "new_name"});
    }
    return o;
}

template <class Create, class Constraint>
Op read_create_constraint(Fields& f) {
    Create o;
    o.schema = f.optional_string("schema");
    o.table = f.required_string("table");
    if constexpr (requires { o.not_valid; }) {
        o.not_valid = f.flag("not_valid");
        o.constraint = inline_object<Constraint>(f, {"op", "table", "schema", "not_valid"});
    } else {
        o.constraint = inline_object<Constraint>(f, {"op", "table", "schema"});
    }
    return o;
}

Op read_validate_constraint(Fields& f) {
    return ValidateConstraint{f.optional_string("schema"), f.required_string("table"), f.required_string("name")};
}

Op read_backfill(Fields& f) {
    Backfill o;
    o.schema = f.optional_string("schema");
    o.table = f.required_string("table");
    const Json& set = f.required("set");
    if (!set.is_object() || set.empty())
        throw JsonFieldError(f.path_of("set"), std::string("expected an object of column: SQL expression with at least "
                                                           "one column, got ") +
                                                   (set.is_object() ? "an empty object" : set.type_name()));
    for (const auto& [column, expression] : set.items()) {
        if (!expression.is_string() || expression.get_ref<const std::string&>().empty())
            throw JsonFieldError(schema::join_path(f.path_of("set"), column),
                                 "expected the column's new value as an SQL expression (a non-empty string)");
        o.set[column] = expression.get<std::string>();
    }
    o.key = f.required_string("key");
    o.where = f.optional_string("where");
    if (const Json* size = f.find("batch_size")) {
        if (!size->is_number_integer() || size->get<std::int64_t>() < 1)
            throw JsonFieldError(f.path_of("batch_size"), "expected a number of rows of at least 1, got " + size->dump());
        o.batch_size = size->get<std::int64_t>();
    }
    return o;
}

Op read_drop_constraint(Fields& f) {
    DropConstraint o;
    o.schema = f.optional_string("schema");
    o.table = f.required_string("table");
    o.name = f.optional_string("name").value_or("");
    o.type = constraint_type_from(f.required_string("type"), f.path_of("type"));
    if (f.has_more_than({"op", "table", "schema", "name", "type"})) {
        std::initializer_list<const char*> own{"op", "table", "schema", "type"};
        switch (o.type) {
        case ConstraintType::unique: o.definition = inline_object<schema::UniqueConstraint>(f, own); break;
        case ConstraintType::foreign_key: o.definition = inline_object<schema::ForeignKey>(f, own); break;
        case ConstraintType::check: o.definition = inline_object<schema::CheckConstraint>(f, own); break;
        case ConstraintType::primary_key: o.definition = inline_object<schema::PrimaryKey>(f, own); break;
        }
    }
    // Without a name the definition says which constraint (a primary key is found by its type).
    if (o.name.empty() && !o.definition && o.type != ConstraintType::primary_key)
        throw JsonFieldError(f.path_of("name"), "required: the constraint's name, or its definition (columns, and "
                                                "for a foreign key ref_table and ref_columns) when it has none");
    return o;
}

Op read_create_enum(Fields& f) { return CreateEnum{inline_object<schema::EnumType>(f, {"op"})}; }

Op read_drop_enum(Fields& f) {
    DropEnum o;
    o.schema = f.optional_string("schema");
    o.name = f.required_string("name");
    if (const Json* v = f.find("values")) o.values = string_list(*v, f.path_of("values"));
    return o;
}

Op read_add_enum_value(Fields& f) {
    AddEnumValue o;
    o.schema = f.optional_string("schema");
    o.name = f.required_string("name");
    o.value = f.required_string("value");
    o.before = f.optional_string("before");
    o.after = f.optional_string("after");
    if (o.before && o.after) throw JsonFieldError(f.path_of("after"), "not allowed together with \"before\"");
    return o;
}

Op read_create_sequence(Fields& f) { return CreateSequence{inline_object<schema::Sequence>(f, {"op"})}; }
Op read_drop_sequence(Fields& f) { return DropSequence{inline_object<schema::Sequence>(f, {"op"})}; }
Op read_create_view(Fields& f) { return CreateView{inline_object<schema::View>(f, {"op"})}; }

Op read_replace_view(Fields& f) {
    ReplaceView o;
    o.old_definition = f.optional_string("old_definition");
    o.view = inline_object<schema::View>(f, {"op", "old_definition"});
    return o;
}

Op read_drop_view(Fields& f) {
    return DropView{f.optional_string("schema"), f.required_string("name"), f.optional_string("definition")};
}

Op read_sql(Fields& f) {
    Sql o;
    o.sql = f.required_string("sql");
    o.dialect = f.optional_string("dialect");
    if (o.dialect && *o.dialect != "sqlite" && *o.dialect != "postgresql")
        throw JsonFieldError(f.path_of("dialect"), "unknown dialect \"" + *o.dialect + "\" (expected sqlite or postgresql)");
    return o;
}

Op read_bulk_insert(Fields& f) {
    BulkInsert o;
    o.schema = f.optional_string("schema");
    o.table = f.required_string("table");
    const Json& rows = f.required("rows");
    if (!rows.is_array()) throw JsonFieldError(f.path_of("rows"), std::string("expected an array, got ") + rows.type_name());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::string at = schema::index_path(f.path_of("rows"), i);
        if (!rows[i].is_object()) throw JsonFieldError(at, std::string("expected an object, got ") + rows[i].type_name());
        if (rows[i].empty()) throw JsonFieldError(at, "a row needs at least one column");
        o.rows.push_back(rows[i]);
    }
    return o;
}

using Reader = Op (*)(Fields&);

const std::vector<std::pair<std::string, Reader>>& readers() {
    static const std::vector<std::pair<std::string, Reader>> k_readers{
        {"create_table", read_create_table},
        {"drop_table", read_drop_table},
        {"rename_table", read_rename_table},
        {"set_table_comment", read_set_table_comment},
        {"add_column", read_add_column},
        {"drop_column", read_drop_column},
        {"alter_column", read_alter_column},
        {"set_column_comment", read_set_column_comment},
        {"create_index", read_create_index},
        {"drop_index", read_drop_index},
        {"rename_index", read_rename_index},
        {"create_unique_constraint", read_create_constraint<CreateUniqueConstraint, schema::UniqueConstraint>},
        {"create_foreign_key", read_create_constraint<CreateForeignKey, schema::ForeignKey>},
        {"create_check_constraint", read_create_constraint<CreateCheckConstraint, schema::CheckConstraint>},
        {"create_primary_key", read_create_constraint<CreatePrimaryKey, schema::PrimaryKey>},
        {"drop_constraint", read_drop_constraint},
        {"validate_constraint", read_validate_constraint},
        {"create_enum", read_create_enum},
        {"drop_enum", read_drop_enum},
        {"add_enum_value", read_add_enum_value},
        {"create_sequence", read_create_sequence},
        {"drop_sequence", read_drop_sequence},
        {"create_view", read_create_view},
        {"replace_view", read_replace_view},
        {"drop_view", read_drop_view},
        {"sql", read_sql},
        {"bulk_insert", read_bulk_insert},
        {"backfill", read_backfill},
    };
    return k_readers;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string unknown_op_reason(const std::string& name) {
    std::string best;
    std::size_t best_distance = 3; // suggest only close misspellings
    for (const auto& [known, reader] : readers()) {
        auto d = edit_distance(name, known);
        if (d < best_distance) best_distance = d, best = known;
    }
    return "unknown op \"" + name + "\"" + (best.empty() ? "" : " (did you mean \"" + best + "\"?)");
}

} // namespace

const std::vector<std::string>& op_names() {
    static const std::vector<std::string> k_names = [] {
        std::vector<std::string> names;
        for (const auto& [name, reader] : readers()) names.push_back(name);
        return names;
    }();
    return k_names;
}

std::map<std::string, std::string> lint_ignores(const nlohmann::json& object, const std::string& path) {
    std::map<std::string, std::string> out;
    if (!object.is_object()) return out;
    auto lint = object.find("lint");
    if (lint == object.end() || lint->is_null()) return out;
    const std::string where = schema::join_path(path, "lint");
    if (!lint->is_object()) throw JsonFieldError(where, std::string("expected an object, got ") + lint->type_name());
    for (const auto& [key, value] : lint->items())
        if (key != "ignore") throw JsonFieldError(schema::join_path(where, key), "unknown field (known: ignore)");
    auto ignore = lint->find("ignore");
    if (ignore == lint->end()) throw JsonFieldError(schema::join_path(where, "ignore"), "missing required field");
    const std::string ignore_path = schema::join_path(where, "ignore");
    if (!ignore->is_object())
        throw JsonFieldError(ignore_path, std::string("expected an object of rule: reason, got ") + ignore->type_name());
    for (const auto& [rule, reason] : ignore->items()) {
        const std::string field = schema::join_path(ignore_path, rule);
        if (!reason.is_string() || reason.get_ref<const std::string&>().empty())
            throw JsonFieldError(field, "expected the reason for ignoring the rule (a non-empty string)");
        out[rule] = reason.get<std::string>();
    }
    return out;
}

Op op_from_json(const nlohmann::json& j, const std::string& path) {
    // The lint annotation is checked here and is no part of the op itself.
    if (j.is_object() && j.contains("lint")) {
        lint_ignores(j, path);
        nlohmann::json rest = j;
        rest.erase("lint");
        return op_from_json(rest, path);
    }
    Fields f(j, path);
    std::string name = f.required_string("op");
    const auto& all = readers();
    auto it = std::find_if(all.begin(), all.end(), [&](const auto& r) { return r.first == name; });
    if (it == all.end()) throw JsonFieldError(f.path_of("op"), unknown_op_reason(name));
    Op op = it->second(f);
    f.finish();
    return op;
}

void from_json(const nlohmann::json& j, Op& op) { op = op_from_json(j); }

} // namespace migrate::ops
