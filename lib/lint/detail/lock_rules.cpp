// The PostgreSQL rules: DDL that blocks a table with rows for as long as it scans, rewrites or
// builds, where an online form exists. They apply where the dialect says its DDL locks tables.
#include "context.hpp"

namespace migrate::lint::detail {

namespace {

// The table an op locks in a mode that blocks its writers, if any: ACCESS EXCLUSIVE (most ALTER
// TABLE forms, drops), SHARE (CREATE INDEX) or SHARE ROW EXCLUSIVE (a foreign key, NOT VALID or
// not). While such a lock waits, every later writer of the table queues behind it. Comments,
// index renames, validation and row writes take weaker locks; CONCURRENTLY takes none that block.
std::optional<dialect::ObjectName> blocking_lock(const ops::Op& op) {
    if (const auto* index = std::get_if<ops::DropIndex>(&op)) {
        if (index->concurrently) return std::nullopt;
        return dialect::ObjectName{index->schema, index->table};
    }
    if (const auto* index = std::get_if<ops::CreateIndex>(&op); index && index->concurrently) return std::nullopt;
    if (std::holds_alternative<ops::SetTableComment>(op) || std::holds_alternative<ops::SetColumnComment>(op) ||
        std::holds_alternative<ops::RenameIndex>(op) || std::holds_alternative<ops::BulkInsert>(op) ||
        std::holds_alternative<ops::ValidateConstraint>(op) || std::holds_alternative<ops::Backfill>(op))
        return std::nullopt;
    return ops::target_table(op);
}

} // namespace

bool locks_table_with_rows(RevisionContext& c, std::size_t i) {
    if (!c.dialect.capabilities().ddl_locks_tables) return false;
    auto table = blocking_lock(c.ops[i]);
    return table && !std::holds_alternative<ops::CreateTable>(c.ops[i]) && c.facts.holds_rows(*table);
}

void check_locks(RevisionContext& c, std::size_t i) {
    if (!c.dialect.capabilities().ddl_locks_tables) return;
    const ops::Op& op = c.ops[i];
    auto target = ops::target_table(op);
    if (!target || std::holds_alternative<ops::CreateTable>(op) || !c.facts.holds_rows(*target)) return;
    const std::string table = ops::display_name(*target);
    const std::string facts = " (" + c.facts.describe(*target) + ")";

    if (const auto* index = std::get_if<ops::CreateIndex>(&op)) {
        if (!index->concurrently)
            c.report("create_index_not_concurrent", i,
                     "builds index " + index->index.name + " on " + table +
                         " without concurrently: writes to the table wait until the build ends" + facts);
    } else if (const auto* fk = std::get_if<ops::CreateForeignKey>(&op)) {
        if (fk->not_valid) return;
        c.report("foreign_key_validates_rows", i,
                 "adds a foreign key on " + table + " to " + fk->constraint.ref_table +
                     " that checks every row while writes to both tables wait" + facts);
    } else if (const auto* check = std::get_if<ops::CreateCheckConstraint>(&op)) {
        if (check->not_valid) return;
        c.report("check_validates_rows", i,
                 "adds a check constraint on " + table + " that scans every row under an ACCESS EXCLUSIVE lock" + facts);
    } else if (std::holds_alternative<ops::CreateUniqueConstraint>(op) ||
               std::holds_alternative<ops::CreatePrimaryKey>(op)) {
        c.report("unique_constraint_locks", i,
                 "adds a " + std::string(std::holds_alternative<ops::CreatePrimaryKey>(op) ? "primary key" : "unique") +
                     " constraint on " + table + " whose index is built while the table is locked" + facts);
    } else if (const auto* add = std::get_if<ops::AddColumn>(&op)) {
        const auto& d = add->column.server_default;
        if (d && c.dialect.is_volatile_expression(*d))
            c.report("volatile_default_rewrites_table", i,
                     "adds column " + add->column.name + " to " + table + " with the volatile default " + *d +
                         ", computed for every row by rewriting the table under an ACCESS EXCLUSIVE lock" + facts);
    } else if (const auto* alter = std::get_if<ops::AlterColumn>(&op)) {
        const std::string column = table + "." + alter->column;
        if (alter->nullable == false && alter->existing_nullable != false && !alter->online)
            c.report("set_not_null_scans", i,
                     "sets " + column + " NOT NULL, which scans the whole table under an ACCESS EXCLUSIVE lock" + facts);
        if (alter->type && (!alter->existing_type || c.dialect.type_change_rewrites(*alter->existing_type, *alter->type)))
            c.report("type_change_rewrites_table", i,
                     "changes the type of " + column + " to " + alter->type->to_string() +
                         (alter->existing_type ? " from " + alter->existing_type->to_string()
                                               : std::string(" (no existing_type recorded)")) +
                         ", which rewrites the table under an ACCESS EXCLUSIVE lock" + facts);
    }
}

} // namespace migrate::lint::detail
