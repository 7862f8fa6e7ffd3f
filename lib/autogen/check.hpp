// `migrate check` as a value: is the database at the head revisions, and does it match the
// configured target schema? The CLI only prints the result; a CI step in C++ reads it.
#pragma once

#include <string>
#include <vector>

#include <migrate/autogen/compare.hpp>
#include <migrate/runtime/migrator.hpp>

namespace migrate::autogen {

// Where the database stands against the script directory.
struct HeadState {
    std::vector<std::string> database;  // the version table's rows, sorted
    std::vector<std::string> revisions; // the script directory's heads, sorted
    bool at_head() const { return database == revisions; }
    // "the database is not at head (database: a1; revisions: b2); run `migrate upgrade head` first"
    std::string mismatch() const;
};
HeadState head_state(runtime::Migrator& migrator);

struct CheckResult {
    std::string target; // the config's `target`, as written there
    HeadState heads;
    // Live -> target. Only compared at head (a diff against an older schema would repeat
    // changes the revisions already hold): empty otherwise.
    Diff diff;
    std::vector<std::string> differences; // describe(diff): "add_column books.isbn"
    bool clean() const { return heads.at_head() && diff.empty(); }
};

// The database of `migrator` against its config's target. UsageError when no target is set;
// loading errors as autogenerate(config, conn) throws them. A .sql target's reflected model
// comes from the target cache when the file, the dialect and the server version are unchanged.
CheckResult check(runtime::Migrator& migrator);

} // namespace migrate::autogen
