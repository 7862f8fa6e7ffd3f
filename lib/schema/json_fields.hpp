// The one strict reader of a JSON object, for the schema model and the ops: fields are looked up
// by name, every error names the field's full path ("upgrade[3].column.type"), and at the end
// the keys nobody asked for are refused.
#pragma once

#include <initializer_list>
#include <set>
#include <string>

#include <migrate/schema/json.hpp>

namespace migrate::schema {

// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
inline std::string join_path(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
}
// "a.b" + 2 -> "a.b[2]".
inline std::string index_path(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

class JsonFields {
public:
    // Throws JsonFieldError(path, ...) unless `j` is an object.
    JsonFields(const Json& j, std::string path);

    const std::string& path() const { return path_; }
    std::string path_of(const std::string& key) const { return join_path(path_, key); }
    bool has(const std::string& key) const { return j_.contains(key); }

    const Json* find(const std::string& key); // marks the key as known; null when absent
    const Json& required(const std::string& key); // "missing required field" when absent

    // The object without `own` keys, for an object written inline in another
    // ({"op": "create_index", "table": "t", "name": ..., "elements": [...]}). Marks every key known.
    Json rest(std::initializer_list<const char*> own);
    // Whether the object has keys besides `own`.
    bool has_more_than(std::initializer_list<const char*> own) const;

    void finish() const; // "unknown field" for the first key never looked up
    // "unknown field" for the first key not in `allowed`.
    void finish_except(std::initializer_list<const char*> allowed) const;

protected:
    const Json& json() const { return j_; }

private:
    const Json& j_;
    std::string path_;
    std::set<std::string> known_;
};

} // namespace migrate::schema
