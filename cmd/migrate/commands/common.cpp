#include "commands/common.hpp"

#include "lint_report.hpp"
#include "progress.hpp"
#include "run_events.hpp"

#include <migrate/base/error.hpp>
#include <migrate/base/join.hpp>
#include <migrate/base/read_file.hpp>
#include <migrate/db/url.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace migrate::cli {

namespace fs = std::filesystem;

runtime::Config load_config(const Options& options) {
    const bool has_file = options.config_given || fs::exists(options.config);
    if (!has_file && !options.env.empty())
        throw UsageError("--env " + options.env + ": no " + options.config + " to read [env." + options.env +
                         "] from (run `migrate init` or pass -c FILE)");
    runtime::Config config = has_file ? runtime::Config::load(options.config, options.env)
                                      : runtime::Config::defaults(fs::current_path());
    if (!options.url.empty()) config.set_url_from_command_line(options.url);
    return config;
}

namespace {

// The lint `upgrade` runs first ([lint] upgrade): a `lint` line with JSON, else the findings on
// stderr (only the error-level ones with -q).
void report_lint_gate(runtime::Migrator& migrator, const Options& options) {
    if (options.json()) {
        migrator.on_lint([](const runtime::LintResult& result, runtime::LintGate gate) {
            Json fields{{"gate", runtime::to_string(gate)}};
            const Json found = findings_fields(result);
            for (auto it = found.begin(); it != found.end(); ++it) fields[it.key()] = it.value();
            output().line("lint", fields);
        });
        return;
    }
    const bool quiet = options.quiet;
    migrator.on_lint([quiet](const runtime::LintResult& result, runtime::LintGate gate) {
        const LintCounts c = count_findings(result.findings);
        if (quiet && c.error == 0) return;
        std::cerr << "lint ([lint] upgrade = \"" << runtime::to_string(gate) << "\"): " << plural(c.error, "error")
                  << ", " << plural(c.warning, "warning") << ", " << c.info << " info, " << c.ignored
                  << " ignored in the revisions to apply\n";
        for (const auto& f : result.findings)
            if (!f.ignored && (f.severity == lint::Severity::error || (!quiet && f.severity == lint::Severity::warning)))
                print_findings(std::cerr, {f}, false);
    });
}

} // namespace

std::unique_ptr<runtime::Migrator> make_migrator(const Options& options) {
    auto migrator = std::make_unique<runtime::Migrator>(load_config(options));
    // With JSON, --echo's statements are `statement` lines on stdout instead of text on stderr.
    migrator->set_echo(options.echo && !options.json());
    migrator->on_notice([](const std::string& text) { std::cerr << text << '\n'; });
    report_lint_gate(*migrator, options);
    if (options.json()) {
        report_run_as_json(*migrator, options.echo);
    } else if (!options.quiet) {
        // Owned by the migrator's callbacks, so the ticker thread ends with the migrator.
        auto progress = std::make_shared<Progress>(isatty(STDERR_FILENO) != 0);
        migrator->on_progress([progress](const runtime::StepEvent& e) { progress->on_step(e); });
        migrator->on_statement([progress](const std::string&, const db::Params&, db::StatementKind) {
            progress->on_statement();
        });
    }
    return migrator;
}

runtime::InterruptGuard interrupt_guard() {
    return runtime::InterruptGuard(
        "\ninterrupted: cancelling the running statement and rolling back (again to quit at once)\n");
}

bool use_colour() {
    static const bool on = isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    return on;
}

std::string highlight(const std::string& text) { return use_colour() ? "\033[1m" + text + "\033[0m" : text; }

