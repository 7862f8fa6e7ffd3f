// migrate stamp: the version table set to chosen revisions without running their ops, online
// or as an offline script.
#include <migrate/runtime/migrator.hpp>

#include <migrate/db/error.hpp>
#include <migrate/revision/target.hpp>
#include <migrate/runtime/detail/offline_text.hpp>
#include <migrate/runtime/migration_lock.hpp>

#include <set>

namespace migrate::runtime {

namespace {

// Every revision below `i` (through down_revision and depends_on), `i` excluded.
std::set<revision::RevisionGraph::Index> ancestors(const revision::RevisionGraph& g, revision::RevisionGraph::Index i) {
    std::set<revision::RevisionGraph::Index> seen;
    std::vector<revision::RevisionGraph::Index> todo(g.prerequisites(i).begin(), g.prerequisites(i).end());
    while (!todo.empty()) {
        auto n = todo.back();
        todo.pop_back();
        if (!seen.insert(n).second) continue;
        for (auto p : g.prerequisites(n)) todo.push_back(p);
    }
    return seen;
}

// The heads after stamping `wanted` over `current`. Without `purge`, a current head on no
// target's line of descent stays; with it, or for "base" alone, only the targets remain.
std::vector<std::string> stamped_heads(const revision::RevisionGraph& g, const std::vector<std::string>& current,
                                       const std::vector<revision::RevisionGraph::Index>& wanted, bool purge) {
    std::vector<std::string> after;
    if (!purge && !wanted.empty()) {
        for (auto i : revision::normalize_heads(g, current)) {
            auto h = *g.index_of(i);
            bool same_line = false;
            auto below_h = ancestors(g, h);
            for (auto w : wanted) {
                if (w == h || below_h.count(w) || ancestors(g, w).count(h)) same_line = true;
            }
            if (!same_line) after.push_back(i);
        }
    }
    for (auto w : wanted) after.push_back(g.at(w).id);
    return after.empty() ? after : revision::normalize_heads(g, after);
}

std::vector<revision::RevisionGraph::Index> resolve_stamp_targets(const revision::RevisionGraph& g,
                                                                  const std::vector<std::string>& targets) {
    std::vector<revision::RevisionGraph::Index> wanted;
    for (const auto& t : targets) {
        if (t == "base") continue;
        for (auto i : revision::resolve_revisions(g, t)) wanted.push_back(i);
    }
    return wanted;
}

// The version-table statements of a stamp, online and offline alike.
std::vector<std::string> stamp_statements(const VersionTable& versions, const revision::RevisionGraph& g,
                                          const std::vector<std::string>& current, const std::vector<std::string>& after,
                                          const std::vector<revision::RevisionGraph::Index>& wanted, bool purge) {
    std::vector<std::string> out;
    if (purge) out.push_back(versions.delete_all_heads());
    for (auto& s : versions.move_heads(purge ? std::vector<std::string>{} : current, after)) out.push_back(std::move(s));
    for (auto w : wanted) out.push_back(versions.record(g.at(w).id, "stamp", std::nullopt, g.at(w).sha256));
    return out;
}

} // namespace

RunResult Migrator::stamp(const std::vector<std::string>& targets, bool purge) {
    const auto& g = graph();
    const auto wanted = resolve_stamp_targets(g, targets);
    auto& conn = connection();
    const VersionTable versions(conn.backend(), config_.version_table, config_.history_table);
    MigrationLock lock(conn, config_.version_table, config_.lock_timeout, on_notice_);
    try {
        db::Transaction tx(conn);
        versions.ensure(conn);
        const auto current = versions.heads(conn);
        auto check = verify_applied(g, current, versions.history(conn));
        // A purge replaces every row, the one way to drop a row whose revision file is gone.
        if (purge)
            std::erase_if(check.problems,
                          [](const VerifyProblem& p) { return p.kind == VerifyProblem::Kind::missing; });
        if (!check.ok()) refuse_unverified(check);
        const auto after = stamped_heads(g, current, wanted, purge);
        for (const auto& s : stamp_statements(versions, g, current, after, wanted, purge)) conn.execute(s);
        tx.commit();
        return RunResult{current, after, 0};
    } catch (const Interrupted& e) {
        // The transaction is rolled back by now: the version table is as it was.
        throw Interrupted(e.signal(), "interrupted during stamp; the database was not changed");
    }
}

std::string Migrator::stamp_sql(const std::vector<std::string>& targets, bool purge) {
    const auto& g = graph();
    // Offline there is no database to read the current heads from: "FROM:TO" says them.
    std::vector<std::string> current;
    std::vector<std::string> to = targets;
    if (targets.size() == 1 && targets.front().find(':') != std::string::npos) {
        const auto& range = targets.front();
        auto colon = range.find(':');
        std::string from = range.substr(0, colon);
        to = {range.substr(colon + 1)};
        if (from.empty() || to.front().empty())
            throw UsageError("bad range '" + range + "': expected FROM:TO");
        for (auto i : resolve_stamp_targets(g, {from})) current.push_back(g.at(i).id);
    }
    const auto wanted = resolve_stamp_targets(g, to);
    const auto after = stamped_heads(g, current, wanted, purge);
    const VersionTable versions(backend(), config_.version_table, config_.history_table);
    std::vector<std::string> statements = versions.create_statements();
    for (auto& s : stamp_statements(versions, g, current, after, wanted, purge)) statements.push_back(std::move(s));
    std::string what;
    for (const auto& t : targets) what += " " + t;
    std::string out = detail::offline_header("stamp" + what, backend());
    out += "BEGIN;\n";
    for (auto& s : statements) detail::emit_statement(out, std::move(s));
    out += "COMMIT;\n";
    return out;
}

} // namespace migrate::runtime
