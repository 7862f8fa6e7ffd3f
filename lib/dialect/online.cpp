// Backfills and their progress table in SQL both dialects share: key-ordered batches, each
// bounded by the key of its last row, so that a batch is a key range and progress is one key.
#include <migrate/dialect/dialect.hpp>

namespace migrate::dialect {

namespace {

std::string set_list(const Dialect& d, const BackfillSpec& spec) {
    std::string out;
    for (const auto& [column, expression] : spec.set) out += (out.empty() ? "" : ", ") + d.quote(column) + " = " + expression;
    return out;
}

} // namespace

std::string Dialect::backfill_first_key(const BackfillSpec& spec) const {
    return "SELECT min(" + quote(spec.key) + ") - 1 FROM " + qualified(spec.table);
}

std::string Dialect::backfill_batch_end(const BackfillSpec& spec) const {
    const std::string key = quote(spec.key);
    return "SELECT max(" + quote("migrate_k") + ") FROM (SELECT " + key + " AS " + quote("migrate_k") + " FROM " +
           qualified(spec.table) + " WHERE " + key + " > ? ORDER BY " + key + " LIMIT " +
           std::to_string(spec.batch_size) + ") AS " + quote("migrate_batch");
}

std::string Dialect::backfill_update(const BackfillSpec& spec) const {
    const std::string key = quote(spec.key);
    return "UPDATE " + qualified(spec.table) + " SET " + set_list(*this, spec) + " WHERE " + key + " > ? AND " + key +
           " <= ?" + (spec.where ? " AND (" + *spec.where + ")" : std::string());
}

Statements Dialect::backfill_script(const BackfillSpec& spec) const {
    return {"UPDATE " + qualified(spec.table) + " SET " + set_list(*this, spec) +
            (spec.where ? " WHERE " + *spec.where : std::string())};
}

Statements Dialect::create_backfill_progress(std::string_view table) const {
    return {"CREATE TABLE IF NOT EXISTS " + quote(table) +
            " (revision VARCHAR(255) NOT NULL, op_index INTEGER NOT NULL, last_key BIGINT NOT NULL, rows_done BIGINT "
            "NOT NULL, batches BIGINT NOT NULL, updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY "
            "(revision, op_index))"};
}

std::string Dialect::select_backfill_progress(std::string_view table) const {
    return "SELECT last_key, rows_done, batches FROM " + quote(table) + " WHERE revision = ? AND op_index = ?";
}

std::string Dialect::save_backfill_progress(std::string_view table) const {
    return "INSERT INTO " + quote(table) +
           " (revision, op_index, last_key, rows_done, batches) VALUES (?, ?, ?, ?, ?) ON CONFLICT (revision, op_index) "
           "DO UPDATE SET last_key = excluded.last_key, rows_done = excluded.rows_done, batches = excluded.batches, "
           "updated_at = CURRENT_TIMESTAMP";
}

std::string Dialect::delete_backfill_progress(std::string_view table, std::string_view revision) const {
    return "DELETE FROM " + quote(table) + " WHERE revision = " + quote_literal(revision);
}

} // namespace migrate::dialect
