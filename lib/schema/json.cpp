// JSON (de)serialisation of the schema model: compact on the way out, strict on the way in.
#include <migrate/schema/json.hpp>

#include <migrate/schema/json_fields.hpp>

#include <cstdint>
#include <limits>
#include <set>

namespace migrate::schema {
namespace {


void read(const Json& j, std::string& out, const std::string& path) {
    if (!j.is_string()) throw JsonFieldError(path, "expected a string, got " + std::string(j.type_name()));
    out = j.get<std::string>();
}
void read(const Json& j, bool& out, const std::string& path) {
    if (!j.is_boolean()) throw JsonFieldError(path, "expected true or false, got " + std::string(j.type_name()));
    out = j.get<bool>();
}
void read(const Json& j, std::int64_t& out, const std::string& path) {
    if (!j.is_number_integer()) throw JsonFieldError(path, "expected an integer, got " + std::string(j.type_name()));
    if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        throw JsonFieldError(path, "integer out of range");
    out = j.get<std::int64_t>();
}
void read(const Json& j, FkAction& out, const std::string& path) {
    std::string s;
    read(j, s, path);
    out = fk_action_from_string(s, path);
}
void read(const Json& j, Identity& out, const std::string& path) {
    std::string s;
    read(j, s, path);
    out = identity_from_string(s, path);
}
template <class T>
    requires requires(const Json& j, T& v, const std::string& p) { from_json(j, v, p); }
void read(const Json& j, T& out, const std::string& path) {
    from_json(j, out, path);
}
template <class T>
void read(const Json& j, std::vector<T>& out, const std::string& path) {
    if (!j.is_array()) throw JsonFieldError(path, "expected an array, got " + std::string(j.type_name()));
    out.clear();
    out.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
        T item{};
        read(j[i], item, index_path(path, i));
        out.push_back(std::move(item));
    }
}
template <class T>
void read(const Json& j, std::optional<T>& out, const std::string& path) {
    if (j.is_null()) {
        out.reset();
        return;
    }
    T item{};
    read(j, item, path);
    out = std::move(item);
}

// JsonFields with the typed reads of the schema model.
class ObjectReader : public JsonFields {
public:
    using JsonFields::JsonFields;
    template <class T>
    void required(const std::string& key, T& out) {
        read(JsonFields::required(key), out, path_of(key));
    }
    template <class T>
    void optional(const std::string& key, T& out) {
        if (const Json* v = find(key)) read(*v, out, path_of(key));
    }
};

template <class T>
void put_optional(Json& j, const char* key, const std::optional<T>& v) {
    if (v) j[key] = *v;
}
template <class T>
void put_nonempty(Json& j, const char* key, const std::vector<T>& v) {
    if (!v.empty()) j[key] = v;
}

} // namespace

std::string to_string(FkAction action) {
    switch (action) {
    case FkAction::no_action: return "no action";
    case FkAction::restrict: return "restrict";
    case FkAction::cascade: return "cascade";
    case FkAction::set_null: return "set null";
    case FkAction::set_default: return "set default";
    }
    return "no action";
}

std::string to_string(Identity identity) {
    switch (identity) {
    case Identity::none: return "none";
    case Identity::always: return "always";
    case Identity::by_default: return "by default";
    }
    return "none";
}

