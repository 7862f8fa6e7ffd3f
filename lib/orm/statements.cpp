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
    out << "INSERT INTO ";
    out.identifier(table);
    out << " (";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i) out << ", ";
        out.identifier(columns[i]);
    }
    out << ") VALUES (";
    for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? ", ?" : "?");
    out << ")";
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
