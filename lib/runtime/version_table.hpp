// The database's record of where it stands: one row per current head in the version table,
// and one row per applied or reverted step in the history table. Every change is rendered as
// literal SQL by the dialect, so that online runs and offline `--sql` scripts share one path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <migrate/db/connection.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/revision/migration_plan.hpp>

namespace migrate::runtime {

using revision::Direction;
const char* to_string(Direction d);

struct HistoryEntry {
    std::int64_t id = 0;
    std::string revision;
    std::string direction; // "upgrade", "downgrade" or "stamp"
    std::string applied_at;
    std::optional<std::int64_t> duration_ms;
    std::string checksum;
    std::string applied_by; // who ran it: set by `verify --accept` (empty otherwise, or in older tables)
};

class VersionTable {
public:
    VersionTable(db::Backend backend, std::string version_table, std::string history_table);
    VersionTable(const dialect::Dialect& dialect, std::string version_table, std::string history_table);

    const std::string& name() const { return version_table_; }
    const std::string& history_name() const { return history_table_; }

    // CREATE TABLE IF NOT EXISTS for both tables.
    std::vector<std::string> create_statements() const;
    // The statements that move the recorded heads from `before` to `after`: an UPDATE when one
    // head replaces another, DELETE/INSERT otherwise (merges, branch points, base, stamp).
    std::vector<std::string> move_heads(const std::vector<std::string>& before,
                                        const std::vector<std::string>& after) const;
    std::string delete_all_heads() const;
    // A history row; duration is NULL in offline scripts. `applied_by` is written only when
    // given (a history table from before that column has none; see ensure_applied_by).
    std::string record(const std::string& revision, const std::string& direction, std::optional<std::int64_t> duration_ms,
                       const std::string& checksum, const std::string& applied_by = {}) const;

    // Online helpers.
    bool exists(db::Connection& conn) const;
    void ensure(db::Connection& conn) const;
    // Adds the applied_by column to a history table created before it existed.
    void ensure_applied_by(db::Connection& conn) const;
    std::vector<std::string> heads(db::Connection& conn) const;           // sorted; empty if no table
    std::vector<HistoryEntry> history(db::Connection& conn) const;         // oldest first; empty if no table

private:
    bool table_exists(db::Connection& conn, const std::string& table) const;
    const dialect::Dialect& dialect_;
    bool column_exists(db::Connection& conn, const std::string& table, const std::string& column) const;
    std::string version_table_;
    std::string history_table_;
};

} // namespace migrate::runtime
