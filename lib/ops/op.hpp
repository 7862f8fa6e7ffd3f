// The operations a revision is made of: a closed set of plain values (a std::variant), so that
// the renderer, the reverser, a linter or the SQLite recreate planner can all read them as data.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include <migrate/dialect/dialect.hpp>
#include <migrate/schema/model.hpp>
#include <migrate/schema/type.hpp>

namespace migrate::ops {

// A change to an optional property: absent = leave it alone; holding nullopt = remove it
// (DROP DEFAULT, drop the comment); holding a value = set it.
template <class T>
using Change = std::optional<std::optional<T>>;

// ---- tables ---------------------------------------------------------------------------------

struct CreateTable {
    schema::Table table; // its schema, columns, keys, constraints, indexes and comment
    bool operator==(const CreateTable&) const = default;
};

struct DropTable {
    std::optional<std::string> schema;
    std::string table;
    std::optional<schema::Table> definition; // the dropped table, which makes the op reversible
    bool operator==(const DropTable&) const = default;
};

struct RenameTable {
    std::optional<std::string> schema;
    std::string table;
    std::string new_name;
    bool operator==(const RenameTable&) const = default;
};

struct SetTableComment {
    std::optional<std::string> schema;
    std::string table;
    std::optional<std::string> comment;            // nullopt = remove the comment
    Change<std::string> existing_comment;          // for reversal
    bool operator==(const SetTableComment&) const = default;
};

// ---- columns --------------------------------------------------------------------------------

struct AddColumn {
    std::optional<std::string> schema;
    std::string table;
    schema::Column column;
    bool operator==(const AddColumn&) const = default;
};

struct DropColumn {
    std::optional<std::string> schema;
    std::string table;
    std::string column;
    std::optional<schema::Column> definition; // the dropped column, which makes the op reversible
    bool operator==(const DropColumn&) const = default;
};

// Any combination of changes to one column. The existing_* fields describe the column before
// the change: they make the op reversible and let a dialect (or the SQLite recreate planner)
// render what it must restate.
struct AlterColumn {
    std::optional<std::string> schema;
    std::string table;
    std::string column;

    std::optional<schema::Type> type;
    std::optional<std::string> using_expr; // PostgreSQL: USING expression for a type change
    std::optional<bool> nullable;
    Change<std::string> server_default;
    Change<std::string> comment;
    Change<std::string> collation; // holding nullopt = back to the type's default collation
    std::optional<std::string> new_name;
    // PostgreSQL, with nullable = false alone: SET NOT NULL without holding an ACCESS EXCLUSIVE
    // lock through a scan (a NOT VALID check, VALIDATE, SET NOT NULL, drop the check), each step
    // committed on its own. Elsewhere the plain change.
    bool online = false;

    std::optional<schema::Type> existing_type;
    std::optional<bool> existing_nullable;
    Change<std::string> existing_server_default;
    Change<std::string> existing_comment;
    Change<std::string> existing_collation;
    bool operator==(const AlterColumn&) const = default;

