// SQLite introspection: four statements for the whole database (sqlite_schema, and the
// table_xinfo / index_list+index_xinfo / foreign_key_list pragmas joined with it). What the
// pragmas do not report is read from the stored CREATE statements with sql_tokenizer.
#include <migrate/dialect/detail/reflect_backends.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <migrate/dialect/detail/render_common.hpp>
#include <migrate/dialect/detail/sql_tokenizer.hpp>
#include <migrate/dialect/dialect.hpp>

namespace migrate::dialect::detail {

namespace {

// SQLite compares identifiers ASCII-case-insensitively.
std::string fold(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (fold(a[i]) != fold(b[i])) return false;
    return true;
}

schema::FkAction fk_action(const db::Value& v) {
    std::string a = v.is_null() ? "" : fold(v.as_text());
    if (a == "restrict") return schema::FkAction::restrict;
    if (a == "cascade") return schema::FkAction::cascade;
    if (a == "set null") return schema::FkAction::set_null;
    if (a == "set default") return schema::FkAction::set_default;
    return schema::FkAction::no_action;
}

std::optional<std::string> text_or_null(const db::Value& v) {
    if (v.is_null()) return std::nullopt;
    return v.as_text();
}

// Tables of sqlite_schema that are ours to read: not SQLite's own, not excluded.
const char* const k_user_tables =
    "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

struct TableState {
    schema::Table table;
    ParsedTable parsed;
    std::vector<schema::UniqueConstraint> uniques; // from autoindexes, in index_list order
};

void read_columns(db::Connection& conn, const Dialect& dialect, std::map<std::string, TableState>& tables) {
    auto rows = conn.query(std::string("SELECT m.name, c.name, c.type, c.\"notnull\", c.dflt_value, c.pk, c.hidden "
                                       "FROM sqlite_schema AS m JOIN pragma_table_xinfo(m.name) AS c WHERE ") +
                           k_user_tables + " ORDER BY m.name, c.cid");
    std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> pk_positions;
    for (const auto& row : rows) {
        auto it = tables.find(row[0].as_text());
        if (it == tables.end() || row[6].as_int() == 1) continue; // excluded; virtual-table hidden
        auto& state = it->second;
        schema::Column col;
        col.name = row[1].as_text();
        col.type = dialect.parse_type(row[2].is_null() ? "" : row[2].as_text());
        col.nullable = row[3].as_int() == 0;
        if (!row[4].is_null()) col.server_default = dialect.normalise_default(row[4].as_text());
        for (const auto& parsed : state.parsed.columns) {
            if (fold(parsed.name) != fold(col.name)) continue;
            col.collation = parsed.collation;
            col.autoincrement = parsed.autoincrement;
            if (row[6].as_int() == 2 || row[6].as_int() == 3) { // generated: 2 VIRTUAL, 3 STORED
                col.generated = parsed.generated;
                col.generated_stored = row[6].as_int() == 3;
            }
        }
        if (row[5].as_int() > 0) {
            pk_positions[it->first].emplace_back(row[5].as_int(), col.name);
            col.nullable = false; // see reflect.hpp: a key column is NOT NULL in the model
        }
        state.table.columns.push_back(std::move(col));
    }
    for (auto& [name, positions] : pk_positions) {
        std::sort(positions.begin(), positions.end());
        auto& state = tables.at(name);
        schema::PrimaryKey pk;
        for (auto& [pos, col] : positions) pk.columns.push_back(col);
        if (state.parsed.primary_key) pk.name = state.parsed.primary_key->name;
        state.table.primary_key = std::move(pk);
    }
}

void read_indexes(db::Connection& conn, std::map<std::string, TableState>& tables,
                  const std::map<std::string, std::string>& index_sql) {
    auto rows = conn.query(std::string("SELECT m.name, il.name, il.\"unique\", il.origin, ii.cid, ii.name, ii.\"desc\" "
                                       "FROM sqlite_schema AS m JOIN pragma_index_list(m.name) AS il "
                                       "JOIN pragma_index_xinfo(il.name) AS ii WHERE ") +
                           k_user_tables + " AND ii.key = 1 ORDER BY m.name, il.name, ii.seqno");
    // (table, index) -> columns/elements, in order
    std::map<std::pair<std::string, std::string>, schema::Index> indexes;
    std::map<std::pair<std::string, std::string>, std::string> origins;
    for (const auto& row : rows) {
        std::string table = row[0].as_text();
        if (!tables.count(table)) continue;
        std::pair key{table, row[1].as_text()};
        auto& index = indexes[key];
        index.name = key.second;
        index.unique = row[2].as_int() != 0;
        origins[key] = row[3].as_text();
        schema::IndexElement el;
        if (row[4].as_int() >= 0) el.text = row[5].as_text(); // -2: expression, read from the SQL below
        else el.is_expression = true;
        el.descending = row[6].as_int() != 0;
        index.elements.push_back(std::move(el));
    }
    for (auto& [key, index] : indexes) {
        auto& state = tables.at(key.first);
        const std::string& origin = origins.at(key);
        if (origin == "pk") continue; // the primary key, read from table_xinfo
        if (origin == "u") {
            schema::UniqueConstraint u;
            for (auto& el : index.elements) u.columns.push_back(el.text);
            state.uniques.push_back(std::move(u));
            continue;
        }
        auto sql = index_sql.find(index.name);
        if (sql != index_sql.end()) {
            if (auto parsed = parse_create_index(sql->second)) {
                index.where = parsed->where;
                for (std::size_t i = 0; i < index.elements.size() && i < parsed->elements.size(); ++i)
                    if (index.elements[i].is_expression) // "(lower(x))" and "lower(x)" are one index
                        index.elements[i].text = strip_outer_parens(parsed->elements[i].text);
            }
        }
        state.table.indexes.push_back(std::move(index));
    }
}

void read_foreign_keys(db::Connection& conn, std::map<std::string, TableState>& tables) {
    auto rows = conn.query(std::string("SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete "
                                       "FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f WHERE ") +
                           k_user_tables + " ORDER BY m.name, f.id, f.seq");
    std::map<std::pair<std::string, std::int64_t>, schema::ForeignKey> fks;
    std::map<std::pair<std::string, std::int64_t>, bool> implicit_target;
    for (const auto& row : rows) {
        std::string table = row[0].as_text();
        if (!tables.count(table)) continue;
        std::pair key{table, row[1].as_int()};
        auto& fk = fks[key];
        fk.ref_table = row[2].as_text();
        fk.columns.push_back(row[3].as_text());
        if (row[4].is_null()) implicit_target[key] = true;
        else fk.ref_columns.push_back(row[4].as_text());
        fk.on_update = fk_action(row[5]);
        fk.on_delete = fk_action(row[6]);
    }
    // SQLite numbers foreign keys from the last declared; the parsed CREATE TABLE gives the
    // declaration order, the names and DEFERRABLE.
    std::map<std::string, std::vector<schema::ForeignKey>> by_table;
    for (auto it = fks.rbegin(); it != fks.rend(); ++it) {
        auto& fk = it->second;
        if (implicit_target.count(it->first)) { // REFERENCES t without columns: t's primary key
            for (auto& [name, state] : tables)
                if (fold(name) == fold(fk.ref_table) && state.table.primary_key)
                    fk.ref_columns = state.table.primary_key->columns;
        }
        by_table[it->first.first].push_back(std::move(fk));
    }
    for (auto& [table, list] : by_table) {
        auto& state = tables.at(table);
        std::vector<bool> used(list.size(), false);
        for (const auto& parsed : state.parsed.foreign_keys) {
            for (std::size_t i = 0; i < list.size(); ++i) {
                if (used[i] || !same_names(parsed.columns, list[i].columns) ||
                    fold(parsed.ref_table) != fold(list[i].ref_table))
                    continue;
                used[i] = true;
                list[i].name = parsed.name;
                list[i].deferrable = parsed.deferrable;
                list[i].initially_deferred = parsed.initially_deferred;
                state.table.foreign_keys.push_back(std::move(list[i]));
                break;
            }
        }
        for (std::size_t i = 0; i < list.size(); ++i)
            if (!used[i]) state.table.foreign_keys.push_back(std::move(list[i]));
    }
}

// Unique constraints in declaration order, named from the CREATE TABLE text.
void finish_uniques(TableState& state) {
    std::vector<bool> used(state.uniques.size(), false);
    for (const auto& parsed : state.parsed.uniques) {
        for (std::size_t i = 0; i < state.uniques.size(); ++i) {
            if (used[i] || !same_names(parsed.columns, state.uniques[i].columns)) continue;
            used[i] = true;
            state.uniques[i].name = parsed.name;
            state.table.unique_constraints.push_back(state.uniques[i]);
            break;
        }
    }
    for (std::size_t i = 0; i < state.uniques.size(); ++i)
        if (!used[i]) state.table.unique_constraints.push_back(state.uniques[i]);
}

} // namespace

schema::MetaData reflect_sqlite(db::Connection& conn, const ReflectOptions& options, NotModelled& not_modelled) {
    const Dialect& dialect = dialect_for(db::Backend::sqlite);
    std::set<std::string> excluded;
    for (const auto& t : options.exclude_tables) excluded.insert(fold(t));

    schema::MetaData md;
    std::map<std::string, TableState> tables; // by name, so sorted like ORDER BY name (BINARY)
    std::map<std::string, std::string> index_sql;
    // pragma_table_list tells a virtual table's shadow tables (plain CREATE TABLEs) from ours.
    auto objects = conn.query("SELECT m.type, m.name, m.sql, tl.type FROM sqlite_schema AS m "
                              "LEFT JOIN pragma_table_list AS tl ON tl.schema = 'main' AND tl.name = m.name "
                              "WHERE m.type IN ('table', 'index', 'view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                              "ORDER BY m.name");
    for (const auto& row : objects) {
        std::string type = row[0].as_text(), name = row[1].as_text();
        auto sql = text_or_null(row[2]);
        if (!row[3].is_null() && row[3].as_text() == "shadow") continue; // part of its virtual table
        if (type == "index") {
            if (sql) index_sql[name] = *sql;
        } else if (type == "view") {
            schema::View view;
            view.name = name;
            if (sql)
                if (auto def = parse_create_view(*sql)) view.definition = *def;
            md.views.push_back(std::move(view));
        } else if (!excluded.count(fold(name))) {
            auto parsed = sql ? parse_create_table(*sql) : std::nullopt;
            if (!parsed) { // CREATE VIRTUAL TABLE
                ++not_modelled["virtual tables"];
                continue;
            }
            TableState state;
            state.table.name = name;
            state.table.strict = parsed->strict;
            state.table.without_rowid = parsed->without_rowid;
            state.parsed = std::move(*parsed);
            tables.emplace(name, std::move(state));
        }
    }

    read_columns(conn, dialect, tables);
    read_indexes(conn, tables, index_sql);
    read_foreign_keys(conn, tables);

    for (auto& [name, state] : tables) {
        finish_uniques(state);
        for (const auto& check : state.parsed.checks)
            state.table.check_constraints.push_back({check.name, check.expression});
        md.tables.push_back(std::move(state.table));
    }
    return md;
}

} // namespace migrate::dialect::detail