namespace {

std::string ids(const revision::RevisionGraph& g, const std::vector<revision::RevisionGraph::Index>& list) {
    std::string out;
    for (auto i : list) out += (out.empty() ? "" : ", ") + g.at(i).id;
    return out;
}

std::string markers(const revision::RevisionGraph& g, revision::RevisionGraph::Index i, const Marks& marks) {
    const auto& rev = g.at(i);
    std::string out;
    if (!rev.branch_labels.empty()) {
        out += " (" + base::join(rev.branch_labels) + ")";
    }
    if (g.is_head(i)) out += " (head)";
    if (g.is_branch_point(i)) out += " (branchpoint)";
    if (rev.is_merge_point()) out += " (mergepoint)";
    if (!rev.imported_from.empty()) out += " (imported from " + rev.imported_from + ")";
    if (marks.current.count(rev.id)) out += " (current)";
    return out;
}

} // namespace

std::string revision_line(const revision::RevisionGraph& g, revision::RevisionGraph::Index i, const Marks& marks) {
    const auto& rev = g.at(i);
    const auto& parents = g.parents(i);
    std::string from = parents.empty() ? "<base>" : parents.size() == 1 ? g.at(parents[0]).id : "(" + ids(g, parents) + ")";
    return from + " -> " + highlight(rev.id) + markers(g, i, marks) + ", " + rev.message;
}

std::string revision_block(const revision::RevisionGraph& g, revision::RevisionGraph::Index i, const Marks& marks) {
    const auto& rev = g.at(i);
    std::string out = "Rev: " + highlight(rev.id) + markers(g, i, marks) + "\n";
    out += "Parent: " + (g.parents(i).empty() ? std::string("<base>") : ids(g, g.parents(i))) + "\n";
    if (g.is_branch_point(i)) out += "Branches into: " + ids(g, g.children(i)) + "\n";
    if (!rev.branch_labels.empty()) out += "Branch names: " + base::join(rev.branch_labels) + "\n";
    if (!rev.depends_on.empty()) out += "Depends on: " + base::join(rev.depends_on) + "\n";
    if (!rev.path.empty()) out += "Path: " + rev.path.string() + "\n";
    out += "\n    " + rev.message + "\n\n";
    out += "    Revision ID: " + rev.id + "\n";
    out += "    Revises: " + (g.parents(i).empty() ? std::string() : ids(g, g.parents(i))) + "\n";
    out += "    Create Date: " + rev.create_date + "\n";
    return out;
}

std::string templates_dir() {
#ifdef MIGRATE_TEMPLATES_DIR
    if (fs::exists(fs::path(MIGRATE_TEMPLATES_DIR) / "migrate.toml")) return MIGRATE_TEMPLATES_DIR;
#endif
#ifdef MIGRATE_SOURCE_TEMPLATES_DIR
    if (fs::exists(fs::path(MIGRATE_SOURCE_TEMPLATES_DIR) / "migrate.toml")) return MIGRATE_SOURCE_TEMPLATES_DIR;
#endif
    throw Error("cannot find the templates directory (migrate.toml, revision.json); reinstall migrate");
}

} // namespace migrate::cli

namespace migrate::cli {

void add_move_options(CLI::App& command, MoveOptions& move) {
    command.add_flag("--sql", move.sql,
                     "Print the SQL script instead of running it (offline: no database is touched); "
                     "TARGET may be a range FROM:TO");
    command.add_flag("--transaction-per-revision", move.transaction_per_revision,
                     "Commit after each revision instead of once for the whole run");
    command.add_option("--lock-timeout", move.lock_timeout,
                       "Seconds to wait for another migrate process holding the migration lock (default: 60 "
                       "or lock_timeout in the config)")
        ->check(CLI::NonNegativeNumber);
    add_tenant_options(command, move.tenants);
}

std::string heads_text(const std::vector<std::string>& heads) { return heads.empty() ? "<base>" : base::join(heads); }

TenantOutcome run_outcome(const runtime::RunResult& result, const std::string& verb) {
    TenantOutcome out;
    const std::string heads = heads_text(result.heads_after);
    out.result = result.steps == 0 && result.heads_before == result.heads_after ? "at_target" : "done";
    if (out.result == "at_target") out.text = "already at " + heads;
    else if (result.steps == 0) out.text = verb + ": now at " + heads;
    else
        out.text = verb + " " + std::to_string(result.steps) + " revision" + (result.steps == 1 ? "" : "s") +
                   ", now at " + heads;
    out.details = Json{{"steps", result.steps}, {"from", result.heads_before}, {"heads", result.heads_after}};
    return out;
}

namespace {

void apply_move_options(runtime::Config& config, const MoveOptions& move) {
    if (move.transaction_per_revision) config.transaction_per_revision = true;
    if (move.lock_timeout >= 0)
        config.lock_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(move.lock_timeout * 1000));
}

} // namespace

