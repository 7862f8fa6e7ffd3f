// The rules on a revision as a whole: whether it can be undone, and whether a concurrent index
// build shares it with other ops.
#include "context.hpp"

namespace migrate::lint::detail {

namespace {

bool is_concurrent(const ops::Op& op) {
    if (const auto* create = std::get_if<ops::CreateIndex>(&op)) return create->concurrently;
    if (const auto* drop = std::get_if<ops::DropIndex>(&op)) return drop->concurrently;
    return false;
}

} // namespace

void check_revision(RevisionContext& c) {
    const auto& rev = c.rev;
    if (rev.irreversible) {
        c.report("irreversible_revision", std::nullopt,
                 "revision " + rev.id + " is declared irreversible: no downgrade can pass it");
    } else if (!rev.ops.upgrade().empty() && rev.ops.downgrade().empty()) {
        c.report("empty_downgrade", std::nullopt,
                 "revision " + rev.id + " has " + std::to_string(rev.ops.upgrade().size()) +
                     " upgrade op(s) and an empty downgrade: `downgrade` refuses to pass it");
    }
    if (c.ops.size() < 2 || !c.dialect.capabilities().concurrent_index) return;
    for (std::size_t i = 0; i < c.ops.size(); ++i)
        if (is_concurrent(c.ops[i]))
            c.report("concurrently_mixed", i,
                     ops::describe(c.ops[i]) + " runs outside the revision's transaction, beside " +
                         std::to_string(c.ops.size() - 1) + " other op(s): a failure leaves part of the revision "
                         "committed");
}

} // namespace migrate::lint::detail
