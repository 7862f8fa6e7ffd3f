// Reversal: the op that undoes an op, so that a downgrade can be derived from an upgrade
// (autogenerate writes both; a linter can flag irreversible steps).
#pragma once

#include <optional>
#include <vector>

#include <migrate/ops/op.hpp>

namespace migrate::ops {

// The op that undoes `op`, or nullopt when it cannot be known from the op alone: a drop that
// does not carry the dropped definition, an alter_column or comment change without the
// existing value, an unnamed constraint, add_enum_value, sql, bulk_insert.
std::optional<Op> reverse(const Op& op);

// The ops that undo `ops`, last first. Throws NotSupported naming the first irreversible op.
std::vector<Op> reverse(const std::vector<Op>& ops);

// True for an op whose reverse is to do nothing (backfill: the values it wrote stay, and go
// with the column when an earlier revision's downgrade drops it). reverse(ops) leaves it out.
bool undone_by_nothing(const Op& op);

bool is_reversible(const Op& op);

} // namespace migrate::ops
