// No silent downgrade: a plan that would revert a revision without undoing what it did is
// refused before anything runs (see check_downgrade in migration_plan.hpp).
#include <migrate/revision/migration_plan.hpp>

#include <migrate/base/error.hpp>

namespace migrate::revision {

void check_downgrade(const MigrationPlan& plan) {
    if (plan.direction != Direction::downgrade) return;
    for (const auto& step : plan.steps) {
        const Revision& rev = *step.revision;
        std::string why;
        if (rev.irreversible) why = "it is declared \"irreversible\": true";
        // A downgrade derived from the upgrade may be empty on purpose (a backfill's reverse is nothing).
        else if (rev.ops.downgrade().empty() && !rev.ops.upgrade().empty() && !rev.ops.downgrade_reversed())
            why = "its upgrade has " + std::to_string(rev.ops.upgrade().size()) +
                  " op(s) and its downgrade is empty, so nothing would undo them";
        if (why.empty()) continue;
        std::string below;
        for (const auto& id : step.heads_after) below += (below.empty() ? "" : " ") + id;
        const std::string file = rev.path.empty() ? "revision " + rev.id : rev.path.generic_string();
        throw RevisionError(file, "downgrade",
                            "cannot downgrade through revision " + rev.id + ": " + why +
                                "; nothing was run. Either write its downgrade ops, or set \"downgrade\": \"reverse\" "
                                "to derive them from its upgrade, or record the downgrade without running anything "
                                "with `migrate stamp " + (below.empty() ? std::string("base") : below) + "`");
    }
}

} // namespace migrate::revision
