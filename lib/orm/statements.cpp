// Rendering of the Core insert, update and delete statements.
#include <migrate/orm/statements.hpp>

namespace migrate::orm::detail {

void render_insert(SqlWriter& out, const std::string& table, const std::vector<Assignment>& values) {
    out << "INSERT INTO ";
    out.identifier(table);
    out << " (";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out << ", ";
        out.identifier(values[i].column);
    }
    out << ") VALUES (";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out << ", ";
        values[i].value.render(out);
    }
    out << ")";
}

void render_insert_columns(SqlWriter& out, const std::string& table, const std::vector<std::string>& columns) {
    if (columns.empty()) throw UsageError("insert<T>() needs set(...) for one row or columns(...) for many");
    render_insert_rows(out, table, columns, 1);
}

namespace {
void column_list(SqlWriter& out, const std::vector<std::string>& columns) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i) out << ", ";
        out.identifier(columns[i]);
    }
}

// "k" = ? AND ..
void key_equals(SqlWriter& out, const std::vector<std::string>& keys) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i) out << " AND ";
        out.identifier(keys[i]);
        out << " = ?";
    }
}
} // namespace

void render_insert_rows(SqlWriter& out, const std::string& table, const std::vector<std::string>& columns,
                        std::size_t rows, std::string_view clause, const std::vector<std::string>& returning) {
    out << "INSERT INTO ";
    out.identifier(table);
    if (columns.empty()) {
        out << " DEFAULT VALUES";
    } else {
        out << " (";
        column_list(out, columns);
        out << ")" << clause << " VALUES ";
        std::string row = "(?";
        for (std::size_t i = 1; i < columns.size(); ++i) row += ", ?";
        row += ")";
        out.sql().reserve(out.sql().size() + rows * (row.size() + 2) + 64);
        for (std::size_t r = 0; r < rows; ++r) out << (r ? ", " : "") << row;
    }
    if (!returning.empty()) {
        out << " RETURNING ";
        column_list(out, returning);
    }
}

void render_update_rows(SqlWriter& out, const std::string& table, const std::vector<TypedColumn>& keys,
                        const std::vector<TypedColumn>& sets, std::size_t rows) {
    const std::string alias = "migrate_rows"; // the VALUES list's name, qualified everywhere
    out << "UPDATE ";
    out.identifier(table);
    out << " SET ";
    for (std::size_t i = 0; i < sets.size(); ++i) {
        if (i) out << ", ";
        out.identifier(sets[i].name);
        out << " = ";
        out.column(alias, sets[i].name);
    }
    // Every parameter typed: a VALUES list has no target columns to infer them from.
    std::string row = "(";
    for (std::size_t i = 0; i < keys.size() + sets.size(); ++i) {
        const TypedColumn& c = i < keys.size() ? keys[i] : sets[i - keys.size()];
        row += (i ? ", " : "") + out.dialect().typed_parameter(*c.type);
    }
    row += ")";
    out << " FROM (VALUES ";
    for (std::size_t r = 0; r < rows; ++r) out << (r ? ", " : "") << row;
    out << ") AS ";
    out.identifier(alias);
    out << " (";
    for (std::size_t i = 0; i < keys.size() + sets.size(); ++i) {
        if (i) out << ", ";
        out.identifier(i < keys.size() ? keys[i].name : sets[i - keys.size()].name);
    }
    out << ") WHERE ";
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i) out << " AND ";
        out.column(table, keys[i].name);
        out << " = ";
        out.column(alias, keys[i].name);
    }
}

void render_update_row(SqlWriter& out, const std::string& table, const std::vector<std::string>& keys,
                       const std::vector<std::string>& sets) {
    out << "UPDATE ";
    out.identifier(table);
    out << " SET ";
    for (std::size_t i = 0; i < sets.size(); ++i) {
        if (i) out << ", ";
        out.identifier(sets[i]);
        out << " = ?";
    }
    out << " WHERE ";
    key_equals(out, keys);
}

void render_delete_rows(SqlWriter& out, const std::string& table, const std::vector<std::string>& keys,
                        std::size_t rows, const std::vector<std::string>& returning) {
    out << "DELETE FROM ";
    out.identifier(table);
    out << " WHERE ";
    if (rows == 1) {
        key_equals(out, keys);
    } else {
        if (keys.size() != 1) throw Error("a batched DELETE needs a one-column key");
        out.identifier(keys.front());
        out << " IN (";
        for (std::size_t r = 0; r < rows; ++r) out << (r ? ", ?" : "?");
        out << ")";
    }
    if (!returning.empty()) {
        out << " RETURNING ";
        column_list(out, returning);
    }
}

void render_update(SqlWriter& out, const std::string& table, const std::vector<Assignment>& sets, const Expr& where) {
    if (sets.empty()) throw UsageError("update<T>() of " + table + " has no set(...)");
    out << "UPDATE ";
    out.identifier(table);
    out << " SET ";
    for (std::size_t i = 0; i < sets.size(); ++i) {
        if (i) out << ", ";
        out.identifier(sets[i].column);
        out << " = ";
        sets[i].value.render(out);
    }
    if (!where.empty()) {
        out << " WHERE ";
        where.render(out);
    }
}

void render_delete(SqlWriter& out, const std::string& table, const Expr& where) {
    out << "DELETE FROM ";
    out.identifier(table);
    if (!where.empty()) {
        out << " WHERE ";
        where.render(out);
    }
}

} // namespace migrate::orm::detail
