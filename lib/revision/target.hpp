// Target syntax ("head", "heads", "base", ids and unique prefixes, labels, "label@head",
// "label@<rev>", "<rev>+N", "<rev>-N") resolved against a graph, without a database.
// Targets relative to the current heads (+N, -N, label@+N) are resolved by the planner.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/revision/revision_graph.hpp>

namespace migrate::revision {

// A target string split into its parts: [branch@]ref[(+|-)N], where ref may be empty ("+2",
// "shoppingcart@-1"). Throws UsageError on malformed syntax.
struct TargetSyntax {
    std::string branch;   // before '@': a branch label or a revision (prefix); empty if none
    std::string ref;      // "head", "heads", "base", a revision id/prefix/label, or empty
    long relative = 0;    // +N / -N, 0 if none
    bool has_relative = false;
};
TargetSyntax parse_target(std::string_view text);

// The revisions a target names; "base" (or a walk below a base) names none. Relative targets
// without a revision ("+1", "label@-1") throw UsageError: they need the current heads.
// Unknown or ambiguous names throw UsageError listing the candidates.
std::vector<RevisionGraph::Index> resolve_revisions(const RevisionGraph& graph, std::string_view target);

// Exactly one revision (for show, merge, revision --head): otherwise UsageError.
RevisionGraph::Index resolve_revision(const RevisionGraph& graph, std::string_view target);

// A single revision by exact id, branch label or unique id prefix (in that order).
RevisionGraph::Index resolve_name(const RevisionGraph& graph, std::string_view name);

// The heads above `anchor` through down_revision edges (itself if it is a head), in id order.
std::vector<RevisionGraph::Index> heads_above(const RevisionGraph& graph, RevisionGraph::Index anchor);

// The lowest revision of the unbranched stretch that ends at `anchor` (as for labels).
RevisionGraph::Index branch_root(const RevisionGraph& graph, RevisionGraph::Index anchor);

// `steps` revisions up (children) or down (parents) from `from`, staying in `label`'s branch
// when given (label may be empty). nullopt when the walk's last step goes below a base; then
// `*lowest` (if given) is that base. Throws UsageError at a fork (listing the candidates), past
// a head, or more than one step below a base; `target` is quoted in messages.
std::optional<RevisionGraph::Index> walk(const RevisionGraph& graph, RevisionGraph::Index from, long steps,
                                         const std::string& label, std::string_view target,
                                         RevisionGraph::Index* lowest = nullptr);

} // namespace migrate::revision
