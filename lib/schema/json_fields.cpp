#include <migrate/schema/json_fields.hpp>

#include <algorithm>

namespace migrate::schema {

JsonFields::JsonFields(const Json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j_.is_object()) throw JsonFieldError(path_, "expected an object, got " + std::string(j_.type_name()));
}

const Json* JsonFields::find(const std::string& key) {
    known_.insert(key);
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
}

const Json& JsonFields::required(const std::string& key) {
    const Json* v = find(key);
    if (!v) throw JsonFieldError(path_of(key), "missing required field");
    return *v;
}

Json JsonFields::rest(std::initializer_list<const char*> own) {
    Json out = Json::object();
    for (auto it = j_.begin(); it != j_.end(); ++it) {
        known_.insert(it.key());
        if (std::find(own.begin(), own.end(), it.key()) == own.end()) out[it.key()] = it.value();
    }
    return out;
}

bool JsonFields::has_more_than(std::initializer_list<const char*> own) const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
        if (std::find(own.begin(), own.end(), it.key()) == own.end()) return true;
    return false;
}

void JsonFields::finish() const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
        if (!known_.count(it.key())) throw JsonFieldError(path_of(it.key()), "unknown field");
}

void JsonFields::finish_except(std::initializer_list<const char*> allowed) const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
            throw JsonFieldError(path_of(it.key()), "unknown field");
}

} // namespace migrate::schema
