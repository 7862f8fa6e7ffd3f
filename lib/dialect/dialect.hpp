// The one seam between the dialect-neutral layers and SQL: quoting, types, DDL for every schema
// object, capabilities as data. Rendering returns statements, so offline --sql and online runs
// share one path and rendering tests need no database.
//
// Threads: a Dialect (dialect_for's objects) holds no state and is safe to share between
// threads; introspection and read-back run on the Connection they are given, one thread's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/db/connection.hpp>
#include <migrate/db/url.hpp>
#include <migrate/db/value.hpp>
#include <migrate/schema/model.hpp>
#include <migrate/schema/type.hpp>

namespace migrate {
class DatabaseError;
}

namespace migrate::dialect {

using Statements = std::vector<std::string>; // each without a trailing ';'

// What a dialect can do in place. Upper layers ask these instead of comparing dialect names.
struct Capabilities {
    bool transactional_ddl = false;
    bool alter_column_type = false;
    bool alter_column_nullable = false;
    bool alter_column_default = false;
    bool alter_column_collation = false;
    bool add_column = true;
    bool drop_column = false;   // SQLite: only when the column is in no key/index/constraint
    bool rename_column = false;
    bool rename_table = true;
    bool rename_index = false;   // ALTER INDEX ... RENAME TO (otherwise DROP + CREATE under the new name)
    bool add_constraint = false; // ALTER TABLE ADD PRIMARY KEY / UNIQUE / FOREIGN KEY / CHECK
    bool drop_constraint = false;
    bool comments = false;
    bool enums = false;
    bool sequences = false;
    bool schemas = false;        // CREATE SCHEMA
    bool views = true;
    bool replace_view = false;   // CREATE OR REPLACE VIEW (otherwise DROP + CREATE)
    bool index_methods = false;  // USING gin / gist / hash / brin
    bool partial_indexes = true;
    bool expression_indexes = true;
    bool concurrent_index = false; // CREATE INDEX CONCURRENTLY (outside a transaction)
    bool deferrable_fk = false;
    bool identity = false;       // GENERATED ... AS IDENTITY
    bool autoincrement = false;  // SQLite INTEGER PRIMARY KEY AUTOINCREMENT
    // The key an INSERT generated is the connection's last insert id (SQLite: the rowid an
    // INTEGER PRIMARY KEY aliases), so the ORM reads it without RETURNING rows.
    bool last_insert_id_is_key = false;
    // The ORM's flush writes many rows per statement (multi-row INSERT, UPDATE ... FROM
    // (VALUES ...), DELETE ... IN (...)) where every statement is a round trip to a server;
    // in-process SQLite steps one prepared statement per row instead (Connection::execute_many).
    bool multi_row_writes = false;
    std::size_t max_parameters = 999; // bound parameters one statement may take
    bool fk_targets_checked_at_create = false; // false: FKs may point at tables not yet created
    std::size_t max_identifier_bytes = 0;      // 0 = no limit; 63 on PostgreSQL
    // The server stores expressions (CHECK, defaults, index expressions, view bodies) in a form
    // of its own (PostgreSQL deparses them: `x IN (1, 2)` reads back as `x = ANY (ARRAY[1, 2])`),
    // so a model's own text compares only with what the same server made of it.
    bool rewrites_expressions = false;
    // DDL on a table takes locks that block its readers or writers for as long as it runs, and
    // online forms exist (CREATE INDEX CONCURRENTLY, NOT VALID constraints, lock_timeout):
    // PostgreSQL. `migrate lint`'s lock and rewrite rules apply where this is set.
    bool ddl_locks_tables = false;
};

// A possibly schema-qualified object name: table, index, view, enum type or sequence.
struct ObjectName {
    std::optional<std::string> schema;
    std::string name;
    bool operator==(const ObjectName&) const = default;
};

struct CreateTableOptions {
    // false: leave the foreign keys out, to be added later with add_foreign_key (closing cycles).
    bool include_foreign_keys = true;
    bool include_indexes = true; // CREATE INDEX statements for Table::indexes after the CREATE TABLE
    bool if_not_exists = false;
};

struct IndexOptions {
    bool concurrently = false; // PostgreSQL only; ignored where not supported
    bool if_not_exists = false;
};

// A backfill: `set` (column -> SQL expression) on the rows of `table`, in batches of
// `batch_size` rows in the order of the integer column `key`; `where` limits the rows updated.
struct BackfillSpec {
    ObjectName table;
    std::map<std::string, std::string> set;
    std::string key;
    std::optional<std::string> where;
    std::int64_t batch_size = 1000;
};

// Where add_enum_value puts the new label; both empty = at the end.
struct EnumValuePosition {
    std::optional<std::string> before;
    std::optional<std::string> after;
};

class Dialect {
public:
    virtual ~Dialect() = default;

