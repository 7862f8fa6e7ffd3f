// The schema model: plain values describing tables, columns, keys, indexes and (PostgreSQL)
// enums, sequences and views. Renderers turn it into DDL, readers build it from a live
// database, autogenerate compares two of them. No I/O here.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include <migrate/schema/type.hpp>

namespace migrate::schema {

enum class Identity { none, always, by_default }; // PostgreSQL GENERATED ... AS IDENTITY

struct Column {
    std::string name;
    Type type;
    bool nullable = true;
    std::optional<std::string> server_default; // SQL expression, e.g. "0", "'x'", "now()"
    Identity identity = Identity::none;
    bool autoincrement = false;                // SQLite AUTOINCREMENT on an INTEGER PRIMARY KEY
    std::optional<std::string> collation;
    std::optional<std::string> comment;
    // GENERATED ALWAYS AS (expression): computed from other columns, never written. Stored on
    // disk (PostgreSQL has only these) or computed when read (SQLite's default, VIRTUAL).
    std::optional<std::string> generated;
    bool generated_stored = false;
    bool operator==(const Column&) const = default;
};

struct PrimaryKey {
    std::optional<std::string> name;
    std::vector<std::string> columns;
    bool operator==(const PrimaryKey&) const = default;
};

enum class FkAction { no_action, restrict, cascade, set_null, set_default };

struct ForeignKey {
    std::optional<std::string> name;
    std::vector<std::string> columns;
    std::optional<std::string> ref_schema;
    std::string ref_table;
    std::vector<std::string> ref_columns;
    FkAction on_delete = FkAction::no_action;
    FkAction on_update = FkAction::no_action;
    bool deferrable = false;
    bool initially_deferred = false;
    bool operator==(const ForeignKey&) const = default;
};

struct UniqueConstraint {
    std::optional<std::string> name;
    std::vector<std::string> columns;
    bool operator==(const UniqueConstraint&) const = default;
};

struct CheckConstraint {
    std::optional<std::string> name;
    std::string expression; // without the surrounding CHECK ( )
    bool operator==(const CheckConstraint&) const = default;
};

// One element of an index: a column name, or an SQL expression (then `is_expression`).
struct IndexElement {
    std::string text;
    bool is_expression = false;
    bool descending = false;
    bool operator==(const IndexElement&) const = default;
};

struct Index {
    std::string name;
    std::vector<IndexElement> elements;
    bool unique = false;
    std::optional<std::string> where;  // partial index predicate
    std::optional<std::string> method; // PostgreSQL: btree, gin, gist, hash, brin; nullopt = default
    std::vector<std::string> include;  // PostgreSQL INCLUDE: non-key columns stored in the index
    bool operator==(const Index&) const = default;
};

struct Table {
    std::optional<std::string> schema; // nullopt = the connection's default schema
    std::string name;
    std::vector<Column> columns;
    std::optional<PrimaryKey> primary_key;
    std::vector<ForeignKey> foreign_keys;
    std::vector<UniqueConstraint> unique_constraints;
    std::vector<CheckConstraint> check_constraints;
    std::vector<Index> indexes;
    std::optional<std::string> comment;
    bool strict = false;        // SQLite STRICT: declared types are enforced
    bool without_rowid = false; // SQLite WITHOUT ROWID: the primary key is the storage key
    bool operator==(const Table&) const = default;

    const Column* column(std::string_view name) const;
    Column* column(std::string_view name);
    std::string qualified_name() const; // "schema.name" or "name", unquoted, for messages
};

struct EnumType { // PostgreSQL CREATE TYPE ... AS ENUM
    std::optional<std::string> schema;
    std::string name;
    std::vector<std::string> values;
    bool operator==(const EnumType&) const = default;
};

struct Sequence {
    std::optional<std::string> schema;
    std::string name;
    std::optional<std::int64_t> start;
    std::optional<std::int64_t> increment;
    std::optional<std::int64_t> min_value;
    std::optional<std::int64_t> max_value;
    bool cycle = false;
    std::optional<std::string> owned_by; // "table.column"
    bool operator==(const Sequence&) const = default;
};

struct View {
    std::optional<std::string> schema;
    std::string name;
    std::string definition; // the SELECT, as the database normalises it when reflected
    bool operator==(const View&) const = default;
};

struct MetaData {
    std::vector<std::string> schemas; // PostgreSQL schemas to create (besides public)
    std::vector<EnumType> enums;
    std::vector<Sequence> sequences;
    std::vector<Table> tables;
    std::vector<View> views;
    bool operator==(const MetaData&) const = default;

    const Table* table(std::string_view name, const std::optional<std::string>& schema = {}) const;
    Table* table(std::string_view name, const std::optional<std::string>& schema = {});
};

} // namespace migrate::schema
