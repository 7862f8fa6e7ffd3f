// migrate stamp: the version table set to chosen revisions without running their ops, online
// or as an offline script.
#include <migrate/runtime/migrator.hpp>

#include <migrate/base/error.hpp>
#include <migrate/revision/target.hpp>
#include <migrate/dialect/dialect.hpp>

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

std::vector<const revision::Revision*> revisions_of(const revision::RevisionGraph& g,
                                                  const std::vector<revision::RevisionGraph::Index>& wanted) {
    std::vector<const revision::Revision*> out;
    for (auto w : wanted) out.push_back(&g.at(w));
    return out;
}

} // namespace

RunResult Migrator::stamp(const std::vector<std::string>& targets, bool purge) {
    const auto& g = graph();
    const auto wanted = resolve_stamp_targets(g, targets);
    const auto& dialect = dialect::dialect_for(backend());
    auto& conn = connection();
    ScriptRunner runner(conn, runner_options());
    lock_for_writing(runner);
    const VersionTable versions(dialect, config_.version_table, config_.history_table);
    const auto current = versions.heads(conn);
    auto check = verify_applied(g, current, versions.history(conn));
    // A purge replaces every row, the one way to drop a row whose revision file is gone.
    if (purge)
        std::erase_if(check.problems, [](const VerifyProblem& p) { return p.kind == VerifyProblem::Kind::missing; });
    if (!check.ok()) refuse_unverified(check);
    StampPlan plan{current, stamped_heads(g, current, wanted, purge), revisions_of(g, wanted), purge};
    runner.run(build_script(plan, dialect, script_options()));
    return RunResult{current, plan.heads_after, 0};
}

std::string Migrator::stamp_sql(const std::vector<std::string>& targets, bool purge) {
    return print_script(stamp_script(targets, purge));
}

RunScript Migrator::stamp_script(const std::vector<std::string>& targets, bool purge) {
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
    StampPlan plan{current, stamped_heads(g, current, wanted, purge), revisions_of(g, wanted), purge};
    auto options = script_options();
    options.offline = true;
    for (const auto& t : targets) options.title += " " + t;
    options.title = "stamp" + options.title;
    return build_script(plan, dialect::dialect_for(backend()), options);
}

} // namespace migrate::runtime