    virtual std::string_view name() const = 0; // "sqlite", "postgresql"
    virtual db::Backend backend() const = 0;
    virtual const Capabilities& capabilities() const = 0;

    // --- quoting: identifiers are always quoted ---------------------------------------
    // "a""b" for a"b. Throws NotSupported for an empty name or one over max_identifier_bytes.
    std::string quote(std::string_view identifier) const;
    // "schema"."name", or "name" without a schema.
    std::string qualified(const std::optional<std::string>& schema, std::string_view name) const;
    std::string qualified(const ObjectName& object) const { return qualified(object.schema, object.name); }
    // 'it''s' (an SQL string literal, for comments, enum labels).
    std::string quote_literal(std::string_view text) const;
    // A value as an SQL literal for offline scripts (bulk_insert --sql): NULL, 42, 'x', x'00ff'
    // (SQLite) or '\x00ff'::bytea (PostgreSQL), TRUE/FALSE (PostgreSQL) or 1/0 (SQLite).
    virtual std::string literal(const db::Value& value) const = 0;

    // --- types ------------------------------------------------------------------------
    // Portable Type -> this dialect's spelling ("double" -> "double precision" on PostgreSQL).
    virtual std::string render_type(const schema::Type& type) const = 0;
    // This dialect's spelling (a declared type, PostgreSQL's format_type()) -> portable Type,
    // so that parse_type(render_type(t)) == t for every portable t.
    virtual schema::Type parse_type(std::string_view text) const = 0;
    // A server default as the database reports it -> the form autogenerate compares:
    // PostgreSQL strips literal casts ('x'::text -> 'x', 'a'::character varying -> 'a'),
    // redundant outer parentheses, and spells now() / CURRENT_TIMESTAMP consistently.
    virtual std::string normalise_default(std::string_view expression) const = 0;
    // The model as it reads back from a database of this dialect after render + apply:
    // types through parse_type(render_type()), defaults normalised, dialect-specific folding
    // (SQLite autoincrement columns become integer; PostgreSQL autoincrement becomes identity
    // by default and unnamed keys get PostgreSQL's default names). Used by round-trip tests
    // and by autogenerate's comparison.
    virtual schema::MetaData normalise(const schema::MetaData& metadata) const = 0;

    // --- tables and columns -----------------------------------------------------------
    // One column definition as inside CREATE TABLE / ADD COLUMN: "name" TYPE NOT NULL DEFAULT ...
    virtual std::string column_definition(const schema::Column& column) const = 0;
    virtual Statements create_table(const schema::Table& table, const CreateTableOptions& options = {}) const = 0;
    virtual Statements drop_table(const ObjectName& table) const = 0;
    virtual Statements rename_table(const ObjectName& table, std::string_view new_name) const = 0;
    virtual Statements add_column(const ObjectName& table, const schema::Column& column) const = 0;
    virtual Statements drop_column(const ObjectName& table, std::string_view column) const = 0;
    virtual Statements rename_column(const ObjectName& table, std::string_view column,
                                     std::string_view new_name) const = 0;
    // `using_expression`: PostgreSQL's USING clause for a conversion the cast cannot do alone.
    // `collation`: the column's collation after the change; nullopt = the type's default (a
    // collation change on PostgreSQL is a type change that restates the type).
    virtual Statements alter_column_type(const ObjectName& table, std::string_view column,
                                         const schema::Type& type,
                                         const std::optional<std::string>& using_expression = {},
                                         const std::optional<std::string>& collation = {}) const = 0;
    virtual Statements alter_column_nullable(const ObjectName& table, std::string_view column,
                                             bool nullable) const = 0;
    // nullopt drops the default.
    virtual Statements alter_column_default(const ObjectName& table, std::string_view column,
                                            const std::optional<std::string>& server_default) const = 0;
    // nullopt removes the comment.
    virtual Statements set_table_comment(const ObjectName& table, const std::optional<std::string>& comment) const = 0;
    virtual Statements set_column_comment(const ObjectName& table, std::string_view column,
                                          const std::optional<std::string>& comment) const = 0;

