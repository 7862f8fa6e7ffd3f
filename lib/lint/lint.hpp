// `migrate lint`: the risks of a run of revisions, read from their typed ops and, when a
// connection is given, from what the database holds (whether a table exists, its rows).
// Findings silenced by a "lint": {"ignore": {"RULE": "REASON"}} on the op or the revision are
// returned too, with `ignored` set, so that a report can show what was waived and why.
#pragma once

#include <vector>

#include <migrate/db/connection.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/lint/finding.hpp>
#include <migrate/lint/rules.hpp>
#include <migrate/revision/revision.hpp>

namespace migrate::lint {

// `revisions` in the order an upgrade applies them. `connection` null: offline, where a table
// not created within `revisions` is taken to exist with rows unknown (so every rule that needs
// rows reports, saying so). A table created by an earlier revision of `revisions` (or earlier in
// the same one) is new and empty. Throws RevisionError for a bad op, or an ignore naming a rule
// that does not exist (naming the file and field); DatabaseError when the database cannot be read.
std::vector<Finding> lint(const std::vector<const revision::Revision*>& revisions, const dialect::Dialect& dialect,
                          db::Connection* connection, const Settings& settings);

// True when a finding that is not ignored has severity error.
bool has_errors(const std::vector<Finding>& findings);

} // namespace migrate::lint
