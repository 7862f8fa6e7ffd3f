// Imported history is never run: a plan through a revision taken over from another tool is
// refused before anything runs (see check_runnable in migration_plan.hpp).
#include <migrate/revision/migration_plan.hpp>

#include <migrate/base/error.hpp>

namespace migrate::revision {

void check_runnable(const MigrationPlan& plan) {
    for (const auto& step : plan.steps) {
        const Revision& rev = *step.revision;
        if (rev.imported_from.empty()) continue;
        const std::string file = rev.path.empty() ? "revision " + rev.id : rev.path.generic_string();
        const bool up = plan.direction == Direction::upgrade;
        throw RevisionError(file, "imported_from",
                            "revision " + rev.id + " is history imported from " + rev.imported_from +
                                " and has no ops, so it cannot be " + (up ? "applied" : "reverted") +
                                "; nothing was run. A database " + rev.imported_from +
                                " already migrated is taken over with `migrate stamp --from-alembic` (or "
                                "`migrate stamp REV`) past it; build new databases from a baseline "
                                "(`migrate baseline`) instead of replaying the imported history");
    }
}

} // namespace migrate::revision
