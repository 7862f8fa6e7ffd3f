#include <migrate/ops/detail/json_fields.hpp>

#include <algorithm>

namespace migrate::ops::detail {

namespace {
std::string got(const Json& j) { return std::string("got ") + j.type_name(); }
} // namespace

Fields::Fields(const Json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j_.is_object()) throw JsonFieldError(path_, "expected an object, " + got(j_));
}

const Json* Fields::find(const std::string& key) {
    known_.insert(key);
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
}

const Json& Fields::required(const std::string& key) {
    const Json* v = find(key);
    if (!v) throw JsonFieldError(path_of(key), "missing required field");
    return *v;
}

std::string Fields::required_string(const std::string& key) {
    const Json& v = required(key);
    if (!v.is_string()) throw JsonFieldError(path_of(key), "expected a string, " + got(v));
    auto s = v.get<std::string>();
    if (s.empty()) throw JsonFieldError(path_of(key), "must not be empty");
    return s;
}

std::optional<std::string> Fields::optional_string(const std::string& key) {
    const Json* v = find(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_string()) throw JsonFieldError(path_of(key), "expected a string, " + got(*v));
    return v->get<std::string>();
}

Change<std::string> Fields::change_string(const std::string& key) {
    const Json* v = find(key);
    if (!v) return std::nullopt;
    if (v->is_null()) return std::optional<std::string>{};
    if (!v->is_string()) throw JsonFieldError(path_of(key), "expected a string or null, " + got(*v));
    return std::optional<std::string>{v->get<std::string>()};
}

std::optional<bool> Fields::optional_bool(const std::string& key) {
    const Json* v = find(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_boolean()) throw JsonFieldError(path_of(key), "expected true or false, " + got(*v));
    return v->get<bool>();
}

Json Fields::rest(std::initializer_list<const char*> own) {
    Json out = Json::object();
    for (auto it = j_.begin(); it != j_.end(); ++it) {
        known_.insert(it.key());
        if (std::find(own.begin(), own.end(), it.key()) == own.end()) out[it.key()] = it.value();
    }
    return out;
}

bool Fields::has_more_than(std::initializer_list<const char*> own) const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
        if (std::find(own.begin(), own.end(), it.key()) == own.end()) return true;
    return false;
}

void Fields::finish() const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
        if (!known_.count(it.key())) throw JsonFieldError(path_of(it.key()), "unknown field");
}

void Fields::finish_except(std::initializer_list<const char*> allowed) const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
            throw JsonFieldError(path_of(it.key()), "unknown field");
}

} // namespace migrate::ops::detail
