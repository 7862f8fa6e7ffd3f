// Upgrade and downgrade paths: which revisions to apply or revert, in which order, and the set
// of heads (the version table's rows) after each step. Pure: the runtime applies the plan.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <migrate/revision/revision_graph.hpp>

namespace migrate::revision {

enum class Direction { upgrade, downgrade };

struct MigrationStep {
    const Revision* revision = nullptr;   // points into the graph the plan was made from
    Direction direction = Direction::upgrade;
    std::vector<std::string> heads_after; // the version table after this step, sorted
};

struct MigrationPlan {
    Direction direction = Direction::upgrade;
    std::vector<std::string> heads_before; // the normalised current heads, sorted
    std::vector<MigrationStep> steps;

    bool empty() const { return steps.empty(); }
    const std::vector<std::string>& heads_after() const { return steps.empty() ? heads_before : steps.back().heads_after; }
};

// The current heads as the version table should hold them: every id must exist (else
// RevisionError), and an id below another one (an ancestor through down_revision or
// depends_on) is dropped. Sorted.
std::vector<std::string> normalize_heads(const RevisionGraph& graph, const std::vector<std::string>& current);

// From `current` (the version table's rows) up to `target`: every revision the target needs
// that is not applied yet, prerequisites (parents, both sides of a merge, depends_on) first.
// Targets: anything resolve_revisions() takes, plus "+N" and "label@+N" (N steps up from the
// current heads, or from the base when nothing is applied). Throws UsageError on a bad target.
MigrationPlan plan_upgrade(const RevisionGraph& graph, const std::vector<std::string>& current, std::string_view target);

// From `current` down to `target`, reverting dependents before what they depend on:
//   "base"                 everything applied;
//   "<rev>" (any static)   every applied revision above <rev> (descendants through
//                          down_revision and depends_on); <rev> itself stays and must be applied;
//   "label@base"           the label's branch (from its lowest revision up) and its dependents;
//   "-N"                   N steps, each reverting one current head (the deepest first, then the
//                          greatest id), so branches close one at a time as in Alembic;
//   "label@-N"             N steps on that branch, each reverting its topmost applied revision
//                          together with whatever still depends on it.
// Revisions other branches need are never reverted unless they depend on what is removed.
MigrationPlan plan_downgrade(const RevisionGraph& graph, const std::vector<std::string>& current, std::string_view target);

// Refuses a downgrade plan that would pass through a revision declared "irreversible", or one
// whose upgrade has ops and whose downgrade has none (reverting it would change nothing while
// the version table said otherwise). A RevisionError naming the revision's file and the three
// ways out: write its downgrade, "downgrade": "reverse", or `migrate stamp`. Reads the ops of
// each step (as running the plan does anyway). An upgrade plan passes.
void check_downgrade(const MigrationPlan& plan);

// Refuses a plan (either direction) that would run a revision imported as history
// ("imported_from": it has no ops, what it did was done by another tool): a RevisionError
// naming its file and the ways out, `migrate stamp` past it or a baseline for new databases.
void check_runnable(const MigrationPlan& plan);

} // namespace migrate::revision
