// `migrate baseline`: a first revision for a database that exists already, written from the
// database itself (its whole schema as ops, and a downgrade that drops it), which the database
// is then stamped at without running it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <migrate/autogen/compare.hpp>
#include <migrate/db/connection.hpp>
#include <migrate/runtime/migrator.hpp>

namespace migrate::autogen {

// Everything the database at `conn` holds in the schemas autogenerate reads (reflected_schemas;
// the tool's own tables and options.exclude_tables left out), as the difference between an
// empty schema and it: autogenerate's own ops and order (enums and sequences first, tables in
// foreign-key order with the foreign keys of a cycle added once both tables exist, indexes,
// views, comments), and the downgrade that drops it all. What the database holds outside the
// schema model (functions, triggers, ...) is the first warning: a baseline leaves it out.
Diff baseline(db::Connection& conn, const CompareOptions& options);

struct BaselineOptions {
    std::string message = "baseline";
    // Where the revision goes: nullopt in an empty script directory (a base); otherwise required:
    // "base" (a new root) or a head (a revision or label@head) it is written on top of.
    std::optional<std::string> head;
    std::optional<std::string> id; // the revision id (default: a random one)
    std::vector<std::string> branch_labels; // labels for the branch the baseline starts
};

struct BaselineResult {
    std::filesystem::path file;
    std::string revision;
    std::size_t ops = 0;
    std::vector<std::string> warnings;
    runtime::RunResult stamp;
};

// The whole of `migrate baseline`: baseline(migrator's connection, compare_options(config)),
// written with the one revision writer (warnings as comments on top), then
// Migrator::stamp({revision}) without running it. UsageError, nothing written, for a database
// with nothing to baseline, or a script directory that has revisions while options.head is unset
// (or names something that is not a head).
BaselineResult write_baseline(runtime::Migrator& migrator, const BaselineOptions& options);

} // namespace migrate::autogen
