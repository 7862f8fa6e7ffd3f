// Core statements that bypass the Session: insert (one row or executemany), update with SET
// expressions, delete, and text() for raw SQL. All values are bound parameters.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <migrate/db/value.hpp>
#include <migrate/orm/expression.hpp>
#include <migrate/orm/mapper.hpp>

namespace migrate::orm {

namespace detail {
struct Assignment {
    std::string column;
    Expr value;
};
void render_insert(SqlWriter& out, const std::string& table, const std::vector<Assignment>& values);
void render_insert_columns(SqlWriter& out, const std::string& table, const std::vector<std::string>& columns);
// The flush's batched statements (parameters in the order written, row by row).
// INSERT INTO t (c..)<clause> VALUES (?, ..), ... [RETURNING r..]; no columns: DEFAULT VALUES.
void render_insert_rows(SqlWriter& out, const std::string& table, const std::vector<std::string>& columns,
                        std::size_t rows, std::string_view clause = {}, const std::vector<std::string>& returning = {});
// A column named with its type, for VALUES lists that need their parameters typed.
struct TypedColumn {
    std::string name;
    const schema::Type* type;
};
// UPDATE t SET s = v.s, .. FROM (VALUES (k.., s..), ..) AS v (k.., s..) WHERE t.k = v.k AND ..
void render_update_rows(SqlWriter& out, const std::string& table, const std::vector<TypedColumn>& keys,
                        const std::vector<TypedColumn>& sets, std::size_t rows);
// UPDATE t SET s = ?, .. WHERE k = ? AND ..: one row (sets' values, then the key's).
void render_update_row(SqlWriter& out, const std::string& table, const std::vector<std::string>& keys,
                       const std::vector<std::string>& sets);
// DELETE FROM t WHERE k = ? AND ..: one row; or, with `rows` and one key column, WHERE k IN (?, ..);
// [RETURNING r..].
void render_delete_rows(SqlWriter& out, const std::string& table, const std::vector<std::string>& keys,
                        std::size_t rows = 1, const std::vector<std::string>& returning = {});
void render_update(SqlWriter& out, const std::string& table, const std::vector<Assignment>& sets, const Expr& where);
void render_delete(SqlWriter& out, const std::string& table, const Expr& where);
} // namespace detail

// INSERT INTO t (..) VALUES (..): one row with set(), or columns() for execute_many with rows
// of parameters (Session::execute_many also takes mapped objects).
template <class T> class Insert {
public:
    template <class V, class U> Insert& set(const Typed<V>& column, const U& value) {
        values_.push_back({detail::column_name(column), detail::operand<V>(value)});
        return *this;
    }
    template <class... M> Insert& columns(M T::*... members) {
        (columns_.push_back(mapper_of<T>().column_for(members).name()), ...);
        return *this;
    }
    void render(SqlWriter& out) const {
        if (values_.empty()) detail::render_insert_columns(out, mapper_of<T>().table_name(), columns_);
        else detail::render_insert(out, mapper_of<T>().table_name(), values_);
    }
    bool has_columns() const { return !columns_.empty(); }

private:
    std::vector<detail::Assignment> values_;
    std::vector<std::string> columns_;
};

// UPDATE t SET c = expr [, ...] [WHERE ...]: set(col(&Book::price), col(&Book::price) * 1.1).
template <class T> class Update {
public:
    template <class V, class U> Update& set(const Typed<V>& column, const U& value) {
        if constexpr (detail::is_typed<U>::value)
            static_assert(detail::comparable<V, typename U::value_type>, "SET value of an incompatible type");
        sets_.push_back({detail::column_name(column), detail::operand<V>(value)});
        return *this;
    }
    Update& where(const Condition& c) {
        where_ = where_.empty() ? Expr(c) : detail::binary(" AND ", detail::k_and, where_, c);
        return *this;
    }
    void render(SqlWriter& out) const { detail::render_update(out, mapper_of<T>().table_name(), sets_, where_); }

private:
    std::vector<detail::Assignment> sets_;
    Expr where_;
};

// DELETE FROM t [WHERE ...].
template <class T> class Delete {
public:
    Delete& where(const Condition& c) {
        where_ = where_.empty() ? Expr(c) : detail::binary(" AND ", detail::k_and, where_, c);
        return *this;
    }
    void render(SqlWriter& out) const { detail::render_delete(out, mapper_of<T>().table_name(), where_); }

private:
    Expr where_;
};

template <class T> Insert<T> insert() { return {}; }
template <class T> Update<T> update() { return {}; }
template <class T> Delete<T> delete_from() { return {}; }

// Raw SQL with `?` placeholders and their values: text("SELECT ... WHERE price > ?", {10.0}).
struct Text {
    std::string sql;
    db::Params params;
    void render(SqlWriter& out) const {
        out << sql;
        out.params().insert(out.params().end(), params.begin(), params.end());
    }
};

inline Text text(std::string sql, db::Params params = {}) { return {std::move(sql), std::move(params)}; }

} // namespace migrate::orm
