// `--tenants`: a command run over every tenant of [tenants] (runtime/tenants.hpp) with bounded
// parallelism, a line per tenant as it finishes and a summary; the exit status is the worst
// tenant's. Each command gives the work of one tenant; this file does the rest.
#pragma once

#include "app.hpp"

#include <CLI/CLI.hpp>

#include <migrate/runtime/migrator.hpp>
#include <migrate/runtime/tenants.hpp>

#include <functional>
#include <string>

namespace migrate::cli {

struct TenantOptions {
    std::string pattern;     // --tenants: "all", --tenants=PATTERN: a glob; empty: not given
    bool enabled() const { return !pattern.empty(); }
    std::size_t jobs = 4;    // -j
    bool keep_going = false; // --keep-going
};
void add_tenant_options(CLI::App& command, TenantOptions& tenants);

// What one tenant's command came to. `result`: "done" (changed), "at_target" (nothing to do),
// "ok" (a query or check that found nothing wrong), "disagreement" (exit 3: drift, lint errors,
// modified files), "failed"; the runner adds "skipped" for those never started.
struct TenantOutcome {
    std::string result;
    std::string text; // the human line after "NAME: " (none when empty and the tenant succeeded)
    Json details;     // the command's own fields for the tenant's JSON line (null: none)
    int exit_status = 0;
    Json error = nullptr; // a failed tenant's error object
};

// One tenant's work, on its own Migrator (revisions shared, progress silent). An exception is
// the tenant's failure, with the exit status and message the CLI gives it.
using TenantWork = std::function<TenantOutcome(runtime::Migrator& migrator, const runtime::Tenant& tenant)>;

// Runs `work` over the selected tenants and prints their lines and the summary. `after` (if
// set) prints more once all have finished (current's groups). Throws ExitStatus with the
// worst exit status when one is not 0.
void run_for_tenants(const Options& options, const TenantOptions& tenants, const TenantWork& work,
                     const std::function<void()>& after = {});

} // namespace migrate::cli
