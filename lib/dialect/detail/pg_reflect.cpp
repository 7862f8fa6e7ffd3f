// PostgreSQL introspection from pg_catalog: one query per object kind for all the requested
// schemas (7 in all), never one per table, so that 5,000 tables cost what 10 do in round trips.
#include <migrate/dialect/detail/reflect_backends.hpp>

#include <map>
#include <tuple>

#include <migrate/dialect/detail/render_common.hpp>
#include <migrate/dialect/detail/sql_tokenizer.hpp>
#include <migrate/dialect/dialect.hpp>

namespace migrate::dialect::detail {

namespace {

// The text form of a PostgreSQL array, for `= ANY(?::text[])` parameters.
std::string pg_array_literal(const std::vector<std::string>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        out += '"';
        for (char c : items[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

// Reads the text form of a one-dimensional array of names: {a,"b c","d\"e"}.
std::vector<std::string> parse_pg_array(const db::Value& v) {
    std::vector<std::string> items;
    if (v.is_null()) return items;
    std::string s = v.as_text();
    std::size_t i = 1;
    while (i + 1 < s.size()) {
        std::string item;
        if (s[i] == '"') {
            for (++i; i < s.size() && s[i] != '"'; ++i) {
                if (s[i] == '\\' && i + 1 < s.size()) ++i;
                item += s[i];
            }
            ++i; // closing quote
        } else {
            for (; i < s.size() && s[i] != ',' && s[i] != '}'; ++i) item += s[i];
        }
        items.push_back(std::move(item));
        ++i; // ',' or '}'
    }
    return items;
}

schema::FkAction fk_action(const std::string& code) {
    if (code == "r") return schema::FkAction::restrict;
    if (code == "c") return schema::FkAction::cascade;
    if (code == "n") return schema::FkAction::set_null;
    if (code == "d") return schema::FkAction::set_default;
    return schema::FkAction::no_action;
}

std::optional<std::string> text_or_null(const db::Value& v) {
    if (v.is_null()) return std::nullopt;
    return v.as_text();
}

// A relation's schema and name, the key of everything that hangs off a table.
using TableKey = std::pair<std::string, std::string>;

// The WHERE clause shared by every per-table query: requested schemas ($1), not excluded ($2),
// ordinary or partitioned tables that are not partitions.
const char* const k_table_filter =
    " c.relkind IN ('r', 'p') AND NOT c.relispartition"
    " AND n.nspname = ANY(?::text[]) AND c.relname <> ALL(?::text[]) ";

class PgReader {
public:
    PgReader(db::Connection& conn, const ReflectOptions& options, NotModelled& not_modelled)
        : conn_(conn), dialect_(dialect_for(db::Backend::postgresql)),
          schemas_(pg_array_literal(options.schemas)), excluded_(pg_array_literal(options.exclude_tables)),
          not_modelled_(not_modelled) {}

    schema::MetaData read() {
        read_schemas();
        read_tables();
        read_constraints();
        read_indexes();
        read_enums();
        read_sequences();
        read_views();
        for (auto& [key, table] : tables_) md_.tables.push_back(std::move(table));
        return std::move(md_);
    }

private:
    std::optional<std::string> schema_of(const std::string& nspname) const {
        if (nspname == default_schema_) return std::nullopt;
        return nspname;
    }

    void read_schemas() {
        auto rows = conn_.query("SELECT n.nspname, n.nspname = current_schema() FROM pg_namespace AS n "
                                "WHERE n.nspname = ANY(?::text[]) ORDER BY n.nspname",
                                {schemas_});
        for (const auto& row : rows) {
            if (row[1].as_bool()) default_schema_ = row[0].as_text();
            else md_.schemas.push_back(row[0].as_text());
        }
    }

    void read_tables() {
        auto rows = conn_.query(std::string(
            "SELECT n.nspname, c.relname, td.description, a.attname, format_type(a.atttypid, a.atttypmod),"
            " a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid), a.attidentity::text, a.attgenerated::text,"
            " CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, cd.description, c.relkind::text,"
            " (SELECT count(*) FROM pg_inherits AS ih WHERE ih.inhparent = c.oid),"
            " EXISTS (SELECT 1 FROM pg_inherits AS ih WHERE ih.inhrelid = c.oid)"
            " FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace"
            " LEFT JOIN pg_description AS td ON td.objoid = c.oid"
            "  AND td.classoid = 'pg_class'::regclass AND td.objsubid = 0"
            " LEFT JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
            " LEFT JOIN pg_type AS t ON t.oid = a.atttypid"
            " LEFT JOIN pg_attrdef AS ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum"
            " LEFT JOIN pg_collation AS co ON co.oid = a.attcollation"
            " LEFT JOIN pg_description AS cd ON cd.objoid = c.oid"
            "  AND cd.classoid = 'pg_class'::regclass AND cd.objsubid = a.attnum"
            " WHERE") + k_table_filter + "ORDER BY n.nspname, c.relname, a.attnum",
            {schemas_, excluded_});
        for (const auto& row : rows) {
            TableKey key{row[0].as_text(), row[1].as_text()};
            auto [it, added] = tables_.try_emplace(key);
            auto& table = it->second;
            if (added) {
                table.schema = schema_of(key.first);
                table.name = key.second;
                table.comment = text_or_null(row[2]);
                // Read as plain tables: a partitioned one without its partitions (which are
                // not listed), an inheriting one with its inherited columns and checks.
                if (row[11].as_text() == "p") not_modelled_["partitioning"] += 1 + static_cast<int>(row[12].as_int());
                else if (row[13].as_bool()) ++not_modelled_["table inheritance"];
            }
            if (row[3].is_null()) continue; // a table without columns
            schema::Column col;
            col.name = row[3].as_text();
            col.type = dialect_.parse_type(row[4].as_text());
            col.nullable = !row[5].as_bool();
            std::string identity = row[7].as_text(), generated = row[8].as_text();
            // pg_attrdef holds a generated column's expression as well as defaults.
            if (!row[6].is_null() && generated.empty()) col.server_default = dialect_.normalise_default(row[6].as_text());
            if (!row[6].is_null() && !generated.empty()) {
                col.generated = strip_outer_parens(row[6].as_text());
                col.generated_stored = generated == "s"; // 'v' (VIRTUAL) since PostgreSQL 18
            }
            if (identity == "a") col.identity = schema::Identity::always;
            else if (identity == "d") col.identity = schema::Identity::by_default;
            col.collation = text_or_null(row[9]);
            col.comment = text_or_null(row[10]);
            table.columns.push_back(std::move(col));
        }
    }

    schema::Table* table(const db::Value& nsp, const db::Value& rel) {
        auto it = tables_.find({nsp.as_text(), rel.as_text()});
        return it == tables_.end() ? nullptr : &it->second;
    }

    void read_constraints() {
        // conkey/confkey are attnum arrays: each is mapped to names in key order.
        auto rows = conn_.query(std::string(
            "SELECT n.nspname, c.relname, con.conname, con.contype::text,"
            " ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)"
            "  JOIN pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),"
            " rn.nspname, rc.relname,"
            " ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)"
            "  JOIN pg_attribute AS a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord),"
            " con.confupdtype::text, con.confdeltype::text, con.condeferrable, con.condeferred,"
            " pg_get_expr(con.conbin, con.conrelid)"
            " FROM pg_constraint AS con JOIN pg_class AS c ON c.oid = con.conrelid"
            " JOIN pg_namespace AS n ON n.oid = c.relnamespace"
            " LEFT JOIN pg_class AS rc ON rc.oid = con.confrelid"
            " LEFT JOIN pg_namespace AS rn ON rn.oid = rc.relnamespace"
            " WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND") + k_table_filter +
            "ORDER BY n.nspname, c.relname, con.conname",
            {schemas_, excluded_});
        for (const auto& row : rows) {
            auto* t = table(row[0], row[1]);
            if (!t) continue;
            std::string name = row[2].as_text(), type = row[3].as_text();
            auto columns = parse_pg_array(row[4]);
            if (type == "x") {
                ++not_modelled_["exclusion constraints"];
            } else if (type == "p") {
                t->primary_key = schema::PrimaryKey{name, columns};
            } else if (type == "u") {
                t->unique_constraints.push_back({name, columns});
            } else if (type == "c") {
                t->check_constraints.push_back({name, strip_outer_parens(row[12].as_text())});
            } else {
                schema::ForeignKey fk;
                fk.name = name;
                fk.columns = std::move(columns);
                fk.ref_schema = schema_of(row[5].as_text());
                fk.ref_table = row[6].as_text();
                fk.ref_columns = parse_pg_array(row[7]);
                fk.on_update = fk_action(row[8].as_text());
                fk.on_delete = fk_action(row[9].as_text());
                fk.deferrable = row[10].as_bool();
                fk.initially_deferred = row[11].as_bool();
                t->foreign_keys.push_back(std::move(fk));
            }
        }
    }

    void read_indexes() {
        // One row per key element, then one per INCLUDE column (positions past indnkeyatts);
        // indexes that back a PRIMARY KEY / UNIQUE / EXCLUDE constraint are that constraint, not an Index.
        auto rows = conn_.query(std::string(
            "SELECT n.nspname, c.relname, ic.relname, i.indisunique, am.amname,"
            " pg_get_expr(i.indpred, i.indrelid, true), i.indkey[k.pos - 1] = 0, a.attname,"
            " pg_get_indexdef(i.indexrelid, k.pos, true), (i.indoption[k.pos - 1] & 1) = 1, k.pos > i.indnkeyatts"
            " FROM pg_index AS i JOIN pg_class AS ic ON ic.oid = i.indexrelid"
            " JOIN pg_class AS c ON c.oid = i.indrelid JOIN pg_namespace AS n ON n.oid = c.relnamespace"
            " JOIN pg_am AS am ON am.oid = ic.relam"
            " CROSS JOIN LATERAL generate_series(1, i.indnatts) AS k(pos)"
            " LEFT JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum = i.indkey[k.pos - 1]"
            " WHERE NOT i.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint AS con"
            "  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))"
            " AND") + k_table_filter + "ORDER BY n.nspname, c.relname, ic.relname, k.pos",
            {schemas_, excluded_});
        std::tuple<std::string, std::string, std::string> last; // (schema, table, index) of the previous row
        for (const auto& row : rows) {
            auto* t = table(row[0], row[1]);
            if (!t) continue;
            std::tuple key{row[0].as_text(), row[1].as_text(), row[2].as_text()};
            if (t->indexes.empty() || key != last) {
                last = key;
                schema::Index index;
                index.name = std::get<2>(key);
                index.unique = row[3].as_bool();
                if (std::string method = row[4].as_text(); method != "btree") index.method = method;
                if (!row[5].is_null()) index.where = strip_outer_parens(row[5].as_text());
                t->indexes.push_back(std::move(index));
            }
            if (row[10].as_bool()) { // INCLUDE columns are always plain columns
                t->indexes.back().include.push_back(row[7].as_text());
                continue;
            }
            schema::IndexElement el;
            el.is_expression = row[6].as_bool();
            el.text = el.is_expression ? strip_outer_parens(row[8].as_text()) : row[7].as_text();
            el.descending = row[9].as_bool();
            t->indexes.back().elements.push_back(std::move(el));
        }
    }

    void read_enums() {
        auto rows = conn_.query(
            "SELECT n.nspname, t.typname, e.enumlabel FROM pg_type AS t"
            " JOIN pg_namespace AS n ON n.oid = t.typnamespace JOIN pg_enum AS e ON e.enumtypid = t.oid"
            " WHERE n.nspname = ANY(?::text[]) ORDER BY n.nspname, t.typname, e.enumsortorder",
            {schemas_});
        for (const auto& row : rows) {
            auto schema = schema_of(row[0].as_text());
            std::string name = row[1].as_text();
            if (md_.enums.empty() || md_.enums.back().name != name || md_.enums.back().schema != schema)
                md_.enums.push_back({schema, name, {}});
            md_.enums.back().values.push_back(row[2].as_text());
        }
    }

    void read_sequences() {
        // Owned-by comes from pg_depend: 'a' = serial / OWNED BY (listed), 'i' = identity (not listed).
        auto rows = conn_.query(
            "SELECT n.nspname, c.relname, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle,"
            " tc.relname, ta.attname"
            " FROM pg_sequence AS s JOIN pg_class AS c ON c.oid = s.seqrelid"
            " JOIN pg_namespace AS n ON n.oid = c.relnamespace"
            " LEFT JOIN pg_depend AS d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid"
            "  AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')"
            " LEFT JOIN pg_class AS tc ON tc.oid = d.refobjid"
            " LEFT JOIN pg_attribute AS ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid"
            " WHERE n.nspname = ANY(?::text[]) AND (d.deptype IS NULL OR d.deptype <> 'i')"
            " AND (tc.relname IS NULL OR tc.relname <> ALL(?::text[]))"
            " ORDER BY n.nspname, c.relname",
            {schemas_, excluded_});
        for (const auto& row : rows) {
            schema::Sequence seq;
            seq.schema = schema_of(row[0].as_text());
            seq.name = row[1].as_text();
            // All four are reported as the catalog has them (normalise() spells out the defaults).
            seq.start = row[2].as_int();
            seq.increment = row[3].as_int();
            seq.min_value = row[4].as_int();
            seq.max_value = row[5].as_int();
            seq.cycle = row[6].as_bool();
            if (!row[7].is_null()) seq.owned_by = row[7].as_text() + "." + row[8].as_text();
            md_.sequences.push_back(std::move(seq));
        }
    }

    void read_views() {
        auto rows = conn_.query(
            "SELECT n.nspname, c.relname, pg_get_viewdef(c.oid), c.relkind = 'm' FROM pg_class AS c"
            " JOIN pg_namespace AS n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY(?::text[]) ORDER BY n.nspname, c.relname",
            {schemas_});
        for (const auto& row : rows) {
            if (row[3].as_bool()) ++not_modelled_["materialized views"];
            else md_.views.push_back({schema_of(row[0].as_text()), row[1].as_text(), collapse_whitespace(row[2].as_text())});
        }
    }

    db::Connection& conn_;
    const Dialect& dialect_;
    std::string schemas_;
    std::string excluded_;
    std::string default_schema_;
    NotModelled& not_modelled_;
    schema::MetaData md_;
    std::map<TableKey, schema::Table> tables_;
};

} // namespace

schema::MetaData reflect_postgresql(db::Connection& conn, const ReflectOptions& options, NotModelled& not_modelled) {
    return PgReader(conn, options, not_modelled).read();
}

} // namespace migrate::dialect::detail