    // --- indexes and constraints ------------------------------------------------------
    virtual Statements create_index(const ObjectName& table, const schema::Index& index,
                                    const IndexOptions& options = {}) const = 0;
    // `index.schema` is the schema of the index (= its table's schema).
    virtual Statements drop_index(const ObjectName& index, const IndexOptions& options = {}) const = 0;
    // Renames index `index` of `table`: ALTER INDEX ... RENAME TO where capabilities().rename_index,
    // else DROP INDEX + CREATE INDEX from `definition` under the new name (NotSupported without it).
    Statements rename_index(const ObjectName& table, std::string_view index, std::string_view new_name,
                            const std::optional<schema::Index>& definition) const;
    virtual Statements add_primary_key(const ObjectName& table, const schema::PrimaryKey& key) const = 0;
    virtual Statements add_unique(const ObjectName& table, const schema::UniqueConstraint& constraint) const = 0;
    virtual Statements add_foreign_key(const ObjectName& table, const schema::ForeignKey& key) const = 0;
    virtual Statements add_check(const ObjectName& table, const schema::CheckConstraint& check) const = 0;
    virtual Statements drop_constraint(const ObjectName& table, std::string_view constraint) const = 0;

    // --- PostgreSQL objects (NotSupported where the dialect lacks them) ----------------
    virtual Statements create_enum(const schema::EnumType& type) const = 0;
    virtual Statements drop_enum(const ObjectName& type) const = 0;
    virtual Statements add_enum_value(const ObjectName& type, std::string_view value,
                                      const EnumValuePosition& position = {}) const = 0;
    virtual Statements create_sequence(const schema::Sequence& sequence) const = 0;
    virtual Statements drop_sequence(const ObjectName& sequence) const = 0;
    // ALTER SEQUENCE ... OWNED BY "table"."column" (in the sequence's schema), or OWNED BY NONE.
    virtual Statements alter_sequence_owner(const ObjectName& sequence, const std::optional<std::string>& owned_by) const = 0;
    virtual Statements create_schema(std::string_view schema) const = 0;
    virtual Statements drop_schema(std::string_view schema) const = 0;

    // --- views --------------------------------------------------------------------------
    virtual Statements create_view(const schema::View& view) const = 0;
    // CREATE OR REPLACE VIEW on PostgreSQL; DROP VIEW IF EXISTS + CREATE VIEW on SQLite.
    virtual Statements replace_view(const schema::View& view) const = 0;
    virtual Statements drop_view(const ObjectName& view) const = 0;

    // --- the runtime's own statements: version and history tables ----------------------
    // The schema unqualified names live in ("public"; SQLite's "main").
    virtual std::string default_schema() const = 0;
    // CREATE TABLE IF NOT EXISTS for the version table (one row per current head) and the
    // history table (one row per applied, reverted or stamped step).
    Statements create_version_tables(std::string_view version_table, std::string_view history_table) const;
    // A query with one `?` (a table name) that returns a row when the table exists in the
    // default schema.
    virtual std::string table_exists_query() const = 0;
    std::string select_versions(std::string_view version_table) const;
    std::string insert_version(std::string_view version_table, std::string_view revision) const;
    std::string delete_version(std::string_view version_table, std::string_view revision) const;
    std::string update_version(std::string_view version_table, std::string_view from, std::string_view to) const;
    std::string delete_all_versions(std::string_view version_table) const;
    // A history row; `duration_ms` NULL (offline scripts, stamps), `checksum` NULL when empty;
    // `applied_by` written only when given (a history table from before that column has none).
    std::string insert_history(std::string_view history_table, std::string_view revision, std::string_view direction,
                               std::optional<std::int64_t> duration_ms, std::string_view checksum,
                               std::string_view applied_by = {}) const;
    // Every column, oldest first: read by name (tables from before applied_by lack it).
    std::string select_history(std::string_view history_table) const;
    // A query with two `?` (table, column) that returns a row when the column exists.
    virtual std::string column_exists_query() const = 0;
    // Adds applied_by to a history table created before it existed.
    std::string add_history_applied_by(std::string_view history_table) const;

