// What the migration commands share: the config as the global options resolve it, a Migrator
// wired to stderr for progress, and the one-line and verbose forms of a revision.
#pragma once

#include "app.hpp"
#include "tenants.hpp"

#include <CLI/CLI.hpp>

#include <migrate/revision/revision_graph.hpp>
#include <migrate/revision/script_directory.hpp>
#include <migrate/runtime/config.hpp>
#include <migrate/runtime/interrupt_guard.hpp>
#include <migrate/runtime/migrator.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace migrate::cli {

// migrate.toml (or -c FILE), the environment, then --url. Without -c, a missing migrate.toml
// means the defaults for the current directory.
runtime::Config load_config(const Options& options);

// A Migrator with --echo applied, progress lines on stderr unless -q, and lock notices.
std::unique_ptr<runtime::Migrator> make_migrator(const Options& options);

// For the commands that change or compare a database: the first Ctrl-C / SIGTERM cancels the
// running statement and rolls back (the command ends with Interrupted: 130 / 143), a notice on
// stderr says so; a second one quits at once. Keep it alive for the whole command.
runtime::InterruptGuard interrupt_guard();

// True when stdout is a terminal and NO_COLOR is unset.
bool use_colour();
// `text` in bold/colour when use_colour(); as is otherwise.
std::string highlight(const std::string& text);

struct Marks {
    std::set<std::string> current; // ids to mark "(current)"
};

// "a1b2 -> c3d4 (tags) (head), add tags": parents, id, labels and markers, message.
std::string revision_line(const revision::RevisionGraph& graph, revision::RevisionGraph::Index i,
                          const Marks& marks = {});
// A block with every field of the revision.
std::string revision_block(const revision::RevisionGraph& graph, revision::RevisionGraph::Index i,
                           const Marks& marks = {});

// Directory of the templates `init` and `revision` use: installed, else the source tree.
std::string templates_dir();

} // namespace migrate::cli

namespace migrate::cli {

// The options upgrade and downgrade share.
struct MoveOptions {
    std::string target;
    bool sql = false;
    bool transaction_per_revision = false;
    double lock_timeout = -1; // seconds; < 0: from the config
    TenantOptions tenants;
};
void add_move_options(CLI::App& command, MoveOptions& move);
// "a1b2, c3d4", or "<base>" for none.
std::string heads_text(const std::vector<std::string>& heads);
// A run's result as a tenant's outcome: "done" with the steps, or "at_target".
TenantOutcome run_outcome(const runtime::RunResult& result, const std::string& verb);
// Runs an upgrade or downgrade (or prints its --sql script) as the options say.
void run_move(revision::Direction direction, const Options& options, const MoveOptions& move);

} // namespace migrate::cli

namespace migrate::cli {

// The defaults of a new revision: the script directory's revision.json.template if present,
// else templates/revision.json (revision::parse_revision_template).
revision::NewRevision revision_template(const runtime::Config& config);
// The template's defaults with what every new revision is given on the command line: the
// message, --branch-label and --rev-id (empty: a new id).
revision::NewRevision new_revision_spec(const runtime::Config& config, const std::string& message,
                                        const std::vector<std::string>& branch_labels, const std::string& rev_id);

// Checks the options that named `spec`'s id and labels (UsageError naming the option), then
// writes it with the library's one revision writer (Migrator::write_revision). Returns the path.
std::string write_revision_file(runtime::Migrator& migrator, const revision::NewRevision& spec);

} // namespace migrate::cli
