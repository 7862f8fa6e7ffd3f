// The schema tracker: what a model looks like after an op. Lets the SQLite recreate planner
// compute the table it must build, and offline --sql know a table's columns without a database
// (the revisions are replayed from base).
#pragma once

#include <migrate/ops/op.hpp>
#include <migrate/schema/model.hpp>

namespace migrate::ops {

// Changes `model` as `op` changes a database. Dropping a column also drops the indexes and
// constraints that involve it (as PostgreSQL's DROP COLUMN does); a primary key that loses a
// column is dropped. Renaming a table updates the foreign keys that reference it. The sql op
// and bulk_insert change nothing here (the tracker cannot read raw SQL). Throws Error naming
// the op when the table, column, index or constraint it names is not in the model, and
// NotSupported when it asks what no dialect can do (a server default on a generated column).
void apply(const Op& op, schema::MetaData& model);

// The same for one table: ops that target `table` (CreateTable/DropTable/RenameTable and view,
// enum, sequence ops are not table-local and throw Error).
void apply(const Op& op, schema::Table& table);

} // namespace migrate::ops
