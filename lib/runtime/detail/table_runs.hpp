// The runtime's side of SQLite table recreation: offline statements from the schema tracked
// through the revisions, and the model a range of revisions starts from. Online runs call
// ops::execute_table_run directly.
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

// A recreation as an offline script prints it: its statements, then PRAGMA foreign_key_check.
std::vector<ops::Statement> offline_table_run(const ops::TableRun& run, const schema::MetaData& model,
                                              const dialect::Dialect& dialect);

} // namespace migrate::runtime::detail
