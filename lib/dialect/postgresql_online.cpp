// PostgreSQL's online forms: constraints added NOT VALID and validated later, SET NOT NULL
// through a validated check, per-transaction timeouts, and a backfill as a DO block that commits
// each batch (for offline scripts).
#include <migrate/dialect/postgresql.hpp>

#include <migrate/base/error.hpp>

namespace migrate::dialect {

namespace {

std::string alter_table(const Dialect& d, const ObjectName& t) { return "ALTER TABLE " + d.qualified(t) + " "; }

} // namespace

Statements PostgresqlDialect::add_foreign_key_not_valid(const ObjectName& t, const schema::ForeignKey& fk) const {
    auto out = add_foreign_key(t, fk);
    out.back() += " NOT VALID";
    return out;
}

Statements PostgresqlDialect::add_check_not_valid(const ObjectName& t, const schema::CheckConstraint& ck) const {
    auto out = add_check(t, ck);
    out.back() += " NOT VALID";
    return out;
}

Statements PostgresqlDialect::validate_constraint(const ObjectName& t, std::string_view constraint) const {
    return {alter_table(*this, t) + "VALIDATE CONSTRAINT " + quote(constraint)};
}

Statements PostgresqlDialect::set_not_null_online(const ObjectName& t, std::string_view column) const {
    // The check's name is derived, so a run stopped after its first step finds and replaces it.
    const std::string check = quote(t.name + "_" + std::string(column) + "_not_null");
    const std::string alter = alter_table(*this, t);
    return {alter + "DROP CONSTRAINT IF EXISTS " + check + ", ADD CONSTRAINT " + check + " CHECK (" + quote(column) +
                " IS NOT NULL) NOT VALID",
            alter + "VALIDATE CONSTRAINT " + check, alter + "ALTER COLUMN " + quote(column) + " SET NOT NULL",
            alter + "DROP CONSTRAINT " + check};
}

Statements PostgresqlDialect::set_local_timeouts(std::optional<std::int64_t> lock_timeout_ms,
                                                 std::optional<std::int64_t> statement_timeout_ms) const {
    Statements out;
    if (lock_timeout_ms) out.push_back("SET LOCAL lock_timeout = '" + std::to_string(*lock_timeout_ms) + "ms'");
    if (statement_timeout_ms)
        out.push_back("SET LOCAL statement_timeout = '" + std::to_string(*statement_timeout_ms) + "ms'");
    return out;
}

bool PostgresqlDialect::is_lock_timeout(const DatabaseError& error) const { return error.code() == "55P03"; }

Statements PostgresqlDialect::backfill_script(const BackfillSpec& spec) const {
    // COMMIT inside DO works when the block is not run inside a transaction block, which is how
    // the offline script runs it (between the COMMIT before the op and the BEGIN after it).
    const std::string key = quote(spec.key);
    std::string update = backfill_update(spec);
    for (const char* bound : {"migrate_done_to", "migrate_batch_end"}) update.replace(update.find('?'), 1, bound);
    std::string next = backfill_batch_end(spec);
    next.replace(next.find('?'), 1, "migrate_done_to");
    next.replace(next.find(" FROM "), 0, " INTO migrate_batch_end");
    return {std::string("DO $migrate$\nDECLARE\n  migrate_done_to bigint;\n  migrate_batch_end bigint;\nBEGIN\n  ") +
            "SELECT min(" + key + ") - 1 INTO migrate_done_to FROM " + qualified(spec.table) +
            ";\n  LOOP\n    " + next + ";\n    EXIT WHEN migrate_batch_end IS NULL;\n    " + update +
            ";\n    migrate_done_to := migrate_batch_end;\n    COMMIT;\n  END LOOP;\nEND\n$migrate$"};
}

} // namespace migrate::dialect
