#include <migrate/runtime/version_table.hpp>

#include <algorithm>
#include <set>

namespace migrate::runtime {

const char* to_string(Direction d) { return d == Direction::upgrade ? "upgrade" : "downgrade"; }

VersionTable::VersionTable(db::Backend backend, std::string version_table, std::string history_table)
    : VersionTable(dialect::dialect_for(backend), std::move(version_table), std::move(history_table)) {}

VersionTable::VersionTable(const dialect::Dialect& dialect, std::string version_table, std::string history_table)
    : dialect_(dialect), version_table_(std::move(version_table)), history_table_(std::move(history_table)) {}

std::vector<std::string> VersionTable::create_statements() const {
    return dialect_.create_version_tables(version_table_, history_table_);
}

std::vector<std::string> VersionTable::move_heads(const std::vector<std::string>& before,
                                                  const std::vector<std::string>& after) const {
    std::set<std::string> b(before.begin(), before.end()), a(after.begin(), after.end());
    std::vector<std::string> removed, added;
    std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(removed));
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(added));
    std::vector<std::string> out;
    if (removed.size() == 1 && added.size() == 1) {
        out.push_back(dialect_.update_version(version_table_, removed[0], added[0]));
        return out;
    }
    for (const auto& r : removed) out.push_back(dialect_.delete_version(version_table_, r));
    for (const auto& r : added) out.push_back(dialect_.insert_version(version_table_, r));
    return out;
}

std::string VersionTable::delete_all_heads() const { return dialect_.delete_all_versions(version_table_); }

std::string VersionTable::record(const std::string& revision, const std::string& direction,
                                 std::optional<std::int64_t> duration_ms, const std::string& checksum,
                                 const std::string& applied_by) const {
    return dialect_.insert_history(history_table_, revision, direction, duration_ms, checksum, applied_by);
}

bool VersionTable::table_exists(db::Connection& conn, const std::string& table) const {
    return !conn.query(dialect_.table_exists_query(), {table}).empty();
}

bool VersionTable::column_exists(db::Connection& conn, const std::string& table, const std::string& column) const {
    return !conn.query(dialect_.column_exists_query(), {table, column}).empty();
}

void VersionTable::ensure_applied_by(db::Connection& conn) const {
    if (!column_exists(conn, history_table_, "applied_by")) conn.execute(dialect_.add_history_applied_by(history_table_));
}

bool VersionTable::exists(db::Connection& conn) const { return table_exists(conn, version_table_); }

void VersionTable::ensure(db::Connection& conn) const {
    if (table_exists(conn, version_table_) && table_exists(conn, history_table_)) return;
    for (const auto& s : create_statements()) conn.execute(s);
}

std::vector<std::string> VersionTable::heads(db::Connection& conn) const {
    if (!exists(conn)) return {};
    std::vector<std::string> out;
    for (const auto& row : conn.query(dialect_.select_versions(version_table_))) out.push_back(row[0].as_text());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<HistoryEntry> VersionTable::history(db::Connection& conn) const {
    if (!table_exists(conn, history_table_)) return {};
    std::vector<HistoryEntry> out;
    for (const auto& row : conn.query(dialect_.select_history(history_table_))) {
        HistoryEntry e;
        const auto& names = row.names();
        for (std::size_t c = 0; c < names.size(); ++c) {
            const auto& value = row[c];
            if (value.is_null()) continue;
            const auto& name = names[c];
            if (name == "id") e.id = value.as_int();
            else if (name == "revision") e.revision = value.as_text();
            else if (name == "direction") e.direction = value.as_text();
            else if (name == "applied_at") e.applied_at = value.as_text();
            else if (name == "duration_ms") e.duration_ms = value.as_int();
            else if (name == "checksum") e.checksum = value.as_text();
            else if (name == "applied_by") e.applied_by = value.as_text();
        }
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace migrate::runtime
