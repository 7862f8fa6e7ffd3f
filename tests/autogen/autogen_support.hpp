// Helpers of the autogenerate tests: apply ops to a real database, and the full cycle every
// kind of difference must pass (diff found, upgrade applies, fixpoint, downgrade restores).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <migrate/autogen/autogenerate.hpp>
#include <migrate/autogen/target.hpp>
#include <migrate/db/connection.hpp>
#include <migrate/ops/render.hpp>

namespace migrate::test {

inline void apply_ops(db::Connection& conn, const std::vector<ops::Op>& ops) {
    const auto& d = dialect::dialect_for(conn.backend());
    db::Transaction tx(conn);
    for (const auto& st : ops::render_statements(ops, d)) {
        if (st.is_script) conn.execute_script(st.sql);
        else conn.execute(st.sql, st.params);
    }
    tx.commit();
}

inline std::string listing(const autogen::Diff& d) {
    std::string out;
    for (const auto& line : autogen::describe(d)) out += "  " + line + "\n";
    for (const auto& w : d.warnings) out += "  warning: " + w + "\n";
    return out;
}

inline std::vector<std::string> op_names(const std::vector<ops::Op>& ops) {
    std::vector<std::string> out;
    for (const auto& op : ops) out.emplace_back(ops::op_name(op));
    return out;
}

// A live database and where its target .sql files are loaded.
struct Databases {
    std::string live_url;
    std::string dev_url; // PostgreSQL: a second database, used through a rolled-back transaction
};

inline schema::MetaData load_sql(const Databases& dbs, const std::string& sql) {
    autogen::TargetOptions o;
    o.live_url = dbs.live_url;
    o.dev_url = dbs.dev_url;
    return autogen::load_sql_target(sql, "target.sql", o).metadata;
}

// The cycle: `before` created by hand-written SQL; autogenerate against `after` finds a diff
// (returned), the upgrade applies, a second run finds nothing, the downgrade applies and the
// database then matches `before` again.
inline autogen::Diff full_cycle(const Databases& dbs, const std::string& before, const std::string& after,
                                const autogen::CompareOptions& options = {}) {
    auto conn = db::connect(dbs.live_url);
    if (!before.empty()) conn->execute_script(before);
    auto target_after = load_sql(dbs, after);
    auto target_before = load_sql(dbs, before);
    auto d = autogen::autogenerate(*conn, target_after, options);
    INFO("upgrade:\n" << listing(d));
    REQUIRE_FALSE(d.empty());
    apply_ops(*conn, d.upgrade);
    auto again = autogen::autogenerate(*conn, target_after, autogen::CompareOptions{});
    INFO("second run:\n" << listing(again));
    CHECK(again.empty());
    apply_ops(*conn, d.downgrade);
    auto back = autogen::autogenerate(*conn, target_before, autogen::CompareOptions{});
    INFO("after downgrade:\n" << listing(back));
    CHECK(back.empty());
    return d;
}

} // namespace migrate::test