    // --- the migration lock: one run at a time per database ------------------------------
    // Takes the lock keyed `key` for this connection if it is free, without waiting: true when
    // taken. Holds it across commits until unlock (PostgreSQL: a session advisory lock;
    // SQLite: the write lock kept by exclusive locking mode).
    virtual bool try_lock(db::Connection& conn, std::int64_t key) const = 0;
    virtual void unlock(db::Connection& conn, std::int64_t key) const = 0;
    // What the lock is, for messages: "PostgreSQL advisory lock 42", "SQLite write lock".
    virtual std::string lock_name(std::int64_t key) const = 0;
    // The same lock held only until the open transaction ends (PostgreSQL's
    // pg_try_advisory_xact_lock), for a server behind PgBouncer's transaction pooling, where a
    // session lock would stay on a server connection that other clients then get. Call it inside
    // a transaction. NotSupported where there is no such lock.
    virtual bool try_transaction_lock(db::Connection& conn, std::int64_t key) const;

    // --- schema-per-tenant ----------------------------------------------------------------
    // Puts `schema` first on the connection's search path, before what was there, so that
    // unqualified names (the version tables', a revision's) resolve and are created there.
    // NotSupported where schemas are not namespaces of one database (SQLite).
    virtual Statements lead_search_path(std::string_view schema) const;
    // CREATE SCHEMA IF NOT EXISTS.
    virtual Statements ensure_schema(std::string_view schema) const;
    // A query with one `?` (a schema name) that returns a row when the schema exists.
    virtual std::string schema_exists_query() const;

    // --- foreign-key enforcement around table recreation ---------------------------------
    // Whether this connection enforces foreign keys in a way a recreation must switch off
    // (SQLite's foreign_keys setting; never on PostgreSQL, which recreates nothing).
    virtual bool foreign_keys_enforced(db::Connection& conn) const = 0;
    // The statements that switch enforcement; outside a transaction on SQLite. Empty where
    // there is nothing to switch.
    virtual Statements set_foreign_keys(bool enforced) const = 0;
    // The statement that lists the rows of `table` whose foreign keys point nowhere (SQLite:
    // PRAGMA foreign_key_check). NotSupported where the dialect has none.
    virtual std::string foreign_key_check(const ObjectName& table) const = 0;
    // A recreation's final rename of the new table to `name`, leaving the views, triggers and
    // foreign keys that mention the table by that name as they are.
    virtual Statements rename_recreated_table(const ObjectName& temp, std::string_view name) const = 0;
    // True for a constraint violation (NOT NULL, UNIQUE, CHECK, FOREIGN KEY) reported by the database.
    virtual bool is_constraint_violation(const DatabaseError& error) const = 0;
    // A URL of a private in-memory database of this dialect, where there is one (SQLite).
    virtual std::optional<std::string> in_memory_url() const = 0;

    // --- the ORM's batched writes ---------------------------------------------------------
    // A query returning N fresh values of the sequence behind a generated key column, one per
    // row, so that keys are assigned to objects before their rows are inserted. Parameters: the
    // table as quote() spells it, the column name, N. Values are NULL when the column has no
    // sequence; nullopt where the dialect has no sequences.
    virtual std::optional<std::string> allocate_keys_query() const { return std::nullopt; }
    // Between an INSERT's column list and VALUES when the rows carry such allocated keys
    // (PostgreSQL: OVERRIDING SYSTEM VALUE, which a GENERATED ALWAYS identity needs).
    virtual std::string_view allocated_keys_clause() const { return {}; }
    // A `?` parameter typed as a column of `type`, for VALUES lists where nothing else types it.
    std::string typed_parameter(const schema::Type& type) const { return "CAST(? AS " + render_type(type) + ")"; }
    // Whether the database's message for a failed statement names `value` of `column` as the
    // offending one (PostgreSQL: "Key (name)=(dup) already exists."), so that a failed
    // multi-row statement can name its row.
    virtual bool error_names_value(const std::string& message, std::string_view column, const db::Value& value) const {
        (void)message, (void)column, (void)value;
        return false;
    }

    // --- what `migrate lint` reads of a database and of expressions ----------------------
    // The rows of `table`: the planner's estimate where the database keeps one (PostgreSQL's
    // pg_class.reltuples), else a count that stops at `bound` (SQLite; a PostgreSQL table never
    // analysed). nullopt when the table does not exist.
    virtual std::optional<std::int64_t> table_rows(db::Connection& conn, const ObjectName& table,
                                                   std::int64_t bound) const = 0;
    // Whether changing a column's type from `from` to `to` in place rewrites the whole table
    // under an exclusive lock (PostgreSQL: all but a longer varchar, varchar to text, a wider
    // numeric). False where types are not changed in place.
    virtual bool type_change_rewrites(const schema::Type& from, const schema::Type& to) const {
        (void)from, (void)to;
        return false;
    }
    // Whether an expression calls a volatile function (random(), clock_timestamp(), nextval()),
    // so that a column added with it as default is computed row by row, rewriting the table.
    virtual bool is_volatile_expression(std::string_view expression) const {
        (void)expression;
        return false;
    }
    // Whether `sql` sets the lock timeout of the session or transaction (SET [LOCAL] lock_timeout).
    virtual bool sets_lock_timeout(std::string_view sql) const {
        (void)sql;
        return false;
    }

