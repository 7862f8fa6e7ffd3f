#include <migrate/ops/run_table.hpp>

#include <algorithm>
#include <map>

#include <migrate/base/error.hpp>
#include <migrate/ops/apply.hpp>
#include <migrate/dialect/reflect.hpp>
#include <migrate/ops/detail/sql_names.hpp>

namespace migrate::ops {

namespace {

using detail::mentions;
using detail::same_name;

constexpr std::size_t k_rowids_shown = 5;
const char* const k_rowid_col = "__migrate_rowid";

struct Violation {
    std::string constraint;
    std::int64_t rows = 0;
    std::vector<std::int64_t> rowids;
};

std::string rowid_list(const std::vector<std::int64_t>& ids, std::int64_t total) {
    std::string out;
    for (auto id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
    if (total > static_cast<std::int64_t>(ids.size())) out += ", ...";
    return out;
}

std::string describe(const Violation& v) {
    std::string out = v.constraint + " fails for " + std::to_string(v.rows) + (v.rows == 1 ? " row" : " rows");
    if (v.rowids.empty()) return out; // a WITHOUT ROWID table
    return out + " (rowid" + (v.rowids.size() == 1 ? " " : "s ") + rowid_list(v.rowids, v.rows) + ")";
}

// Rows of `relation` (a subquery with k_rowid_col and the new table's columns) matching `where`.
std::optional<Violation> find(db::Connection& conn, const std::string& relation, const std::string& where,
                              std::string constraint) {
    auto rows = conn.query("SELECT count(*) OVER (), \"" + std::string(k_rowid_col) + "\" FROM " + relation +
                           " AS r WHERE " + where + " ORDER BY 2 LIMIT " + std::to_string(k_rowids_shown));
    if (rows.empty()) return std::nullopt;
    Violation v{std::move(constraint), rows[0][0].as_int(), {}};
    for (const auto& row : rows)
        if (!row[1].is_null()) v.rowids.push_back(row[1].as_int());
    return v;
}

std::optional<Violation> find_duplicates(db::Connection& conn, const std::string& relation,
                                         const std::vector<std::string>& exprs, const std::optional<std::string>& where,
                                         std::string constraint) {
    std::string list, not_null;
    for (const auto& e : exprs) {
        list += (list.empty() ? "" : ", ") + e;
        not_null += (not_null.empty() ? "" : " AND ") + ("(" + e + ") IS NOT NULL");
    }
    std::string filter = not_null + (where ? " AND (" + *where + ")" : "");
    return find(conn, relation,
                filter + " AND (" + list + ") IN (SELECT " + list + " FROM " + relation + " AS r WHERE " + filter +
                    " GROUP BY " + list + " HAVING count(*) > 1)",
                std::move(constraint));
}

// The first constraint of `t` that rows of `relation` break.
std::optional<Violation> diagnose(db::Connection& conn, const dialect::Dialect& d, const schema::Table& t,
                                  const std::string& relation) {
    const std::string label = t.name;
    for (const auto& c : t.columns)
        if (!c.nullable)
            if (auto v = find(conn, relation, d.quote(c.name) + " IS NULL", "NOT NULL constraint on " + label + "." + c.name))
                return v;
    for (const auto& ck : t.check_constraints)
        if (auto v = find(conn, relation, "NOT (" + ck.expression + ")",
                          "CHECK constraint " + (ck.name ? *ck.name + " " : std::string()) + "(" + ck.expression + ") on " + label))
            return v;
    auto quoted = [&](const std::vector<std::string>& names) {
        std::vector<std::string> out;
        for (const auto& n : names) out.push_back(d.quote(n));
        return out;
    };
    auto joined = [](const std::vector<std::string>& names) {
        std::string out;
        for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
        return out;
    };
    if (t.primary_key)
        if (auto v = find_duplicates(conn, relation, quoted(t.primary_key->columns), std::nullopt,
                                     "PRIMARY KEY (" + joined(t.primary_key->columns) + ") on " + label))
            return v;
    for (const auto& u : t.unique_constraints)
        if (auto v = find_duplicates(conn, relation, quoted(u.columns), std::nullopt,
                                     "UNIQUE constraint " + (u.name ? *u.name + " " : std::string()) + "(" +
                                         joined(u.columns) + ") on " + label))
            return v;
    for (const auto& ix : t.indexes) {
        if (!ix.unique) continue;
        std::vector<std::string> exprs;
        for (const auto& e : ix.elements) exprs.push_back(e.is_expression ? "(" + e.text + ")" : d.quote(e.text));
        if (auto v = find_duplicates(conn, relation, exprs, ix.where, "unique index " + ix.name + " on " + label))
            return v;
    }
    return std::nullopt;
}

// The copy's source as a relation of the new table's columns, keyed by the old rowid.
std::string copy_relation(const TableRunSql& sql, const dialect::Dialect& d, const std::string& old_rowid) {
    std::string select = "SELECT " + old_rowid + " AS \"" + k_rowid_col + "\"";
    for (const auto& c : sql.after.columns) {
        std::string expr = "NULL";
        for (const auto& src : sql.columns)
            if (src.column == c.name && src.expression) expr = *src.expression;
        if (expr == "NULL" && c.generated) expr = "(" + *c.generated + ")"; // over the old table's columns
        if (expr == "NULL" && c.server_default) expr = "(" + *c.server_default + ")";
        if (c.collation) expr = "(" + expr + ") COLLATE " + d.quote(*c.collation); // as the new table compares
        select += ", " + expr + " AS " + d.quote(c.name);
    }
    return "(" + select + " FROM " + d.qualified(sql.before.schema, sql.before.name) + ")";
}

std::string first_free_rowid(const schema::Table& t) {
    if (t.without_rowid) return "NULL";
    for (const char* n : {"rowid", "_rowid_", "oid"})
        if (!t.column(n)) return n;
    return "NULL";
}

void check_foreign_keys(db::Connection& conn, const dialect::Dialect& d, const TableState& state) {
    const std::string& name = state.table.name;
    std::vector<std::string> tables{name};
    for (const auto& t : state.referencing_tables) tables.push_back(t);
    for (const auto& t : tables) {
        auto rows = conn.query("SELECT \"table\", rowid, parent, fkid FROM pragma_foreign_key_check(?)", {t});
        std::map<std::int64_t, Violation> by_fk;
        std::map<std::int64_t, std::string> parents;
        for (const auto& row : rows) {
            std::string parent = row[2].as_text();
            if (!same_name(t, name) && !same_name(parent, name)) continue; // not this table's doing
            auto fkid = row[3].as_int();
            auto& v = by_fk[fkid];
            ++v.rows;
            parents[fkid] = parent;
            if (v.rowids.size() < k_rowids_shown) v.rowids.push_back(row[1].is_null() ? 0 : row[1].as_int());
        }
        if (by_fk.empty()) continue;
        auto& [fkid, v] = *by_fk.begin();
        std::string from, to;
        for (const auto& r : conn.query("SELECT \"from\", \"to\" FROM pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq",
                                        {t, fkid})) {
            from += (from.empty() ? "" : ", ") + r[0].as_text();
            to += (to.empty() ? "" : ", ") + (r[1].is_null() ? std::string("<primary key>") : r[1].as_text());
        }
        v.constraint = "FOREIGN KEY " + t + "(" + from + ") REFERENCES " + parents[fkid] + "(" + to + ")";
        const std::string check = d.foreign_key_check({std::nullopt, t});
        throw DatabaseError("recreating table " + name + ": " + describe(v) + " (" + check + ")", "787", check, 787);
    }
}

} // namespace

TableState read_table_state(db::Connection& conn, const ObjectName& table, const dialect::Dialect& d) {
    auto model = dialect::reflect(conn);
    TableState state;
    bool found = false;
    for (const auto& t : model.tables)
        if (t.schema == table.schema && same_name(t.name, table.name)) {
            state.table = t;
            found = true;
        }
    if (!found) throw Error("table " + display_name(table) + " does not exist");
    const std::string& name = state.table.name;
    const std::string master = d.qualified(table.schema, "sqlite_schema");

    for (const auto& row : conn.query("SELECT type, name, tbl_name, sql FROM " + master +
                                      " WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY name")) {
        std::string kind = row[0].as_text();
        std::string sql = row[3].as_text();
        if (kind == "trigger" && same_name(row[2].as_text(), name)) state.triggers.push_back(sql);
        if (mentions(sql, name)) state.dependents.push_back({std::move(kind), row[1].as_text(), std::move(sql)});
    }
    for (const auto& t : model.tables) {
        if (same_name(t.name, name)) continue;
        for (const auto& fk : t.foreign_keys)
            if (same_name(fk.ref_table, name)) {
                state.referencing_tables.push_back(t.name);
                break;
            }
    }
    return state;
}

std::vector<std::string> execute_table_run(db::Connection& conn, const TableRun& run, const dialect::Dialect& d) {
    auto state = read_table_state(conn, run.table, d);
    auto sql = render_table_run(run, state, d, /*bind=*/true);
    if (sql.recreates && d.foreign_keys_enforced(conn)) {
        std::string off;
        for (const auto& s : d.set_foreign_keys(false)) off += (off.empty() ? "" : "; ") + s;
        throw Error(describe(run) + ": foreign key enforcement is on, and SQLite cannot turn it off inside a "
                                    "transaction; dropping the old table would fire ON DELETE actions. Run " +
                    off + " before BEGIN (the migrate runtime does)");
    }
    std::vector<std::string> ran;
    const std::string old_rowid = first_free_rowid(sql.before);
    for (std::size_t i = 0; i < sql.statements.size(); ++i) {
        const auto& s = sql.statements[i];
        try {
            if (s.is_script) conn.execute_script(s.sql);
            else conn.execute(s.sql, s.params);
        } catch (const DatabaseError& e) {
            bool constraint = d.is_constraint_violation(e);
            if (!sql.recreates || !constraint || (i != sql.copy_statement && i < sql.first_index_statement)) throw;
            std::string relation = i == sql.copy_statement
                                       ? copy_relation(sql, d, old_rowid)
                                       : "(SELECT " + first_free_rowid(sql.after) + " AS \"" + k_rowid_col + "\", * FROM " +
                                             d.qualified(sql.after.schema, sql.after.name) + ")";
            auto v = diagnose(conn, d, sql.after, relation);
            if (!v) throw;
            throw DatabaseError("recreating table " + state.table.name + ": " + describe(*v) + " [" + e.what() + "]",
                                e.code(), e.statement(), e.sqlite_code());
        }
        ran.push_back(s.sql);
    }
    if (sql.recreates) check_foreign_keys(conn, d, state);
    return ran;
}

void check_against_database(db::Connection& conn, const Op& op) {
    const auto* alter = std::get_if<AlterColumn>(&op);
    if (!alter || !alter->server_default) return;
    dialect::ReflectOptions options;
    if (alter->schema && dialect::dialect_for(conn.backend()).capabilities().schemas)
        options.schemas.push_back(*alter->schema);
    auto model = dialect::reflect(conn, options);
    auto* table = model.table(alter->table, alter->schema);
    if (!table || !table->column(alter->column)) return;
    apply(op, *table); // throws NotSupported for what the column cannot have
}

ForeignKeysOff::ForeignKeysOff(db::Connection& conn) : conn_(conn) {
    const auto& d = dialect::dialect_for(conn.backend());
    if (conn.in_transaction() || !d.foreign_keys_enforced(conn)) return;
    for (const auto& s : d.set_foreign_keys(false)) conn.execute(s);
    restore_ = true;
}

ForeignKeysOff::~ForeignKeysOff() {
    if (!restore_) return;
    try {
        if (!conn_.in_transaction())
            for (const auto& s : dialect::dialect_for(conn_.backend()).set_foreign_keys(true)) conn_.execute(s);
    } catch (...) {
        // The setting belongs to this connection only; closing it forgets it anyway.
    }
}

} // namespace migrate::ops
