// Renames: applied to the live model when the user names them (so that the rest of the
// comparison sees one table or column, not a drop and an add), reported when they only look
// likely: a rename guessed wrong would be worse than a warning read by a human.
#include <migrate/autogen/detail/plan.hpp>

#include <algorithm>
#include <cctype>
#include <set>

#include <migrate/base/error.hpp>

namespace migrate::autogen::detail {
namespace {

using schema::MetaData;
using schema::Table;

Table* find_table(MetaData& m, const std::string& spec) {
    if (auto* t = m.table(spec)) return t;
    auto dot = spec.find('.');
    if (dot == std::string::npos) return nullptr;
    return m.table(spec.substr(dot + 1), spec.substr(0, dot));
}

// Whole-word occurrences of `from` outside string literals, bare or double-quoted.
std::string replace_identifier(const std::string& expr, const std::string& from, const std::string& to) {
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; };
    std::string out;
    for (std::size_t i = 0; i < expr.size();) {
        if (expr[i] == '\'') {
            std::size_t j = expr.find('\'', i + 1);
            while (j != std::string::npos && j + 1 < expr.size() && expr[j + 1] == '\'') j = expr.find('\'', j + 2);
            j = j == std::string::npos ? expr.size() : j + 1;
            out.append(expr, i, j - i);
            i = j;
        } else if (expr.compare(i, from.size() + 2, "\"" + from + "\"") == 0) {
            out += "\"" + to + "\"";
            i += from.size() + 2;
        } else if (expr.compare(i, from.size(), from) == 0 && (i == 0 || !word(expr[i - 1])) &&
                   (i + from.size() >= expr.size() || !word(expr[i + from.size()]))) {
            out += to;
            i += from.size();
        } else {
            out += expr[i++];
        }
    }
    return out;
}

void rename_in_list(std::vector<std::string>& names, const std::string& from, const std::string& to) {
    for (auto& n : names)
        if (n == from) n = to;
}

void rename_table(MetaData& m, Table& t, const std::string& to) {
    for (auto& other : m.tables)
        for (auto& fk : other.foreign_keys)
            if (fk.ref_table == t.name && fk.ref_schema == t.schema) fk.ref_table = to;
    t.name = to;
}

void rename_column(MetaData& m, Table& t, const std::string& from, const std::string& to) {
    t.column(from)->name = to;
    if (t.primary_key) rename_in_list(t.primary_key->columns, from, to);
    for (auto& u : t.unique_constraints) rename_in_list(u.columns, from, to);
    for (auto& fk : t.foreign_keys) rename_in_list(fk.columns, from, to);
    for (auto& ck : t.check_constraints) ck.expression = replace_identifier(ck.expression, from, to);
    for (auto& ix : t.indexes) {
        for (auto& e : ix.elements) e.text = e.is_expression ? replace_identifier(e.text, from, to) : (e.text == from ? to : e.text);
        if (ix.where) ix.where = replace_identifier(*ix.where, from, to);
    }
    for (auto& other : m.tables)
        for (auto& fk : other.foreign_keys)
            if (fk.ref_table == t.name && fk.ref_schema == t.schema) rename_in_list(fk.ref_columns, from, to);
}

std::set<std::string> column_names(const Table& t) {
    std::set<std::string> out;
    for (const auto& c : t.columns) out.insert(c.name);
    return out;
}

} // namespace

void apply_renames(MetaData& live, const MetaData& target, const Context& ctx, Plan& plan) {
    for (const auto& r : ctx.options.renames) {
        if (Table* t = find_table(live, r.from)) {
            if (live.table(r.to, t->schema))
                throw UsageError("--rename " + r.from + ":" + r.to + ": table " + r.to + " already exists");
            plan.add(Phase::renames, ops::RenameTable{t->schema, t->name, r.to});
            rename_table(live, *t, r.to);
            continue;
        }
        auto dot = r.from.rfind('.');
        Table* t = dot == std::string::npos ? nullptr : find_table(live, r.from.substr(0, dot));
        // A table renamed by an earlier --rename is found under its new name too.
        if (!t && dot != std::string::npos) {
            for (const auto& earlier : ctx.options.renames)
                if (earlier.from == r.from.substr(0, dot)) t = find_table(live, earlier.to);
        }
        std::string column = dot == std::string::npos ? std::string() : r.from.substr(dot + 1);
        if (!t || !t->column(column))
            throw UsageError("--rename " + r.from + ":" + r.to + ": no table or column " + r.from +
                             " in the database");
        if (t->column(r.to))
            throw UsageError("--rename " + r.from + ":" + r.to + ": column " + r.to + " already exists");
        ops::AlterColumn op;
        op.schema = t->schema;
        op.table = t->name;
        op.column = column;
        op.new_name = r.to;
        plan.add(Phase::renames, std::move(op));
        rename_column(live, *t, column, r.to);
    }
    (void)target;
}

void report_look_alikes(const MetaData& live, const MetaData& target, Plan& plan) {
    for (const auto& dropped : live.tables) {
        if (target.table(dropped.name, dropped.schema)) continue;
        auto dn = column_names(dropped);
        for (const auto& added : target.tables) {
            if (added.schema != dropped.schema || live.table(added.name, added.schema)) continue;
            auto an = column_names(added);
            std::size_t common = 0;
            for (const auto& n : dn) common += an.count(n);
            std::size_t all = dn.size() + an.size() - common;
            if (all == 0 || common * 2 < all) continue;
            plan.warn("table " + dropped.qualified_name() + " is dropped and " + added.qualified_name() +
                      " added with similar columns: if it was renamed, run again with --rename " +
                      dropped.qualified_name() + ":" + added.name + " (as written, its data is lost)");
        }
    }
    for (const auto& lt : live.tables) {
        const Table* tt = target.table(lt.name, lt.schema);
        if (!tt) continue;
        for (const auto& dropped : lt.columns) {
            if (tt->column(dropped.name)) continue;
            for (const auto& added : tt->columns) {
                if (lt.column(added.name) || added.type != dropped.type) continue;
                plan.warn("column " + lt.qualified_name() + "." + dropped.name + " is dropped and " + added.name +
                          " added with the same type: if it was renamed, run again with --rename " +
                          lt.qualified_name() + "." + dropped.name + ":" + added.name + " (as written, its data is lost)");
            }
        }
    }
}

} // namespace migrate::autogen::detail
