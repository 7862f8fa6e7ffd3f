// The rules on a revision as a whole: whether it can be undone, and whether a concurrent index
// build shares it with other ops.
#include "context.hpp"

#include <migrate/ops/render.hpp>

namespace migrate::lint::detail {

namespace {

// An op the runtime runs outside the revision's transaction on this dialect (CONCURRENTLY, an
// online alter_column, validate_constraint, a backfill).
bool is_outside(const ops::Op& op, const dialect::Dialect& dialect) {
    return ops::placement(op, dialect) != ops::Placement::transaction;
}

} // namespace

void check_revision(RevisionContext& c) {
    const auto& rev = c.rev;
    if (rev.irreversible) {
        c.report("irreversible_revision", std::nullopt,
                 "revision " + rev.id + " is declared irreversible: no downgrade can pass it");
    } else if (!rev.ops.upgrade().empty() && rev.ops.downgrade().empty() && !rev.ops.downgrade_reversed()) {
        c.report("empty_downgrade", std::nullopt,
                 "revision " + rev.id + " has " + std::to_string(rev.ops.upgrade().size()) +
                     " upgrade op(s) and an empty downgrade: `downgrade` refuses to pass it");
    }
    if (c.ops.size() < 2) return;
    for (std::size_t i = 0; i < c.ops.size(); ++i)
        if (is_outside(c.ops[i], c.dialect))
            c.report("concurrently_mixed", i,
                     ops::describe(c.ops[i]) + " runs outside the revision's transaction, beside " +
                         std::to_string(c.ops.size() - 1) + " other op(s): a failure leaves part of the revision "
                         "committed");
}

} // namespace migrate::lint::detail
