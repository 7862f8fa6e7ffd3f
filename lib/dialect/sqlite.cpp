// SQLite DDL. Foreign keys stay inline in CREATE TABLE (SQLite checks their targets only when
// rows are written), AUTOINCREMENT is an inline INTEGER PRIMARY KEY column, and portable types
// are declared under their portable names in upper case so that they read back unchanged.
#include <migrate/dialect/sqlite.hpp>

#include <charconv>
#include <cmath>
#include <set>

#include <migrate/base/error.hpp>
#include <migrate/dialect/detail/render_common.hpp>

namespace migrate::dialect {
namespace {

[[noreturn]] void unsupported(const std::string& what) { throw NotSupported("sqlite: " + what); }

std::string object_label(const ObjectName& o) { return o.schema ? *o.schema + "." + o.name : o.name; }

std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

const schema::Column* autoincrement_column(const schema::Table& t) {
    for (const auto& c : t.columns)
        if (c.autoincrement) return &c;
    return nullptr;
}

void check_representable(const SqliteDialect& d, const schema::Table& t) {
    std::string label = t.qualified_name();
    if (t.comment) unsupported("table comments are not supported (table " + label + ")");
    int autoincrements = 0;
    for (const auto& c : t.columns) {
        if (c.comment) unsupported("column comments are not supported (column " + label + "." + c.name + ")");
        if (c.identity != schema::Identity::none)
            unsupported("identity columns are not supported (column " + label + "." + c.name +
                        "); use autoincrement on an integer primary key");
        if (c.autoincrement) {
            ++autoincrements;
            if (!t.primary_key || t.primary_key->columns != std::vector<std::string>{c.name})
                unsupported("AUTOINCREMENT needs the column to be the whole primary key (column " + label + "." + c.name + ")");
        }
    }
    if (autoincrements > 1) unsupported("only one AUTOINCREMENT column per table (table " + label + ")");
    if (t.without_rowid && !t.primary_key) unsupported("a WITHOUT ROWID table needs a primary key (table " + label + ")");
    if (t.without_rowid && autoincrements) unsupported("a WITHOUT ROWID table cannot have AUTOINCREMENT (table " + label + ")");
    if (t.strict)
        for (const auto& c : t.columns) {
            static const std::set<std::string> k_strict_types = {"INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"};
            std::string declared = c.autoincrement ? "INTEGER" : upper(d.render_type(c.type));
            if (!k_strict_types.count(declared))
                unsupported("a STRICT table's columns are INT, INTEGER, REAL, TEXT, BLOB or ANY (column " + label + "." +
                            c.name + " is " + c.type.to_string() + ")");
        }
    for (const auto& fk : t.foreign_keys)
        if (fk.ref_schema && fk.ref_schema != t.schema)
            unsupported("a foreign key cannot reference a table in another database (table " + label + " -> " +
                        *fk.ref_schema + "." + fk.ref_table + ")");
}

} // namespace

const Capabilities& SqliteDialect::capabilities() const {
    static const Capabilities caps = [] {
        Capabilities c;
        c.transactional_ddl = true;
        c.drop_column = true; // SQLite >= 3.35, for columns in no key, index or constraint
        c.rename_column = true;
        c.rename_table = true;
        c.views = true;
        c.deferrable_fk = true;
        c.autoincrement = true;
        c.last_insert_id_is_key = true; // AUTOINCREMENT is only allowed on a lone INTEGER PRIMARY KEY
        c.fk_targets_checked_at_create = false;
        c.max_parameters = 32766; // SQLITE_MAX_VARIABLE_NUMBER since 3.32
        return c;
    }();
    return caps;
}

std::string SqliteDialect::literal(const db::Value& value) const {
    // NaN has no SQLite literal (it reads back as NULL); 9e999 overflows to Inf.
    static const detail::LiteralSpelling spelling{"1", "0", "NULL", "9e999", "-9e999", "x'", "'"};
    return detail::literal(*this, value, spelling);
}

std::string SqliteDialect::render_type(const schema::Type& type) const {
    if (type.is_array()) unsupported("array types are not supported (" + type.to_string() + ")");
    if (type.is_portable()) return upper(type.to_string());
    return type.to_string();
}

schema::Type SqliteDialect::parse_type(std::string_view text) const { return schema::Type::parse(std::string(text)); }

std::string SqliteDialect::normalise_default(std::string_view expression) const {
    return lower_unquoted(strip_outer_parens(expression));
}

schema::MetaData SqliteDialect::normalise(const schema::MetaData& metadata) const {
    schema::MetaData m = metadata;
    for (auto& t : m.tables) {
        for (auto& c : t.columns) {
            if (c.autoincrement) c.type = schema::Type{"integer", {}};
            else if (!c.type.is_array()) c.type = parse_type(render_type(c.type));
            if (c.server_default) c.server_default = normalise_default(*c.server_default);
        }
        // Reflection reports key columns as NOT NULL on both dialects, so a model means one thing.
        if (t.primary_key)
            for (const auto& name : t.primary_key->columns)
                if (auto* c = t.column(name)) c->nullable = false;
        for (auto& fk : t.foreign_keys) fk.ref_schema.reset();
        for (auto& ix : t.indexes)
            if (ix.method == "btree") ix.method.reset();
    }
    return m;
}

std::string SqliteDialect::column_definition(const schema::Column& c) const {
    std::string out = quote(c.name) + " " + (c.autoincrement ? std::string("INTEGER") : render_type(c.type));
    if (c.identity != schema::Identity::none)
        unsupported("identity columns are not supported (column " + c.name + "); use autoincrement");
    if (c.comment) unsupported("column comments are not supported (column " + c.name + ")");
    if (c.autoincrement) out += " PRIMARY KEY AUTOINCREMENT";
    if (!c.nullable) out += " NOT NULL";
    if (c.server_default)
        out += " DEFAULT " + (detail::is_plain_default(*c.server_default) ? *c.server_default : "(" + *c.server_default + ")");
    if (c.collation) out += " COLLATE " + quote(*c.collation);
    if (c.generated) {
        if (c.server_default) unsupported("a generated column cannot have a default (column " + c.name + ")");
        out += " GENERATED ALWAYS AS (" + *c.generated + (c.generated_stored ? ") STORED" : ") VIRTUAL");
    }
    return out;
}

Statements SqliteDialect::create_table(const schema::Table& t, const CreateTableOptions& options) const {
    check_representable(*this, t);
    const schema::Column* autoinc = autoincrement_column(t);
    std::vector<std::string> parts;
    for (const auto& c : t.columns) {
        std::string def = column_definition(c);
        if (&c == autoinc && t.primary_key && t.primary_key->name) // keep the key's name inline
            def.replace(def.find(" PRIMARY KEY", quote(c.name).size()), 0, " CONSTRAINT " + quote(*t.primary_key->name));
        parts.push_back(std::move(def));
    }
    // An AUTOINCREMENT key is declared on its column; SQLite has no schema-qualified REFERENCES.
    detail::append_table_constraints(*this, t, parts, !autoinc, options.include_foreign_keys, false);
    std::string sql = std::string("CREATE TABLE ") + (options.if_not_exists ? "IF NOT EXISTS " : "") +
                      qualified(t.schema, t.name) + " (";
    for (std::size_t i = 0; i < parts.size(); ++i) sql += (i ? ",\n    " : "\n    ") + parts[i];
    sql += "\n)";
    if (t.without_rowid) sql += " WITHOUT ROWID";
    if (t.strict) sql += t.without_rowid ? ", STRICT" : " STRICT";
    Statements out{std::move(sql)};
    if (options.include_indexes)
        for (const auto& ix : t.indexes)
            for (auto& s : create_index({t.schema, t.name}, ix, {.if_not_exists = options.if_not_exists})) out.push_back(std::move(s));
    return out;
}

Statements SqliteDialect::drop_table(const ObjectName& t) const { return {"DROP TABLE " + qualified(t)}; }

Statements SqliteDialect::rename_table(const ObjectName& t, std::string_view new_name) const {
    return {"ALTER TABLE " + qualified(t) + " RENAME TO " + quote(new_name)};
}

Statements SqliteDialect::add_column(const ObjectName& t, const schema::Column& c) const {
    if (c.autoincrement) unsupported("cannot add an AUTOINCREMENT primary key column (" + object_label(t) + "." + c.name + ")");
    if (c.generated && c.generated_stored)
        unsupported("ALTER TABLE ADD COLUMN cannot add a STORED generated column (" + object_label(t) + "." + c.name +
                    "); it needs a table recreation (ops::plan)");
    return {"ALTER TABLE " + qualified(t) + " ADD COLUMN " + column_definition(c)};
}

Statements SqliteDialect::drop_column(const ObjectName& t, std::string_view column) const {
    return {"ALTER TABLE " + qualified(t) + " DROP COLUMN " + quote(column)};
}

Statements SqliteDialect::rename_column(const ObjectName& t, std::string_view column, std::string_view new_name) const {
    return {"ALTER TABLE " + qualified(t) + " RENAME COLUMN " + quote(column) + " TO " + quote(new_name)};
}

Statements SqliteDialect::alter_column_type(const ObjectName& t, std::string_view column, const schema::Type&,
                                            const std::optional<std::string>&, const std::optional<std::string>&) const {
    unsupported("ALTER COLUMN is not supported: changing the type of " + object_label(t) + "." + std::string(column) +
                " needs a table recreation");
}

Statements SqliteDialect::alter_column_nullable(const ObjectName& t, std::string_view column, bool) const {
    unsupported("ALTER COLUMN is not supported: changing the nullability of " + object_label(t) + "." +
                std::string(column) + " needs a table recreation");
}

Statements SqliteDialect::alter_column_default(const ObjectName& t, std::string_view column,
                                               const std::optional<std::string>&) const {
    unsupported("ALTER COLUMN is not supported: changing the default of " + object_label(t) + "." + std::string(column) +
                " needs a table recreation");
}

Statements SqliteDialect::set_table_comment(const ObjectName& t, const std::optional<std::string>&) const {
    unsupported("table comments are not supported (table " + object_label(t) + ")");
}

Statements SqliteDialect::set_column_comment(const ObjectName& t, std::string_view column, const std::optional<std::string>&) const {
    unsupported("column comments are not supported (column " + object_label(t) + "." + std::string(column) + ")");
}

Statements SqliteDialect::create_index(const ObjectName& t, const schema::Index& ix, const IndexOptions& options) const {
    if (ix.method && *ix.method != "btree")
        unsupported("index methods are not supported (index " + ix.name + " USING " + *ix.method + ")");
    if (!ix.include.empty()) unsupported("INCLUDE columns are not supported (index " + ix.name + ")");
    // The schema qualifies the index name; the table name stays bare (it is in the same database).
    std::string sql = std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " +
                      (options.if_not_exists ? "IF NOT EXISTS " : "") + qualified(t.schema, ix.name) + " ON " +
                      quote(t.name) + " " + detail::index_elements(*this, ix);
    if (ix.where) sql += " WHERE " + *ix.where;
    return {sql};
}

Statements SqliteDialect::drop_index(const ObjectName& ix, const IndexOptions&) const { return {"DROP INDEX " + qualified(ix)}; }

Statements SqliteDialect::add_primary_key(const ObjectName& t, const schema::PrimaryKey&) const {
    unsupported("ALTER TABLE ADD PRIMARY KEY is not supported (table " + object_label(t) + "); it needs a table recreation");
}

Statements SqliteDialect::add_unique(const ObjectName& t, const schema::UniqueConstraint& u) const {
    unsupported("ALTER TABLE ADD CONSTRAINT UNIQUE is not supported (table " + object_label(t) +
                (u.name ? ", constraint " + *u.name : std::string()) + "); use a unique index or a table recreation");
}

Statements SqliteDialect::add_foreign_key(const ObjectName& t, const schema::ForeignKey& fk) const {
    unsupported("ALTER TABLE ADD FOREIGN KEY is not supported (table " + object_label(t) +
                (fk.name ? ", constraint " + *fk.name : std::string()) + "); it needs a table recreation");
}

Statements SqliteDialect::add_check(const ObjectName& t, const schema::CheckConstraint& ck) const {
    unsupported("ALTER TABLE ADD CHECK is not supported (table " + object_label(t) +
                (ck.name ? ", constraint " + *ck.name : std::string()) + "); it needs a table recreation");
}

Statements SqliteDialect::drop_constraint(const ObjectName& t, std::string_view constraint) const {
    unsupported("ALTER TABLE DROP CONSTRAINT is not supported (constraint " + std::string(constraint) + " on table " +
                object_label(t) + "); it needs a table recreation");
}

Statements SqliteDialect::create_enum(const schema::EnumType& e) const {
    unsupported("enum types are not supported (enum " + object_label({e.schema, e.name}) + ")");
}
Statements SqliteDialect::drop_enum(const ObjectName& e) const {
    unsupported("enum types are not supported (enum " + object_label(e) + ")");
}
Statements SqliteDialect::add_enum_value(const ObjectName& e, std::string_view, const EnumValuePosition&) const {
    unsupported("enum types are not supported (enum " + object_label(e) + ")");
}
Statements SqliteDialect::create_sequence(const schema::Sequence& s) const {
    unsupported("sequences are not supported (sequence " + object_label({s.schema, s.name}) + ")");
}
Statements SqliteDialect::drop_sequence(const ObjectName& s) const {
    unsupported("sequences are not supported (sequence " + object_label(s) + ")");
}
Statements SqliteDialect::alter_sequence_owner(const ObjectName& s, const std::optional<std::string>&) const {
    unsupported("sequences are not supported (sequence " + object_label(s) + ")");
}
Statements SqliteDialect::create_schema(std::string_view s) const {
    unsupported("schemas are not supported (schema " + std::string(s) + "); attach a database instead");
}
Statements SqliteDialect::drop_schema(std::string_view s) const {
    unsupported("schemas are not supported (schema " + std::string(s) + ")");
}

Statements SqliteDialect::create_view(const schema::View& v) const {
    return {"CREATE VIEW " + qualified(v.schema, v.name) + " AS " + v.definition};
}

Statements SqliteDialect::replace_view(const schema::View& v) const {
    return {"DROP VIEW IF EXISTS " + qualified(v.schema, v.name), "CREATE VIEW " + qualified(v.schema, v.name) + " AS " + v.definition};
}

Statements SqliteDialect::drop_view(const ObjectName& v) const { return {"DROP VIEW " + qualified(v)}; }

} // namespace migrate::dialect