    bool changes_anything() const { return type || nullable || server_default || comment || collation || new_name; }
};

struct SetColumnComment {
    std::optional<std::string> schema;
    std::string table;
    std::string column;
    std::optional<std::string> comment;   // nullopt = remove the comment
    Change<std::string> existing_comment; // for reversal
    bool operator==(const SetColumnComment&) const = default;
};

// ---- indexes and constraints ----------------------------------------------------------------

struct CreateIndex {
    std::optional<std::string> schema;
    std::string table;
    schema::Index index;
    bool concurrently = false; // PostgreSQL CREATE INDEX CONCURRENTLY: runs outside a transaction
    bool operator==(const CreateIndex&) const = default;
};

struct DropIndex {
    std::optional<std::string> schema;
    std::string table;
    std::string name;
    std::optional<schema::Index> definition; // makes the op reversible
    bool concurrently = false;
    bool operator==(const DropIndex&) const = default;
};

// An index renamed in place. SQLite has no ALTER INDEX ... RENAME: there it is dropped and created
// again under the new name, from `definition` (autogenerate always fills it).
struct RenameIndex {
    std::optional<std::string> schema;
    std::string table;
    std::string name;
    std::string new_name;
    std::optional<schema::Index> definition; // the index as it is (named `name`)
    bool operator==(const RenameIndex&) const = default;
};

struct CreateUniqueConstraint {
    std::optional<std::string> schema;
    std::string table;
    schema::UniqueConstraint constraint;
    bool operator==(const CreateUniqueConstraint&) const = default;
};

struct CreateForeignKey {
    std::optional<std::string> schema;
    std::string table;
    schema::ForeignKey constraint;
    // PostgreSQL: NOT VALID (existing rows are not checked; validate_constraint does it later,
    // without blocking writes). Where constraints are added by recreating the table (SQLite)
    // the rows are checked as always.
    bool not_valid = false;
    bool operator==(const CreateForeignKey&) const = default;
};

struct CreateCheckConstraint {
    std::optional<std::string> schema;
    std::string table;
    schema::CheckConstraint constraint;
    bool not_valid = false; // as for CreateForeignKey
    bool operator==(const CreateCheckConstraint&) const = default;
};

struct CreatePrimaryKey {
    std::optional<std::string> schema;
    std::string table;
    schema::PrimaryKey constraint;
    bool operator==(const CreatePrimaryKey&) const = default;
};

enum class ConstraintType { unique, foreign_key, check, primary_key };
std::string_view to_string(ConstraintType);

using Constraint = std::variant<schema::UniqueConstraint, schema::ForeignKey, schema::CheckConstraint,
                                schema::PrimaryKey>;
ConstraintType constraint_type(const Constraint&);

// Drops a constraint by its name or, when `name` is empty, by its definition (an unnamed
// SQLite constraint: the same columns, and for a foreign key the same referred table and
// columns), which only a table recreation can do.
struct DropConstraint {
    std::optional<std::string> schema;
    std::string table;
    std::string name; // empty: unnamed, found by `definition`
    ConstraintType type = ConstraintType::unique;
    std::optional<Constraint> definition; // makes the op reversible; its name equals `name`
    bool operator==(const DropConstraint&) const = default;
};

// Checks the existing rows against a constraint added NOT VALID (PostgreSQL VALIDATE CONSTRAINT,
// which blocks no reads or writes). Run in a transaction of its own, so that the lock the
// constraint was added under is no longer held. Nothing where constraints are always checked
// when added (SQLite). Its reverse is itself (validating a valid constraint does nothing).
struct ValidateConstraint {
    std::optional<std::string> schema;
    std::string table;
    std::string name;
    bool operator==(const ValidateConstraint&) const = default;
};

// ---- PostgreSQL types, sequences, views -----------------------------------------------------

struct CreateEnum {
    schema::EnumType type;
    bool operator==(const CreateEnum&) const = default;
};

struct DropEnum {
    std::optional<std::string> schema;
    std::string name;
    std::optional<std::vector<std::string>> values; // makes the op reversible
    bool operator==(const DropEnum&) const = default;
};

// Not reversible: PostgreSQL cannot remove a value from an enum.
struct AddEnumValue {
    std::optional<std::string> schema;
    std::string name;  // the enum type
    std::string value;
    std::optional<std::string> before; // at most one of before/after
    std::optional<std::string> after;
    bool operator==(const AddEnumValue&) const = default;
};

struct CreateSequence {
    schema::Sequence sequence;
    bool operator==(const CreateSequence&) const = default;
};

// Reversal recreates the sequence with the options it carries (its current value is not kept).
struct DropSequence {
    schema::Sequence sequence;
    bool operator==(const DropSequence&) const = default;
};

struct CreateView {
    schema::View view;
    bool operator==(const CreateView&) const = default;
};

struct ReplaceView {
    schema::View view;                            // the new definition
    std::optional<std::string> old_definition;    // makes the op reversible
    bool operator==(const ReplaceView&) const = default;
};

struct DropView {
    std::optional<std::string> schema;
    std::string name;
    std::optional<std::string> definition; // makes the op reversible
    bool operator==(const DropView&) const = default;
};

// ---- data and escape hatch ------------------------------------------------------------------

// Raw SQL, run as is; `dialect` ("sqlite", "postgresql") restricts it to one dialect.
struct Sql {
    std::string sql;
    std::optional<std::string> dialect;
    bool operator==(const Sql&) const = default;
};

// Seed rows: each a JSON object {column: value}; values are null, booleans, numbers or strings
// (arrays and objects are stored as their JSON text, for json columns).
struct BulkInsert {
    std::optional<std::string> schema;
    std::string table;
    std::vector<nlohmann::json> rows;
    bool operator==(const BulkInsert&) const = default;
};

// An UPDATE of every row of `table` in batches of `batch_size` rows in the order of `key` (an
// integer column whose values are unique), each batch committed on its own with the progress
// (the last key done) recorded in the runtime's progress table, so that an interrupted backfill
// resumes after the last committed batch. `set`: column -> SQL expression; `where` limits which
// rows of a batch are updated. Not reversible by an op: its reverse is nothing (the values stay).
struct Backfill {
    std::optional<std::string> schema;
    std::string table;
    std::map<std::string, std::string> set;
    std::string key;
    std::optional<std::string> where;
    std::int64_t batch_size = 1000;
    bool operator==(const Backfill&) const = default;
};

using Op = std::variant<CreateTable, DropTable, RenameTable, SetTableComment,
                        AddColumn, DropColumn, AlterColumn, SetColumnComment,
                        CreateIndex, DropIndex, RenameIndex,
                        CreateUniqueConstraint, CreateForeignKey, CreateCheckConstraint,
                        CreatePrimaryKey, DropConstraint, ValidateConstraint,
                        CreateEnum, DropEnum, AddEnumValue,
                        CreateSequence, DropSequence,
                        CreateView, ReplaceView, DropView,
                        Sql, BulkInsert, Backfill>;

// The op's name as written in revision files: "create_table", "add_column", ...
std::string_view op_name(const Op&);

// A table (or other object) an op acts on, schema-qualified when the op says so.
using dialect::ObjectName;
std::string display_name(const ObjectName&); // "name" or "schema.name", unquoted, for messages

// The table an op changes, or nullopt for ops that touch no table (enums, sequences, views,
// sql). The SQLite recreate planner groups ops by this.
std::optional<ObjectName> target_table(const Op&);

// A short label for messages and progress: "add_column books.isbn", "create_index
// ix_books_isbn on books", "sql: UPDATE books SET ...".
std::string describe(const Op&);

} // namespace migrate::ops
