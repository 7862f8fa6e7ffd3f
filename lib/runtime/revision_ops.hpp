// The ops of one direction of a revision as ops::Op values, for the runtime, `migrate show`
// and linters. Errors are RevisionError naming the file and the op's field.
#pragma once

#include <vector>

#include <migrate/ops/op.hpp>
#include <migrate/revision/migration_plan.hpp>
#include <migrate/revision/revision.hpp>

namespace migrate::runtime {

std::vector<ops::Op> revision_ops(const revision::Revision& rev, revision::Direction direction);

} // namespace migrate::runtime
