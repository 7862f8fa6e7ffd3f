// One revision as the rules see it: its ops, the table facts before each op, the settings, and
// where findings go (with the severity settings and the ignores applied). Private to lib/lint.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/dialect/dialect.hpp>
#include <migrate/lint/finding.hpp>
#include <migrate/lint/rules.hpp>
#include <migrate/ops/op.hpp>
#include <migrate/revision/revision.hpp>

#include "table_facts.hpp"

namespace migrate::lint::detail {

using Ignores = std::map<std::string, std::string>; // rule -> reason

struct RevisionContext {
    const revision::Revision& rev;
    std::string file;
    const std::vector<ops::Op>& ops;
    const dialect::Dialect& dialect;
    TableFacts& facts;
    const Settings& settings;
    Ignores revision_ignores;
    std::vector<Ignores> op_ignores; // one per op
    std::vector<Finding>& out;

    // A finding of `rule` (an id of rules()) at op `op` (nullopt: the revision), unless the
    // settings turn the rule off. `safer` empty: the rule's own advice.
    void report(std::string_view rule, std::optional<std::size_t> op, std::string message, std::string safer = {});
};

// The rules on one op that hold on every database: data loss, NOT NULL without default,
// renames, sql ops. Called with the table facts as they are before the op.
void check_op(RevisionContext& c, std::size_t i);
// The PostgreSQL lock and rewrite rules on one op (where the dialect's DDL locks tables).
void check_locks(RevisionContext& c, std::size_t i);
// Whether op `i` takes a lock that blocks writers (ACCESS EXCLUSIVE, SHARE, SHARE ROW EXCLUSIVE)
// on a table that holds rows.
bool locks_table_with_rows(RevisionContext& c, std::size_t i);
// The rules on the revision as a whole: empty downgrade, irreversible, concurrently mixed.
void check_revision(RevisionContext& c);

// Whether a column going from `from` to `to` can lose or refuse values (a shorter varchar, a
// smaller integer, fewer numeric digits, a cast between unrelated types).
bool narrows(const schema::Type& from, const schema::Type& to);

} // namespace migrate::lint::detail
