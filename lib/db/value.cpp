// Value conversions and printing; shared by both drivers and the echo log.
#include <migrate/db/value.hpp>

#include <migrate/base/error.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace migrate::db {

namespace {

std::string conversion_error(const Value& v, const char* wanted) {
    return "cannot read a " + v.type_name() + " value (" + v.to_string() + ") as " + wanted;
}

std::optional<std::int64_t> parse_int(const std::string& s) {
    std::int64_t out = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc{} || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
    return out;
}

std::optional<double> parse_double(const std::string& s) {
    if (s.empty()) return std::nullopt;
    // from_chars for double is in libstdc++ 11+, locale independent.
    double out = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
    return out;
}

std::string format_double(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    // Shortest representation that round-trips exactly.
    char buf[64];
    auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, d);
    (void)ec;
    return std::string(buf, ptr);
}

} // namespace

std::int64_t Value::as_int() const {
    if (auto p = std::get_if<std::int64_t>(&v_)) return *p;
    if (auto p = std::get_if<bool>(&v_)) return *p ? 1 : 0;
    if (auto p = std::get_if<double>(&v_)) {
        if (std::trunc(*p) == *p && std::fabs(*p) < 9.2e18) return static_cast<std::int64_t>(*p);
    }
    if (auto p = std::get_if<std::string>(&v_)) {
        if (auto i = parse_int(*p)) return *i;
        if (auto d = parse_double(*p); d && std::trunc(*d) == *d && std::fabs(*d) < 9.2e18)
            return static_cast<std::int64_t>(*d);
    }
    throw Error(conversion_error(*this, "an integer"));
}

double Value::as_double() const {
    if (auto p = std::get_if<double>(&v_)) return *p;
    if (auto p = std::get_if<std::int64_t>(&v_)) return static_cast<double>(*p);
    if (auto p = std::get_if<std::string>(&v_)) {
        if (auto d = parse_double(*p)) return *d;
        if (*p == "NaN") return std::numeric_limits<double>::quiet_NaN();
        if (*p == "Infinity") return std::numeric_limits<double>::infinity();
        if (*p == "-Infinity") return -std::numeric_limits<double>::infinity();
    }
    throw Error(conversion_error(*this, "a number"));
}

std::string Value::as_text() const {
    if (auto p = std::get_if<std::string>(&v_)) return *p;
    if (auto p = std::get_if<std::int64_t>(&v_)) return std::to_string(*p);
    if (auto p = std::get_if<double>(&v_)) return format_double(*p);
    if (auto p = std::get_if<bool>(&v_)) return *p ? "true" : "false";
    throw Error(conversion_error(*this, "text"));
}

bool Value::as_bool() const {
    if (auto p = std::get_if<bool>(&v_)) return *p;
    if (auto p = std::get_if<std::int64_t>(&v_)) {
        if (*p == 0 || *p == 1) return *p == 1;
    }
    if (auto p = std::get_if<std::string>(&v_)) {
        if (*p == "t" || *p == "true" || *p == "1") return true;
        if (*p == "f" || *p == "false" || *p == "0") return false;
    }
    throw Error(conversion_error(*this, "a boolean"));
}

const Blob& Value::as_blob() const {
    if (auto p = std::get_if<Blob>(&v_)) return *p;
    throw Error(conversion_error(*this, "a blob"));
}

std::string Value::type_name() const {
    switch (v_.index()) {
    case 0: return "null";
    case 1: return "int";
    case 2: return "double";
    case 3: return "text";
    case 4: return "blob";
    default: return "bool";
    }
}

std::string Value::to_string() const {
    if (is_null()) return "NULL";
    if (auto p = std::get_if<std::string>(&v_)) {
        std::string out = "'";
        for (char c : *p) {
            out += c;
            if (c == '\'') out += '\'';
        }
        return out + "'";
    }
    if (auto p = std::get_if<Blob>(&v_)) {
        static constexpr char k_hex[] = "0123456789abcdef";
        std::string out = "x'";
        for (auto b : p->bytes) {
            out += k_hex[b >> 4];
            out += k_hex[b & 0xf];
        }
        return out + "'";
    }
    return as_text();
}

std::ostream& operator<<(std::ostream& os, const Value& v) { return os << v.to_string(); }

const Value& Row::operator[](std::string_view name) const {
    for (std::size_t i = 0; i < names_->size(); ++i) {
        if ((*names_)[i] == name) return values_.at(i);
    }
    throw Error("no column named '" + std::string(name) + "' in the result");
}

} // namespace migrate::db
