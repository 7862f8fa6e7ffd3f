// The schema tracked through revisions without a database: offline scripts render SQLite table
// recreations from it (online runs read the live table instead).
#pragma once

#include <vector>

#include <migrate/dialect/dialect.hpp>
#include <migrate/ops/render.hpp>
#include <migrate/ops/table_recreation.hpp>
#include <migrate/revision/migration_plan.hpp>
#include <migrate/schema/model.hpp>

namespace migrate::runtime::detail {

// Applies `op` to the tracked model; ops on objects the tracker does not know (made by sql
// ops) are skipped, so a recreation of such a table fails with a message naming it. An op no
// dialect can do (NotSupported) is not skipped: it throws.
void track(const ops::Op& op, schema::MetaData& model);

// The schema after every step of `plan` (replayed from what `model` holds).
void track(const revision::MigrationPlan& plan, schema::MetaData& model);

} // namespace migrate::runtime::detail