namespace {
std::string spaced(std::string s) {
    for (char& c : s) {
        if (c == '_') c = ' ';
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}
} // namespace

FkAction fk_action_from_string(const std::string& text, const std::string& path) {
    std::string s = spaced(text);
    for (FkAction a : {FkAction::no_action, FkAction::restrict, FkAction::cascade, FkAction::set_null, FkAction::set_default})
        if (to_string(a) == s) return a;
    throw JsonFieldError(path, "unknown action '" + text + "' (expected no action, restrict, cascade, set null or set default)");
}

Identity identity_from_string(const std::string& text, const std::string& path) {
    std::string s = spaced(text);
    for (Identity i : {Identity::none, Identity::always, Identity::by_default})
        if (to_string(i) == s) return i;
    throw JsonFieldError(path, "unknown identity '" + text + "' (expected none, always or by default)");
}

// --- to_json -------------------------------------------------------------------------------

void to_json(Json& j, const Type& v) { j = v.to_string(); }

void to_json(Json& j, const Column& v) {
    j = Json::object();
    j["name"] = v.name;
    j["type"] = v.type;
    if (!v.nullable) j["nullable"] = false;
    put_optional(j, "server_default", v.server_default);
    if (v.identity != Identity::none) j["identity"] = to_string(v.identity);
    if (v.autoincrement) j["autoincrement"] = true;
    put_optional(j, "collation", v.collation);
    put_optional(j, "comment", v.comment);
    put_optional(j, "generated", v.generated);
    if (v.generated_stored) j["generated_stored"] = true;
}

void to_json(Json& j, const PrimaryKey& v) {
    j = Json::object();
    put_optional(j, "name", v.name);
    j["columns"] = v.columns;
}

void to_json(Json& j, const ForeignKey& v) {
    j = Json::object();
    put_optional(j, "name", v.name);
    j["columns"] = v.columns;
    put_optional(j, "ref_schema", v.ref_schema);
    j["ref_table"] = v.ref_table;
    j["ref_columns"] = v.ref_columns;
    if (v.on_delete != FkAction::no_action) j["on_delete"] = to_string(v.on_delete);
    if (v.on_update != FkAction::no_action) j["on_update"] = to_string(v.on_update);
    if (v.deferrable) j["deferrable"] = true;
    if (v.initially_deferred) j["initially_deferred"] = true;
}

void to_json(Json& j, const UniqueConstraint& v) {
    j = Json::object();
    put_optional(j, "name", v.name);
    j["columns"] = v.columns;
}

void to_json(Json& j, const CheckConstraint& v) {
    j = Json::object();
    put_optional(j, "name", v.name);
    j["expression"] = v.expression;
}

void to_json(Json& j, const IndexElement& v) {
    if (!v.is_expression && !v.descending) {
        j = v.text; // the common case: a plain column name
        return;
    }
    j = Json::object();
    j[v.is_expression ? "expression" : "column"] = v.text;
    if (v.descending) j["descending"] = true;
}

void to_json(Json& j, const Index& v) {
    j = Json::object();
    j["name"] = v.name;
    j["elements"] = v.elements;
    if (v.unique) j["unique"] = true;
    put_optional(j, "where", v.where);
    put_optional(j, "method", v.method);
    put_nonempty(j, "include", v.include);
}

void to_json(Json& j, const Table& v) {
    j = Json::object();
    put_optional(j, "schema", v.schema);
    j["name"] = v.name;
    j["columns"] = v.columns;
    put_optional(j, "primary_key", v.primary_key);
    put_nonempty(j, "foreign_keys", v.foreign_keys);
    put_nonempty(j, "unique_constraints", v.unique_constraints);
    put_nonempty(j, "check_constraints", v.check_constraints);
    put_nonempty(j, "indexes", v.indexes);
    put_optional(j, "comment", v.comment);
    if (v.strict) j["strict"] = true;
    if (v.without_rowid) j["without_rowid"] = true;
}

void to_json(Json& j, const EnumType& v) {
    j = Json::object();
    put_optional(j, "schema", v.schema);
    j["name"] = v.name;
    j["values"] = v.values;
}

void to_json(Json& j, const Sequence& v) {
    j = Json::object();
    put_optional(j, "schema", v.schema);
    j["name"] = v.name;
    put_optional(j, "start", v.start);
    put_optional(j, "increment", v.increment);
    put_optional(j, "min_value", v.min_value);
    put_optional(j, "max_value", v.max_value);
    if (v.cycle) j["cycle"] = true;
    put_optional(j, "owned_by", v.owned_by);
}

void to_json(Json& j, const View& v) {
    j = Json::object();
    put_optional(j, "schema", v.schema);
    j["name"] = v.name;
    j["definition"] = v.definition;
}

void to_json(Json& j, const MetaData& v) {
    j = Json::object();
    put_nonempty(j, "schemas", v.schemas);
    put_nonempty(j, "enums", v.enums);
    put_nonempty(j, "sequences", v.sequences);
    j["tables"] = v.tables;
    put_nonempty(j, "views", v.views);
}

// --- from_json -----------------------------------------------------------------------------

void from_json(const Json& j, Type& v, const std::string& path) {
    std::string text;
    read(j, text, path);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw JsonFieldError(path, "empty type");
    v = Type::parse(text);
}

void from_json(const Json& j, Column& v, const std::string& path) {
    ObjectReader r(j, path);
    v = Column{};
    r.required("name", v.name);
    r.required("type", v.type);
    r.optional("nullable", v.nullable);
    r.optional("server_default", v.server_default);
    r.optional("identity", v.identity);
    r.optional("autoincrement", v.autoincrement);
    r.optional("collation", v.collation);
    r.optional("comment", v.comment);
    r.optional("generated", v.generated);
    r.optional("generated_stored", v.generated_stored);
    r.finish();
    if (v.generated_stored && !v.generated)
        throw JsonFieldError(join_path(path, "generated_stored"), "needs 'generated' (the expression)");
}

void from_json(const Json& j, PrimaryKey& v, const std::string& path) {
    ObjectReader r(j, path);
    v = PrimaryKey{};
    r.optional("name", v.name);
    r.required("columns", v.columns);
    r.finish();
}

void from_json(const Json& j, ForeignKey& v, const std::string& path) {
    ObjectReader r(j, path);
    v = ForeignKey{};
    r.optional("name", v.name);
    r.required("columns", v.columns);
    r.optional("ref_schema", v.ref_schema);
    r.required("ref_table", v.ref_table);
    r.required("ref_columns", v.ref_columns);
    r.optional("on_delete", v.on_delete);
    r.optional("on_update", v.on_update);
    r.optional("deferrable", v.deferrable);
    r.optional("initially_deferred", v.initially_deferred);
    r.finish();
}

void from_json(const Json& j, UniqueConstraint& v, const std::string& path) {
    ObjectReader r(j, path);
    v = UniqueConstraint{};
    r.optional("name", v.name);
    r.required("columns", v.columns);
    r.finish();
}

void from_json(const Json& j, CheckConstraint& v, const std::string& path) {
    ObjectReader r(j, path);
    v = CheckConstraint{};
    r.optional("name", v.name);
    r.required("expression", v.expression);
    r.finish();
}

void from_json(const Json& j, IndexElement& v, const std::string& path) {
    v = IndexElement{};
    if (j.is_string()) {
        v.text = j.get<std::string>();
        return;
    }
    ObjectReader r(j, path);
    std::optional<std::string> column, expression;
    r.optional("column", column);
    r.optional("expression", expression);
    r.optional("descending", v.descending);
    r.finish();
    if (column.has_value() == expression.has_value())
        throw JsonFieldError(path, "expected exactly one of 'column' and 'expression'");
    v.is_expression = expression.has_value();
    v.text = expression ? *expression : *column;
}

void from_json(const Json& j, Index& v, const std::string& path) {
    ObjectReader r(j, path);
    v = Index{};
    r.required("name", v.name);
    r.required("elements", v.elements);
    r.optional("unique", v.unique);
    r.optional("where", v.where);
    r.optional("method", v.method);
    r.optional("include", v.include);
    r.finish();
}

void from_json(const Json& j, Table& v, const std::string& path) {
    ObjectReader r(j, path);
    v = Table{};
    r.optional("schema", v.schema);
    r.required("name", v.name);
    r.required("columns", v.columns);
    r.optional("primary_key", v.primary_key);
    r.optional("foreign_keys", v.foreign_keys);
    r.optional("unique_constraints", v.unique_constraints);
    r.optional("check_constraints", v.check_constraints);
    r.optional("indexes", v.indexes);
    r.optional("comment", v.comment);
    r.optional("strict", v.strict);
    r.optional("without_rowid", v.without_rowid);
    r.finish();
}

void from_json(const Json& j, EnumType& v, const std::string& path) {
    ObjectReader r(j, path);
    v = EnumType{};
    r.optional("schema", v.schema);
    r.required("name", v.name);
    r.required("values", v.values);
    r.finish();
}

void from_json(const Json& j, Sequence& v, const std::string& path) {
    ObjectReader r(j, path);
    v = Sequence{};
    r.optional("schema", v.schema);
    r.required("name", v.name);
    r.optional("start", v.start);
    r.optional("increment", v.increment);
    r.optional("min_value", v.min_value);
    r.optional("max_value", v.max_value);
    r.optional("cycle", v.cycle);
    r.optional("owned_by", v.owned_by);
    r.finish();
}

void from_json(const Json& j, View& v, const std::string& path) {
    ObjectReader r(j, path);
    v = View{};
    r.optional("schema", v.schema);
    r.required("name", v.name);
    r.required("definition", v.definition);
    r.finish();
}

void from_json(const Json& j, MetaData& v, const std::string& path) {
    ObjectReader r(j, path);
    v = MetaData{};
    r.optional("schemas", v.schemas);
    r.optional("enums", v.enums);
    r.optional("sequences", v.sequences);
    r.optional("tables", v.tables);
    r.optional("views", v.views);
    r.finish();
}

MetaData metadata_from_json_text(const std::string& text) {
    Json j;
    try {
        j = Json::parse(text, nullptr, true, /*ignore_comments=*/true);
    } catch (const Json::parse_error& e) {
        throw JsonFieldError("", std::string("malformed JSON: ") + e.what());
    }
    MetaData m;
    from_json(j, m, "");
    return m;
}

} // namespace migrate::schema
