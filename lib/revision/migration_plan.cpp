#include <migrate/revision/migration_plan.hpp>

#include <migrate/base/error.hpp>
#include <migrate/revision/target.hpp>

#include <algorithm>
#include <set>

namespace migrate::revision {
namespace {

using Index = RevisionGraph::Index;
using Flags = std::vector<char>;

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::vector<Index> current_indexes(const RevisionGraph& graph, const std::vector<std::string>& current) {
    std::vector<Index> out;
    for (const auto& id : current) {
        auto i = graph.index_of(id);
        if (!i) {
            throw RevisionError("the database is at revision " + in_quotes(id) +
                                ", which is not in the script directory");
        }
        out.push_back(*i);
    }
    return out;
}

// Marks `roots` and everything they need (prerequisites, transitively).
Flags applied_closure(const RevisionGraph& graph, const std::vector<Index>& roots) {
    Flags applied(graph.size(), 0);
    std::vector<Index> todo;
    for (Index r : roots) {
        if (!applied[r]) {
            applied[r] = 1;
            todo.push_back(r);
        }
    }
    while (!todo.empty()) {
        Index i = todo.back();
        todo.pop_back();
        for (Index p : graph.prerequisites(i)) {
            if (!applied[p]) {
                applied[p] = 1;
                todo.push_back(p);
            }
        }
    }
    return applied;
}

std::set<Index> maximal(const RevisionGraph& graph, const Flags& applied) {
    std::set<Index> heads;
    for (Index i = 0; i < graph.size(); ++i) {
        if (!applied[i]) continue;
        const auto& next = graph.successors(i);
        if (std::none_of(next.begin(), next.end(), [&](Index s) { return applied[s] != 0; })) heads.insert(i);
    }
    return heads;
}

// Revisions are sorted by id, so index order is id order.
std::vector<std::string> ids(const RevisionGraph& graph, const std::set<Index>& set) {
    std::vector<std::string> out;
    out.reserve(set.size());
    for (Index i : set) out.push_back(graph.at(i).id);
    return out;
}

std::string list(const RevisionGraph& graph, const std::set<Index>& set) {
    return set.empty() ? "none" : graph.describe(std::vector<Index>(set.begin(), set.end()));
}

// The topmost applied revisions of a branch: applied members with no applied child on it.
std::vector<Index> branch_tops(const RevisionGraph& graph, const std::string& label, const Flags& present) {
    std::vector<Index> tops;
    for (Index i = 0; i < graph.size(); ++i) {
        if (!present[i] || !graph.in_branch(label, i)) continue;
        const auto& up = graph.children(i);
        if (std::none_of(up.begin(), up.end(), [&](Index c) { return present[c] && graph.in_branch(label, c); })) {
            tops.push_back(i);
        }
    }
    return tops;
}

// Deepest first, then the greatest id: the order in which "-N" closes branches.
bool deeper(const RevisionGraph& graph, Index a, Index b) {
    if (graph.depth(a) != graph.depth(b)) return graph.depth(a) > graph.depth(b);
    return a > b;
}

std::string require_label(const RevisionGraph& graph, const std::string& branch, std::string_view target) {
    if (!graph.labelled(branch)) {
        throw UsageError("revision target " + in_quotes(target) + ": " + in_quotes(branch) +
                         " is not a branch label; count from a revision with \"<rev>+N\" / \"<rev>-N\"");
    }
    return branch;
}

// Where "+N" / "label@+N" ends up.
Index relative_upgrade_target(const RevisionGraph& graph, const TargetSyntax& syntax, const Flags& applied,
                              const std::set<Index>& heads, std::string_view target) {
    std::vector<Index> from;
    std::string label;
    std::vector<Index> starts; // used when nothing is applied yet: the first step lands here
    if (!syntax.branch.empty()) {
        label = require_label(graph, syntax.branch, target);
        from = branch_tops(graph, label, applied);
        starts = {branch_root(graph, *graph.labelled(label))};
    } else {
        from.assign(heads.begin(), heads.end());
        for (Index i = 0; i < graph.size(); ++i) {
            if (graph.parents(i).empty()) starts.push_back(i);
        }
    }
    if (from.size() > 1) {
        throw UsageError("revision target " + in_quotes(target) + " is ambiguous: there are several current heads (" +
                         graph.describe(from) + "); use \"<rev>+N\" or \"<label>@+N\"");
    }
    if (!from.empty()) return *walk(graph, from.front(), syntax.relative, label, target);
    if (starts.size() != 1) {
        throw UsageError("revision target " + in_quotes(target) + " is ambiguous: nothing is applied and there are " +
                         (starts.empty() ? std::string("no revisions") : "several bases (" + graph.describe(starts) + ")") +
                         "; use \"<rev>\" or \"<label>@+N\"");
    }
    return *walk(graph, starts.front(), syntax.relative - 1, label, target);
}

// Marks `start` (when `include_start`) and every applied revision above it through down_revision
// and depends_on edges.
void mark_above(const RevisionGraph& graph, Index start, bool include_start, const Flags& applied, Flags& removing) {
    std::vector<Index> todo{start};
    if (include_start) removing[start] = 1;
    while (!todo.empty()) {
        Index i = todo.back();
        todo.pop_back();
        for (Index s : graph.successors(i)) {
            if (applied[s] && !removing[s]) {
                removing[s] = 1;
                todo.push_back(s);
            }
        }
    }
}

} // namespace

std::vector<std::string> normalize_heads(const RevisionGraph& graph, const std::vector<std::string>& current) {
    return ids(graph, maximal(graph, applied_closure(graph, current_indexes(graph, current))));
}

MigrationPlan plan_upgrade(const RevisionGraph& graph, const std::vector<std::string>& current, std::string_view target) {
    Flags applied = applied_closure(graph, current_indexes(graph, current));
    std::set<Index> heads = maximal(graph, applied);
    MigrationPlan plan;
    plan.direction = Direction::upgrade;
    plan.heads_before = ids(graph, heads);

    TargetSyntax syntax = parse_target(target);
    std::vector<Index> targets;
    if (syntax.ref.empty()) {
        if (syntax.relative < 0) {
            throw UsageError("revision target " + in_quotes(target) + " goes down: use downgrade");
        }
        targets = {relative_upgrade_target(graph, syntax, applied, heads, target)};
    } else {
        targets = resolve_revisions(graph, target);
    }

    // Depth-first post-order over prerequisites: each revision after everything it needs, and
    // each branch laid out before the next.
    Flags queued = applied;
    std::vector<Index> order;
    std::vector<std::pair<Index, std::size_t>> stack;
    for (Index t : targets) {
        if (queued[t]) continue;
        queued[t] = 1;
        stack.emplace_back(t, 0);
        while (!stack.empty()) {
            auto& [node, next] = stack.back();
            const auto& prereqs = graph.prerequisites(node);
            if (next < prereqs.size()) {
                Index p = prereqs[next++];
                if (!queued[p]) {
                    queued[p] = 1;
                    stack.emplace_back(p, 0);
                }
                continue;
            }
            order.push_back(node);
            stack.pop_back();
        }
    }

    plan.steps.reserve(order.size());
    for (Index r : order) {
        for (Index p : graph.prerequisites(r)) heads.erase(p);
        heads.insert(r);
        plan.steps.push_back({&graph.at(r), Direction::upgrade, ids(graph, heads)});
    }
    return plan;
}

MigrationPlan plan_downgrade(const RevisionGraph& graph, const std::vector<std::string>& current, std::string_view target) {
    Flags applied = applied_closure(graph, current_indexes(graph, current));
    std::set<Index> heads = maximal(graph, applied);
    MigrationPlan plan;
    plan.direction = Direction::downgrade;
    plan.heads_before = ids(graph, heads);

    // How many applied revisions still stand on each one.
    std::vector<std::size_t> above(graph.size(), 0);
    for (Index i = 0; i < graph.size(); ++i) {
        if (!applied[i]) continue;
        for (Index p : graph.prerequisites(i)) ++above[p];
    }

    Flags removing(graph.size(), 0);
    TargetSyntax syntax = parse_target(target);
    if (syntax.ref.empty()) {
        if (syntax.relative > 0) throw UsageError("revision target " + in_quotes(target) + " goes up: use upgrade");
        const long steps = -syntax.relative;
        Flags present = applied;
        auto too_far = [&](long done) {
            return UsageError("revision target " + in_quotes(target) + ": only " + std::to_string(done) +
                              " revision(s) can be reverted" +
                              (syntax.branch.empty() ? std::string() : " on branch " + in_quotes(syntax.branch)));
        };
        if (syntax.branch.empty()) {
            auto order = [&](Index a, Index b) { return deeper(graph, a, b); };
            std::set<Index, decltype(order)> open(heads.begin(), heads.end(), order);
            std::vector<std::size_t> standing = above;
            for (long k = 0; k < steps; ++k) {
                if (open.empty()) throw too_far(k);
                Index h = *open.begin();
                open.erase(open.begin());
                removing[h] = 1;
                for (Index p : graph.prerequisites(h)) {
                    if (applied[p] && --standing[p] == 0) open.insert(p);
                }
            }
        } else {
            std::string label = require_label(graph, syntax.branch, target);
            for (long k = 0; k < steps; ++k) {
                auto tops = branch_tops(graph, label, present);
                if (tops.empty()) throw too_far(k);
                Index top = *std::min_element(tops.begin(), tops.end(), [&](Index a, Index b) { return deeper(graph, a, b); });
                mark_above(graph, top, true, present, removing);
                for (Index i = 0; i < graph.size(); ++i) {
                    if (removing[i]) present[i] = 0;
                }
            }
        }
    } else if (syntax.ref == "base" && !syntax.has_relative) {
        if (syntax.branch.empty()) {
            removing = applied;
        } else {
            Index root = branch_root(graph, resolve_name(graph, syntax.branch));
            if (applied[root]) mark_above(graph, root, true, applied, removing);
        }
    } else {
        Index keep = 0;
        bool remove_keep = false;
        if (syntax.has_relative) {
            std::string start(target.substr(0, target.find_first_of("+-")));
            Index lowest = 0;
            auto end = walk(graph, resolve_revision(graph, start), syntax.relative,
                            graph.labelled(syntax.branch) ? syntax.branch : std::string(), target, &lowest);
            keep = end ? *end : lowest;
            remove_keep = !end;
        } else {
            auto found = resolve_revisions(graph, target);
            if (found.size() != 1) {
                throw UsageError("revision target " + in_quotes(target) + " must name one revision to downgrade to (it names " +
                                 (found.empty() ? std::string("none") : graph.describe(found)) + ")");
            }
            keep = found.front();
        }
        if (!applied[keep] && !remove_keep) {
            throw UsageError("cannot downgrade to " + graph.at(keep).id + ": it is not applied (current heads: " +
                             list(graph, heads) + ")");
        }
        if (applied[keep]) mark_above(graph, keep, remove_keep, applied, removing);
    }

    // Reverse topological order: whatever stands on a revision goes before it.
    const auto& topo = graph.topological_order();
    for (auto it = topo.rbegin(); it != topo.rend(); ++it) {
        Index r = *it;
        if (!removing[r]) continue;
        heads.erase(r);
        for (Index p : graph.prerequisites(r)) {
            if (applied[p] && --above[p] == 0) heads.insert(p);
        }
        plan.steps.push_back({&graph.at(r), Direction::downgrade, ids(graph, heads)});
    }
    return plan;
}

} // namespace migrate::revision