    // --- online changes (PostgreSQL) and backfills ----------------------------------------
    // ADD CONSTRAINT ... NOT VALID where constraints are added in place; elsewhere the plain add
    // (SQLite adds constraints by recreating the table, which checks every row anyway).
    virtual Statements add_foreign_key_not_valid(const ObjectName& table, const schema::ForeignKey& key) const {
        return add_foreign_key(table, key);
    }
    virtual Statements add_check_not_valid(const ObjectName& table, const schema::CheckConstraint& check) const {
        return add_check(table, check);
    }
    // ALTER TABLE ... VALIDATE CONSTRAINT; nothing where every constraint is checked when added.
    virtual Statements validate_constraint(const ObjectName& table, std::string_view constraint) const {
        (void)table, (void)constraint;
        return {};
    }
    // SET NOT NULL without scanning the table under an ACCESS EXCLUSIVE lock, as statements each
    // meant to commit on its own (PostgreSQL: a NOT VALID CHECK (column IS NOT NULL), VALIDATE,
    // SET NOT NULL, which the validated check spares the scan, and the check dropped). Elsewhere
    // the plain change.
    virtual Statements set_not_null_online(const ObjectName& table, std::string_view column) const {
        return alter_column_nullable(table, column, false);
    }
    // Limits for the transaction running (PostgreSQL: SET LOCAL lock_timeout / statement_timeout);
    // nothing where there are none (SQLite: the run holds the database's write lock throughout).
    virtual Statements set_local_timeouts(std::optional<std::int64_t> lock_timeout_ms,
                                          std::optional<std::int64_t> statement_timeout_ms) const {
        (void)lock_timeout_ms, (void)statement_timeout_ms;
        return {};
    }
    // A statement that gave up waiting for a lock (PostgreSQL SQLSTATE 55P03, lock_not_available).
    virtual bool is_lock_timeout(const DatabaseError& error) const {
        (void)error;
        return false;
    }
    // A backfill's queries. first_key: the key before the first row (NULL for an empty table).
    // batch_end: one `?` (the last key done): the key that ends the next batch, NULL when no row
    // is left. update: two `?` (after, up to): the batch's UPDATE.
    std::string backfill_first_key(const BackfillSpec& spec) const;
    std::string backfill_batch_end(const BackfillSpec& spec) const;
    std::string backfill_update(const BackfillSpec& spec) const;
    // A backfill as an offline script: PostgreSQL a DO block committing each batch; elsewhere one
    // UPDATE of every row (the offline script keeps no progress).
    virtual Statements backfill_script(const BackfillSpec& spec) const;
    // The progress table of backfills (one row per revision and op: the last key done, rows and
    // batches), its read (`?` revision, `?` op index), its upsert (`?` revision, op index, last
    // key, rows, batches) and the removal of a revision's rows once it is recorded.
    Statements create_backfill_progress(std::string_view table) const;
    std::string select_backfill_progress(std::string_view table) const;
    std::string save_backfill_progress(std::string_view table) const;
    std::string delete_backfill_progress(std::string_view table, std::string_view revision) const;

    // --- a whole model -----------------------------------------------------------------
    // Every statement to create `metadata` in an empty database, in dependency order:
    // schemas, enums, sequences, tables (referenced first; FK cycles closed afterwards with
    // ALTER TABLE ADD CONSTRAINT where FK targets are checked, inline on SQLite), their
    // indexes, sequence ownership, comments, views.
    virtual Statements render_metadata(const schema::MetaData& metadata) const;
    // The reverse: drops everything in `metadata`, dependents first.
    virtual Statements drop_metadata(const schema::MetaData& metadata) const;
};

// A new dialect object, or the shared instance (dialects are stateless).
std::unique_ptr<Dialect> make_dialect(db::Backend backend);
const Dialect& dialect_for(db::Backend backend);
// "sqlite" or "postgresql" (also "postgres"); throws UsageError naming the value otherwise.
const Dialect& dialect_named(std::string_view name);

} // namespace migrate::dialect
