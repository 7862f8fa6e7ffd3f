#include <migrate/ops/detail/json_fields.hpp>

namespace migrate::ops::detail {

namespace {
std::string got(const Json& j) { return std::string("got ") + j.type_name(); }
} // namespace

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

} // namespace migrate::ops::detail
