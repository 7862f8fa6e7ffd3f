// Reading one op's JSON object field by field, with every error naming the field's full path,
// and the keys nobody asked for rejected at the end.
#pragma once

#include <initializer_list>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include <migrate/ops/op.hpp>
#include <migrate/schema/json.hpp>

namespace migrate::ops::detail {

using Json = nlohmann::json;
using schema::JsonFieldError;

inline std::string join_path(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
}

class Fields {
public:
    Fields(const Json& j, std::string path);

    const std::string& path() const { return path_; }
    std::string path_of(const std::string& key) const { return join_path(path_, key); }
    bool has(const std::string& key) const { return j_.contains(key); }

    std::string required_string(const std::string& key);
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

    const Json& required(const std::string& key);
    const Json* find(const std::string& key); // marks the key as known

    // The object without `own` keys, for a schema object written inline in the op
    // ({"op": "create_index", "table": "t", "name": ..., "elements": [...]}). Marks every key known.
    Json rest(std::initializer_list<const char*> own);
    // Whether the object has keys besides `own` (a drop op that carries its definition).
    bool has_more_than(std::initializer_list<const char*> own) const;

    void finish() const; // throws for an unknown key
    // Throws "unknown field" for the first key not in `allowed`.
    void finish_except(std::initializer_list<const char*> allowed) const;

private:
    const Json& j_;
    std::string path_;
    std::set<std::string> known_;
};

} // namespace migrate::ops::detail
