// SQL expressions as small typed trees: columns, bound values, operators, functions. Rendering
// quotes every identifier through the dialect and binds every value as a `?` parameter.
#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <migrate/db/value.hpp>
#include <migrate/dialect/dialect.hpp>

namespace migrate::orm {

// Collects SQL text and its parameters while an expression tree renders itself.
class SqlWriter {
public:
    explicit SqlWriter(const dialect::Dialect& dialect) : dialect_(dialect) {}
    SqlWriter& operator<<(std::string_view text) { sql_ += text; return *this; }
    void identifier(std::string_view name) { sql_ += dialect_.quote(name); }
    void column(std::string_view table, std::string_view name);
    void bind(db::Value value);
    // Column references render without their table (UPDATE ... SET, single-table statements).
    bool qualify_columns = true;
    const dialect::Dialect& dialect() const { return dialect_; }
    std::string& sql() { return sql_; }
    db::Params& params() { return params_; }

private:
    const dialect::Dialect& dialect_;
    std::string sql_;
    db::Params params_;
};

namespace detail {
struct Node {
    virtual ~Node() = default;
    virtual void render(SqlWriter& out) const = 0;
    // Binding strength, higher binds tighter; operands that bind looser get parentheses.
    virtual int precedence() const { return 100; }
};
} // namespace detail

// An untyped expression; Typed<V> below is what user code handles.
class Expr {
public:
    Expr() = default;
    explicit Expr(std::shared_ptr<const detail::Node> node) : node_(std::move(node)) {}
    bool empty() const { return !node_; }
    void render(SqlWriter& out) const;
    int precedence() const { return node_ ? node_->precedence() : 100; }
    const std::shared_ptr<const detail::Node>& node() const { return node_; }

private:
    std::shared_ptr<const detail::Node> node_;
};

// Expression constructors shared by the typed operators.
namespace detail {
Expr column_ref(std::string table, std::string column);
Expr bound(db::Value value);
Expr binary(std::string op, int precedence, Expr left, Expr right);
Expr prefix(std::string op, int precedence, Expr operand);
Expr postfix(std::string op, Expr operand);
Expr function(std::string name, std::vector<Expr> args); // no args: name(*)
Expr in_list(Expr operand, std::vector<db::Value> values, bool negate);
Expr ordered(Expr operand, bool descending);
Expr labelled(Expr operand, std::string label);
// The table of the first column the expression refers to, or "" (to infer a FROM clause).
std::string first_table(const Expr& e);
// The column name of a plain column expression; throws UsageError for anything else.
std::string column_name(const Expr& e);
inline constexpr int k_or = 1, k_and = 2, k_not = 3, k_compare = 4, k_add = 5, k_mul = 6;
} // namespace detail

// A statement rendered for one dialect: the SQL with `?` placeholders and the bound values.
struct Rendered {
    std::string sql;
    db::Params params;
};

// Any statement (select, insert, update, delete, text) rendered without running it.
template <class Statement> Rendered render(const Statement& statement, const dialect::Dialect& dialect) {
    SqlWriter out(dialect);
    statement.render(out);
    return {std::move(out.sql()), std::move(out.params())};
}

template <class V> class Typed;
using Condition = Typed<bool>;

// An expression whose SQL value has the C++ type V (std::int64_t, int, double, bool, std::string).
template <class V> class Typed : public Expr {
public:
    using value_type = V;
    Typed() = default;
    explicit Typed(Expr e) : Expr(std::move(e)) {}

    Condition is_null() const;
    Condition is_not_null() const;
    Condition in(std::vector<V> values) const;
    Condition not_in(std::vector<V> values) const;
    Condition like(std::string pattern) const requires std::same_as<V, std::string>;
    Expr asc() const { return detail::ordered(*this, false); }
    Expr desc() const { return detail::ordered(*this, true); }
    Typed label(std::string name) const { return Typed(detail::labelled(*this, std::move(name))); }
};

// A value bound as a parameter, typed: lit(1.1), lit(std::string("x")).
template <class V> Typed<V> lit(V value) { return Typed<V>(detail::bound(db::Value(value))); }

namespace detail {
template <class T> struct is_typed : std::false_type {};
template <class V> struct is_typed<Typed<V>> : std::true_type {};
template <class A, class B>
concept comparable = std::same_as<A, B> || (std::is_arithmetic_v<A> && std::is_arithmetic_v<B>) ||
                     (std::same_as<A, std::string> && std::convertible_to<B, std::string>);
template <class V, class U> Expr operand(const U& u) {
    if constexpr (is_typed<U>::value) return u;
    else if constexpr (std::same_as<V, std::string>) return bound(db::Value(std::string(u)));
    else return bound(db::Value(static_cast<V>(u)));
}
} // namespace detail

template <class V> Condition Typed<V>::is_null() const { return Condition(detail::postfix(" IS NULL", *this)); }
template <class V> Condition Typed<V>::is_not_null() const { return Condition(detail::postfix(" IS NOT NULL", *this)); }
template <class V> Condition Typed<V>::in(std::vector<V> values) const {
    std::vector<db::Value> bound;
    for (auto& v : values) bound.emplace_back(std::move(v));
    return Condition(detail::in_list(*this, std::move(bound), false));
}
template <class V> Condition Typed<V>::not_in(std::vector<V> values) const {
    std::vector<db::Value> bound;
    for (auto& v : values) bound.emplace_back(std::move(v));
    return Condition(detail::in_list(*this, std::move(bound), true));
}
template <class V>
Condition Typed<V>::like(std::string pattern) const requires std::same_as<V, std::string> {
    return Condition(detail::binary(" LIKE ", detail::k_compare, *this, detail::bound(db::Value(std::move(pattern)))));
}

// Comparisons: a typed expression against another or against a plain value of a compatible type.
#define MIGRATE_ORM_COMPARISON(op, sql)                                                            \
    template <class V, class U>                                                                    \
        requires detail::comparable<V, typename Typed<U>::value_type>                              \
    Condition operator op(const Typed<V>& a, const Typed<U>& b) {                                  \
        return Condition(detail::binary(sql, detail::k_compare, a, b));                            \
    }                                                                                              \
    template <class V, class U>                                                                    \
        requires(!detail::is_typed<U>::value && detail::comparable<V, U>)                          \
    Condition operator op(const Typed<V>& a, const U& b) {                                         \
        return Condition(detail::binary(sql, detail::k_compare, a, detail::operand<V>(b)));        \
    }
MIGRATE_ORM_COMPARISON(==, " = ")
MIGRATE_ORM_COMPARISON(!=, " <> ")
MIGRATE_ORM_COMPARISON(<, " < ")
MIGRATE_ORM_COMPARISON(<=, " <= ")
MIGRATE_ORM_COMPARISON(>, " > ")
MIGRATE_ORM_COMPARISON(>=, " >= ")
#undef MIGRATE_ORM_COMPARISON

// Arithmetic on numeric expressions: price * 1.1, price + col(&Book::tax).
#define MIGRATE_ORM_ARITHMETIC(op, sql, prec)                                                      \
    template <class V, class U>                                                                    \
        requires(std::is_arithmetic_v<V> && std::is_arithmetic_v<U>)                               \
    Typed<std::common_type_t<V, U>> operator op(const Typed<V>& a, const Typed<U>& b) {            \
        return Typed<std::common_type_t<V, U>>(detail::binary(sql, prec, a, b));                   \
    }                                                                                              \
    template <class V, class U>                                                                    \
        requires(std::is_arithmetic_v<V> && std::is_arithmetic_v<U>)                               \
    Typed<std::common_type_t<V, U>> operator op(const Typed<V>& a, U b) {                          \
        return Typed<std::common_type_t<V, U>>(detail::binary(sql, prec, a, detail::bound(db::Value(b)))); \
    }
MIGRATE_ORM_ARITHMETIC(+, " + ", detail::k_add)
MIGRATE_ORM_ARITHMETIC(-, " - ", detail::k_add)
MIGRATE_ORM_ARITHMETIC(*, " * ", detail::k_mul)
MIGRATE_ORM_ARITHMETIC(/, " / ", detail::k_mul)
#undef MIGRATE_ORM_ARITHMETIC

inline Condition operator&&(const Condition& a, const Condition& b) {
    return Condition(detail::binary(" AND ", detail::k_and, a, b));
}
inline Condition operator||(const Condition& a, const Condition& b) {
    return Condition(detail::binary(" OR ", detail::k_or, a, b));
}
inline Condition operator!(const Condition& a) { return Condition(detail::prefix("NOT ", detail::k_not, a)); }

// Aggregates. count() is COUNT(*).
inline Typed<std::int64_t> count() { return Typed<std::int64_t>(detail::function("count", {})); }
template <class V> Typed<std::int64_t> count(const Typed<V>& e) {
    return Typed<std::int64_t>(detail::function("count", {e}));
}
template <class V> Typed<V> sum(const Typed<V>& e) { return Typed<V>(detail::function("sum", {e})); }
template <class V> Typed<double> avg(const Typed<V>& e) { return Typed<double>(detail::function("avg", {e})); }
template <class V> Typed<V> min(const Typed<V>& e) { return Typed<V>(detail::function("min", {e})); }
template <class V> Typed<V> max(const Typed<V>& e) { return Typed<V>(detail::function("max", {e})); }

} // namespace migrate::orm
