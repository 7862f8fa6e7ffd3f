// The revisions of a script directory as a directed acyclic graph: down_revision edges (with
// branch points and merge points), depends_on edges, and branch labels, validated on build.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <migrate/revision/revision.hpp>

namespace migrate::revision {

// A label applies, as in Alembic, to the revision that declares it, to every revision above it
// (its descendants through down_revision), and to the revisions below it down to the preceding
// branch point. Revisions are addressed by their index in revisions(), which is sorted by id.
class RevisionGraph {
public:
    using Index = std::size_t;

    RevisionGraph() = default;
    // Validates: duplicate ids (both files named), a down_revision or depends_on that does not
    // exist, duplicate labels or a label equal to an id, cycles (members named). Throws
    // RevisionError.
    explicit RevisionGraph(std::vector<Revision> revisions);

    const std::vector<Revision>& revisions() const { return revisions_; }
    std::size_t size() const { return revisions_.size(); }
    bool empty() const { return revisions_.empty(); }
    const Revision& at(Index i) const { return revisions_[i]; }

    // Exact id lookup.
    std::optional<Index> index_of(std::string_view id) const;
    const Revision* find(std::string_view id) const;
    // Every revision whose id starts with `prefix`, in id order (binary search: O(log n + k)).
    std::vector<Index> with_prefix(std::string_view prefix) const;
    // The revision that declares `label`.
    std::optional<Index> labelled(std::string_view label) const;

    // Edges. parents: down_revisions; dependencies: resolved depends_on; children and
    // dependents are the reverse edges. prerequisites = parents + dependencies, successors =
    // children + dependents, each deduplicated.
    const std::vector<Index>& parents(Index i) const { return nodes_[i].parents; }
    const std::vector<Index>& dependencies(Index i) const { return nodes_[i].dependencies; }
    const std::vector<Index>& children(Index i) const { return nodes_[i].children; }
    const std::vector<Index>& dependents(Index i) const { return nodes_[i].dependents; }
    const std::vector<Index>& prerequisites(Index i) const { return nodes_[i].prerequisites; }
    const std::vector<Index>& successors(Index i) const { return nodes_[i].successors; }

    // Structure, as ids in id order. A head has no children (a revision others only depend on
    // is still a head: Alembic's "effective head").
    std::vector<std::string> bases() const;
    std::vector<std::string> heads() const;
    std::vector<std::string> branch_points() const;
    std::vector<std::string> merge_points() const;
    std::vector<Index> head_indexes() const;
    bool is_head(Index i) const { return nodes_[i].children.empty(); }
    bool is_branch_point(Index i) const { return nodes_[i].children.size() > 1; }

    // Bases first; each revision after everything it requires; deterministic.
    const std::vector<Index>& topological_order() const { return order_; }
    // Length of the longest prerequisite chain below a revision (a base has depth 1).
    std::size_t depth(Index i) const { return nodes_[i].depth; }

    // The labels that apply to a revision (declared, inherited from below, or from the
    // labelled revision above it on an unbranched stretch), sorted.
    const std::vector<std::string>& labels_of(Index i) const { return nodes_[i].labels; }
    bool in_branch(std::string_view label, Index i) const;

    // A shortened list of ids for messages: "a, b, c" (at most `limit`, then "and N more").
    std::string describe(const std::vector<Index>& revisions, std::size_t limit = 10) const;

private:
    struct Node {
        std::vector<Index> parents, dependencies, children, dependents, prerequisites, successors;
        std::vector<std::string> labels;
        std::size_t depth = 0;
    };

    void link();
    void order_and_check_cycles();
    void apply_labels();

    std::vector<Revision> revisions_;
    std::vector<Node> nodes_;
    std::unordered_map<std::string, Index> by_id_;
    std::unordered_map<std::string, Index> by_label_;
    std::vector<Index> order_;
};

} // namespace migrate::revision
