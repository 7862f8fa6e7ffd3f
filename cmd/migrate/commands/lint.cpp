// migrate lint: the risks of the revisions an upgrade would apply (or of a range, offline), as
// findings with the safer way to write each. Exit 3 when a finding of severity error is not
// ignored, 0 otherwise, 2 for bad input, 1 when the database cannot be read.
#include "commands/command.hpp"
#include "commands/common.hpp"
#include "lint_report.hpp"

#include <migrate/base/error.hpp>
#include <migrate/db/url.hpp>
#include <migrate/lint/lint.hpp>

#include <iostream>

namespace migrate::cli {

namespace {

struct LintOptions {
    std::string range;
    bool all = false;
    TenantOptions tenants;
};

Json lint_json(const runtime::LintResult& result, const std::string& url) {
    Json out{{"database", db::mask_password(url)}, {"live", result.live}};
    const Json fields = findings_fields(result);
    for (auto it = fields.begin(); it != fields.end(); ++it) out[it.key()] = it.value();
    return out;
}

void print_text(const runtime::LintResult& result, bool quiet) {
    print_findings(std::cout, result.findings, quiet);
    if (quiet) return;
    const LintCounts c = count_findings(result.findings);
    const std::string where = plural(result.revisions.size(), "revision") +
                              (result.live ? " linted with the database's tables and rows"
                                           : " linted offline (tables before the range taken to hold rows)");
    if (result.findings.empty()) {
        std::cout << "No findings: " << where << '\n';
        return;
    }
    std::cout << plural(c.error, "error") << ", " << plural(c.warning, "warning") << ", " << c.info << " info, "
              << c.ignored << " ignored: " << where << '\n';
}

void run_lint(const Options& options, const LintOptions& mine) {
    if (mine.all && !mine.range.empty())
        throw UsageError("lint: give a RANGE or --all, not both (--all is the range base:heads)");
    if (mine.tenants.enabled()) {
        if (mine.all || !mine.range.empty())
            throw UsageError("lint: a RANGE or --all lints offline, the same for every tenant; --tenants lints what "
                             "each tenant's upgrade would apply");
        return run_for_tenants(options, mine.tenants, [](runtime::Migrator& m, const runtime::Tenant&) {
            auto result = m.lint_pending();
            const LintCounts c = count_findings(result.findings);
            std::string text = plural(result.revisions.size(), "revision") + " pending: " + plural(c.error, "error") +
                               ", " + plural(c.warning, "warning") + ", " + std::to_string(c.info) + " info";
            const bool errors = lint::has_errors(result.findings);
            return TenantOutcome{errors ? "disagreement" : "ok", text, lint_json(result, m.config().url), errors ? 3 : 0};
        });
    }
    const auto guard = interrupt_guard();
    auto migrator = make_migrator(options);
    runtime::LintResult result;
    if (mine.all) result = migrator->lint_range("base:heads");
    else if (!mine.range.empty()) result = migrator->lint_range(mine.range);
    else result = migrator->lint_pending();
    if (options.json()) output().set_result(lint_json(result, migrator->config().url));
    else print_text(result, options.quiet);
    if (lint::has_errors(result.findings)) {
        const LintCounts c = count_findings(result.findings);
        throw Disagreement("lint found " + plural(c.error, "error") +
                           ": rewrite the ops the safer way, or silence a rule on the op with \"lint\": {\"ignore\": "
                           "{\"RULE\": \"REASON\"}}");
    }
}

void setup_lint(CLI::App& app, Options& options) {
    auto mine = std::make_shared<LintOptions>();
    auto* cmd = app.add_subcommand("lint", "Find the risky ops (data loss, long locks, rewrites) before they run");
    cmd->add_option("range", mine->range,
                    "TO or FROM:TO: lint those revisions offline (default: what `upgrade head` would apply, "
                    "with the database's tables and rows)");
    cmd->add_flag("--all", mine->all, "Lint every revision offline (the range base:heads)");
    add_tenant_options(*cmd, mine->tenants);
    cmd->footer("Each finding: the revision and op, its severity (error, warning, info), the rule and the\n"
                "safer way to write it. Silence a rule on an op or a revision with\n"
                "  \"lint\": {\"ignore\": {\"drop_column\": \"unused since v2\"}}\n"
                "and set severities in migrate.toml's [lint] section (docs/lint.md lists every rule).\n"
                "Exit status: 0 no error-level finding left; 3 some (listed); 2 bad input (range, revision\n"
                "file, config); 1 the database could not be read.\n"
                "Example:\n  migrate lint && migrate upgrade");
    cmd->callback([&options, mine] { run_lint(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(94, setup_lint);

} // namespace migrate::cli
