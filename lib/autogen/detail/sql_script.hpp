// Reading a target .sql file (often `pg_dump --schema-only` output) statement by statement:
// what to run in the scratch database, what to leave out (ownership, privileges, psql
// meta-commands), and which kinds of object fall outside the schema model.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::autogen::detail {

struct ScriptStatement {
    std::string text;     // without the trailing ';', comments kept
    std::size_t line = 1; // where it starts in the file
};

// Splits on ';' outside quotes ('..', "..", $tag$..$tag$, E'..'), comments and trigger /
// BEGIN ATOMIC bodies. Lines starting with a psql meta-command ('\connect', '\restrict') are dropped.
std::vector<ScriptStatement> split_script(std::string_view sql);

enum class StatementUse {
    run,  // run it
    skip, // needs roles or privileges the scratch database lacks, and changes no schema object
};

// What to do with a statement, and (in `kind`, else empty) the kind of object it makes that the
// schema model does not cover ("functions", "triggers", ...), for the one warning.
StatementUse classify(const std::string& statement, std::string& kind);

// The one warning for what `source` (a target file, the database, or both: "schema.sql and the
// database") holds outside the schema model, from counts by kind; none when `kinds` is empty.
std::vector<std::string> not_compared_warning(const std::map<std::string, int>& kinds, const std::string& source);

// Adds `more` to `kinds`, each kind once: where both have it, the larger count (two readers of
// one schema count the same objects).
void merge_kinds(std::map<std::string, int>& kinds, const std::map<std::string, int>& more);

// The statement with its leading comments and blanks removed.
std::string strip_leading_comments(const std::string& statement);

} // namespace migrate::autogen::detail
