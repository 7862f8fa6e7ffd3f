// Reading one op's JSON object field by field: the schema layer's JsonFields plus the typed
// fields of ops.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <migrate/ops/op.hpp>
#include <migrate/schema/json.hpp>
#include <migrate/schema/json_fields.hpp>

namespace migrate::ops::detail {

using Json = nlohmann::json;
using schema::JsonFieldError;

using schema::join_path;

// The schema layer's strict object reader, with the typed fields ops have.
class Fields : public schema::JsonFields {
public:
    using JsonFields::JsonFields;

    std::string required_string(const std::string& key); // non-empty
    std::optional<std::string> optional_string(const std::string& key);
    // absent -> nullopt; null -> {nullopt} (remove); "text" -> {"text"} (set).
    Change<std::string> change_string(const std::string& key);
    std::optional<bool> optional_bool(const std::string& key);
    bool flag(const std::string& key) { return optional_bool(key).value_or(false); }

    // A schema object stored under `key`, parsed by the schema layer's strict reader.
    template <class T>
    T required_object(const std::string& key) {
        const Json& v = required(key);
        T out{};
        schema::from_json(v, out, path_of(key));
        return out;
    }
    template <class T>
    std::optional<T> optional_object(const std::string& key) {
        const Json* v = find(key);
        if (!v || v->is_null()) return std::nullopt;
        T out{};
        schema::from_json(*v, out, path_of(key));
        return out;
    }
};

} // namespace migrate::ops::detail
