// Helpers for the SQLite table-recreation tests: run ops the way the runtime does (foreign keys
// off outside the transaction, runs through execute_table_run), and read a database's rows.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <migrate/db/connection.hpp>
#include <migrate/base/error.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/dialect/reflect.hpp>
#include <migrate/ops/render.hpp>
#include <migrate/ops/run_table.hpp>
#include <migrate/ops/table_recreation.hpp>

namespace migrate::test {

inline const dialect::Dialect& sqlite_dialect() { return dialect::dialect_for(db::Backend::sqlite); }

// Every statement run, in order (for counting recreations).
struct Applied {
    std::vector<std::string> statements;
    std::size_t count(const std::string& prefix) const {
        return static_cast<std::size_t>(std::count_if(statements.begin(), statements.end(), [&](const std::string& s) {
            return s.rfind(prefix, 0) == 0;
        }));
    }
};

// Applies `ops` in one transaction, as the runtime does; rolls back and rethrows on failure.
inline Applied apply_ops(db::Connection& conn, const std::vector<ops::Op>& list) {
    const auto& d = sqlite_dialect();
    Applied applied;
    ops::ForeignKeysOff off(conn);
    db::Transaction tx(conn);
    for (const auto& planned : ops::plan(list, d)) {
        if (const auto* run = std::get_if<ops::TableRun>(&planned)) {
            for (auto& s : ops::execute_table_run(conn, *run, d)) applied.statements.push_back(std::move(s));
        } else {
            for (const auto& s : ops::render_statements(std::get<ops::Op>(planned), d)) {
                if (s.is_script) conn.execute_script(s.sql);
                else conn.execute(s.sql, s.params);
                applied.statements.push_back(s.sql);
            }
        }
    }
    tx.commit();
    return applied;
}

// All rows of a table with their rowid first, ordered by rowid.
// Columns are listed, not `*`: the db layer caches statements, and a cached `SELECT *` keeps
// its old column count after the table is recreated.
inline std::vector<std::vector<db::Value>> rows_of(db::Connection& conn, const std::string& table) {
    const auto& d = dialect::dialect_for(db::Backend::sqlite);
    std::string columns = "rowid";
    for (const auto& r : conn.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", {table}))
        columns += ", " + d.quote(r[0].as_text());
    std::vector<std::vector<db::Value>> out;
    for (const auto& r : conn.query("SELECT " + columns + " FROM " + d.quote(table) + " ORDER BY rowid")) out.push_back(r.values());
    return out;
}

inline std::string scalar_text(db::Connection& conn, const std::string& sql) {
    auto rows = conn.query(sql);
    return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].as_text();
}

inline void require_clean(db::Connection& conn) {
    if (scalar_text(conn, "PRAGMA integrity_check") != "ok") throw Error("integrity_check failed");
    if (!conn.query("PRAGMA foreign_key_check").empty()) throw Error("foreign_key_check reports violations");
}

} // namespace migrate::test