void run_move(revision::Direction direction, const Options& options, const MoveOptions& move) {
    const bool up = direction == revision::Direction::upgrade;
    if (move.tenants.enabled()) {
        if (move.sql)
            throw UsageError("--sql prints one script; with --tenants give each tenant's --url instead");
        return run_for_tenants(options, move.tenants, [&](runtime::Migrator& m, const runtime::Tenant&) {
            apply_move_options(m.config(), move);
            return run_outcome(up ? m.upgrade(move.target) : m.downgrade(move.target), up ? "upgraded" : "downgraded");
        });
    }
    // An online run is JSON Lines from its first failure on (a bad config is an error line too);
    // an offline one prints its script.
    if (!move.sql) output().begin_lines();
    auto migrator = make_migrator(options);
    auto& config = migrator->config();
    apply_move_options(config, move);
    if (move.sql) {
        std::cout << (up ? migrator->upgrade_sql(move.target) : migrator->downgrade_sql(move.target));
        return;
    }
    const auto guard = interrupt_guard();
    auto result = up ? migrator->upgrade(move.target) : migrator->downgrade(move.target);
    if (options.json()) return finish_run_as_json(result);
    if (options.quiet) return;
    const std::string heads = heads_text(result.heads_after);
    const std::string database = db::mask_password(config.url);
    if (result.steps == 0) std::cerr << "nothing to do: " << database << " is at " << heads << '\n';
    else
        std::cerr << (up ? "upgraded " : "downgraded ") << result.steps << " revision" << (result.steps == 1 ? "" : "s")
                  << "; " << database << " is now at " << heads << '\n';
}

} // namespace migrate::cli

namespace migrate::cli {

revision::NewRevision revision_template(const runtime::Config& config) {
    fs::path custom = config.script_location / "revision.json.template";
    fs::path file = fs::exists(custom) ? custom : fs::path(templates_dir()) / "revision.json";
    std::string text;
    try {
        text = base::read_file(file);
    } catch (const base::UnreadableFile& e) {
        throw UsageError(file.string() + ": cannot read the revision template (" + e.reason() + ")");
    }
    return revision::parse_revision_template(text, file);
}

revision::NewRevision new_revision_spec(const runtime::Config& config, const std::string& message,
                                        const std::vector<std::string>& branch_labels, const std::string& rev_id) {
    revision::NewRevision spec = revision_template(config);
    spec.message = message;
    spec.branch_labels = branch_labels;
    if (!rev_id.empty()) spec.id = rev_id;
    return spec;
}

std::string write_revision_file(runtime::Migrator& migrator, const revision::NewRevision& spec) {
    const auto versions = migrator.config().versions_dir();
    if (!fs::is_directory(versions))
        throw UsageError(versions.string() + ": no such directory (run `migrate init` first)");
    const auto& g = migrator.graph(); // the directory must be valid before we add to it
    if (spec.id && !revision::is_valid_revision_id(*spec.id))
        throw UsageError("--rev-id '" + *spec.id + "': a revision id may hold only letters, digits and '_'");
    if (spec.id && g.find(*spec.id)) throw UsageError("--rev-id '" + *spec.id + "': a revision with this id exists already");
    for (const auto& l : spec.branch_labels)
        if (!revision::is_valid_branch_label(l))
            throw UsageError("--branch-label '" + l + "': letters, digits and '_' only, and not head, heads or base");
    return migrator.write_revision(spec).string();
}

} // namespace migrate::cli
