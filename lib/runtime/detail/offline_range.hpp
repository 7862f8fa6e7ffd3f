// A range of an offline command ("TO" from base, or "FROM:TO") as a plan, shared by the --sql
// scripts and `migrate lint RANGE`. Private to lib/runtime.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <migrate/revision/migration_plan.hpp>

namespace migrate::runtime::detail {

struct OfflineRange {
    std::string from;                 // "base" when the range has no FROM
    std::string to;
    std::vector<std::string> current; // the ids FROM resolves to (empty for base)
    revision::MigrationPlan plan;
};

// UsageError for a malformed range, a downgrade without FROM, or one written the wrong way round.
OfflineRange offline_range(const revision::RevisionGraph& graph, revision::Direction direction, std::string_view range);

} // namespace migrate::runtime::detail
