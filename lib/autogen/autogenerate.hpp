// Autogenerate as one call: reflect the live database, compare with a target, return the
// upgrade, its inverse and the warnings. Also what `migrate revision --autogenerate` and
// `migrate check` call with a project's Config.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <migrate/autogen/compare.hpp>
#include <migrate/db/connection.hpp>
#include <migrate/dialect/reflect.hpp>
#include <migrate/revision/script_directory.hpp>
#include <migrate/runtime/config.hpp>
#include <migrate/runtime/migrator.hpp>
#include <migrate/schema/model.hpp>

namespace migrate::autogen {

// Reads `conn` (the dialect's default schema + options.include_schemas; the tool's own tables left
// out) and diffs it against `target`. options.dialect defaults to the connection's. What the
// database holds outside the model (exclusion constraints, partitions, ...) is the first warning.
Diff autogenerate(db::Connection& conn, const schema::MetaData& target, const CompareOptions& options = {});

// The CompareOptions a project's config asks for: include_schemas, exclude_tables (plus the
// version and history tables), and `renames`.
CompareOptions compare_options(const runtime::Config& config, const std::vector<Rename>& renames = {});

// The schemas autogenerate reads on both sides: the default schema (options.default_schema, or
// the dialect's), then include_schemas.
std::vector<std::string> reflected_schemas(const CompareOptions& options, const dialect::Dialect& dialect);

// The database at `conn` as autogenerate reads it: the schemas reflected_schemas names, with
// options.dialect (which must be set). What it holds outside the schema model is counted in `kinds`.
schema::MetaData reflect_database(db::Connection& conn, const CompareOptions& options, dialect::NotModelled* kinds);

// config.target loaded (UsageError when unset) and compared with the database at `conn`.
// Warnings from loading the target come first in Diff::warnings.
Diff autogenerate(const runtime::Config& config, db::Connection& conn, const std::vector<Rename>& renames = {});

// What `migrate revision --autogenerate` and `migrate check` run: loads the target (bad input
// is found before the database is read), requires the database to be at the head revision(s)
// (a Disagreement naming both sides otherwise: a diff against an older schema would repeat
// changes already written), then compares as autogenerate(config, connection).
Diff autogenerate(runtime::Migrator& migrator, const std::vector<Rename>& renames = {});

// The upgrade and downgrade of `diff` as the ops of a new revision (explicit lists, never
// "reverse"), and its warnings as a block of comments at the top of `spec.comments` (the
// revision command fills the rest of `spec`: message, heads, labels).
void fill_revision(revision::NewRevision& spec, const Diff& diff);

// Writes a revision file for `diff` on top of the current heads (one head required) into
// config's script directory, with the warnings as a block of `//` comments at its top (fill_revision).
// Returns the file's path. Writes nothing for an empty diff (returns an empty path).
std::filesystem::path write_revision(const runtime::Config& config, const Diff& diff, const std::string& message);

} // namespace migrate::autogen
