// How a C++ member type travels to and from a database Value: the only place the ORM knows
// which member types it supports (integers, double, bool, std::string and std::optional of them).
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include <migrate/db/value.hpp>

namespace migrate::orm {

template <class M> struct Field {
    static_assert(sizeof(M) == 0, "unsupported member type: use an integer, double, bool, std::string "
                                  "or std::optional of one of them");
};

template <std::integral I> requires(!std::same_as<I, bool>)
struct Field<I> {
    using value_type = I;
    static constexpr bool nullable = false;
    static db::Value to_value(I v) { return db::Value(static_cast<std::int64_t>(v)); }
    static void from_value(const db::Value& v, I& out) { out = v.is_null() ? I{} : static_cast<I>(v.as_int()); }
    static bool is_unset(I v) { return v == 0; }
};

template <> struct Field<double> {
    using value_type = double;
    static constexpr bool nullable = false;
    static db::Value to_value(double v) { return db::Value(v); }
    static void from_value(const db::Value& v, double& out) { out = v.is_null() ? 0.0 : v.as_double(); }
    static bool is_unset(double) { return false; }
};

template <> struct Field<bool> {
    using value_type = bool;
    static constexpr bool nullable = false;
    static db::Value to_value(bool v) { return db::Value(v); }
    static void from_value(const db::Value& v, bool& out) { out = !v.is_null() && v.as_bool(); }
    static bool is_unset(bool) { return false; }
};

template <> struct Field<std::string> {
    using value_type = std::string;
    static constexpr bool nullable = false;
    static db::Value to_value(const std::string& v) { return db::Value(v); }
    static void from_value(const db::Value& v, std::string& out) { out = v.is_null() ? std::string() : v.as_text(); }
    static bool is_unset(const std::string& v) { return v.empty(); }
};

template <class M> struct Field<std::optional<M>> {
    using value_type = typename Field<M>::value_type;
    static constexpr bool nullable = true;
    static db::Value to_value(const std::optional<M>& v) { return v ? Field<M>::to_value(*v) : db::Value(); }
    static void from_value(const db::Value& v, std::optional<M>& out) {
        if (v.is_null()) {
            out.reset();
        } else {
            M m{};
            Field<M>::from_value(v, m);
            out = std::move(m);
        }
    }
    static bool is_unset(const std::optional<M>& v) { return !v.has_value(); }
};

// The value type an expression over a member of type M carries: optional<int> -> int.
template <class M> using value_of_t = typename Field<M>::value_type;

} // namespace migrate::orm
