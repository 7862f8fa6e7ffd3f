// PostgreSQL: quoting, type spelling, DDL for every object, constraint names as PostgreSQL
// chooses them (for normalise), default-expression normalisation for comparison.
#pragma once

#include <migrate/dialect/dialect.hpp>

namespace migrate::dialect {

class PostgresqlDialect final : public Dialect {
public:
    std::string_view name() const override { return "postgresql"; }
    db::Backend backend() const override { return db::Backend::postgresql; }
    const Capabilities& capabilities() const override;
    std::string literal(const db::Value& value) const override;
    std::optional<std::string> allocate_keys_query() const override;
    std::string_view allocated_keys_clause() const override { return " OVERRIDING SYSTEM VALUE"; }
    bool error_names_value(const std::string& message, std::string_view column, const db::Value& value) const override;

    std::string render_type(const schema::Type& type) const override;
    schema::Type parse_type(std::string_view text) const override;
    std::string normalise_default(std::string_view expression) const override;
    schema::MetaData normalise(const schema::MetaData& metadata) const override;

    std::string column_definition(const schema::Column& column) const override;
    Statements create_table(const schema::Table& table, const CreateTableOptions& options = {}) const override;
    Statements drop_table(const ObjectName& table) const override;
    Statements rename_table(const ObjectName& table, std::string_view new_name) const override;
    Statements add_column(const ObjectName& table, const schema::Column& column) const override;
    Statements drop_column(const ObjectName& table, std::string_view column) const override;
    Statements rename_column(const ObjectName& table, std::string_view column, std::string_view new_name) const override;
    Statements alter_column_type(const ObjectName& table, std::string_view column, const schema::Type& type,
                                 const std::optional<std::string>& using_expression = {},
                                 const std::optional<std::string>& collation = {}) const override;
    Statements alter_column_nullable(const ObjectName& table, std::string_view column, bool nullable) const override;
    Statements alter_column_default(const ObjectName& table, std::string_view column,
                                    const std::optional<std::string>& server_default) const override;
    Statements set_table_comment(const ObjectName& table, const std::optional<std::string>& comment) const override;
    Statements set_column_comment(const ObjectName& table, std::string_view column,
                                  const std::optional<std::string>& comment) const override;

    Statements create_index(const ObjectName& table, const schema::Index& index, const IndexOptions& options = {}) const override;
    Statements drop_index(const ObjectName& index, const IndexOptions& options = {}) const override;
    Statements add_primary_key(const ObjectName& table, const schema::PrimaryKey& key) const override;
    Statements add_unique(const ObjectName& table, const schema::UniqueConstraint& constraint) const override;
    Statements add_foreign_key(const ObjectName& table, const schema::ForeignKey& key) const override;
    Statements add_check(const ObjectName& table, const schema::CheckConstraint& check) const override;
    Statements drop_constraint(const ObjectName& table, std::string_view constraint) const override;

    Statements create_enum(const schema::EnumType& type) const override;
    Statements drop_enum(const ObjectName& type) const override;
    Statements add_enum_value(const ObjectName& type, std::string_view value, const EnumValuePosition& position = {}) const override;
    Statements create_sequence(const schema::Sequence& sequence) const override;
    Statements drop_sequence(const ObjectName& sequence) const override;
    Statements alter_sequence_owner(const ObjectName& sequence, const std::optional<std::string>& owned_by) const override;
    Statements create_schema(std::string_view schema) const override;
    Statements drop_schema(std::string_view schema) const override;

    Statements create_view(const schema::View& view) const override;
    Statements replace_view(const schema::View& view) const override;
    Statements drop_view(const ObjectName& view) const override;

    std::string default_schema() const override;
    std::string table_exists_query() const override;
    std::string column_exists_query() const override;
    bool try_lock(db::Connection& conn, std::int64_t key) const override;
    void unlock(db::Connection& conn, std::int64_t key) const override;
    std::string lock_name(std::int64_t key) const override;
    bool try_transaction_lock(db::Connection& conn, std::int64_t key) const override;
    Statements lead_search_path(std::string_view schema) const override;
    Statements ensure_schema(std::string_view schema) const override;
    std::string schema_exists_query() const override;
    bool foreign_keys_enforced(db::Connection& conn) const override;
    Statements set_foreign_keys(bool enforced) const override;
    std::string foreign_key_check(const ObjectName& table) const override;
    Statements rename_recreated_table(const ObjectName& temp, std::string_view name) const override;
    bool is_constraint_violation(const DatabaseError& error) const override;
    std::optional<std::string> in_memory_url() const override;

    std::optional<std::int64_t> table_rows(db::Connection& conn, const ObjectName& table,
                                           std::int64_t bound) const override;
    bool type_change_rewrites(const schema::Type& from, const schema::Type& to) const override;
    bool is_volatile_expression(std::string_view expression) const override;
    bool sets_lock_timeout(std::string_view sql) const override;

    Statements add_foreign_key_not_valid(const ObjectName& table, const schema::ForeignKey& key) const override;
    Statements add_check_not_valid(const ObjectName& table, const schema::CheckConstraint& check) const override;
    Statements validate_constraint(const ObjectName& table, std::string_view constraint) const override;
    Statements set_not_null_online(const ObjectName& table, std::string_view column) const override;
    Statements set_local_timeouts(std::optional<std::int64_t> lock_timeout_ms,
                                  std::optional<std::int64_t> statement_timeout_ms) const override;
    bool is_lock_timeout(const DatabaseError& error) const override;
    Statements backfill_script(const BackfillSpec& spec) const override;
};

} // namespace migrate::dialect
