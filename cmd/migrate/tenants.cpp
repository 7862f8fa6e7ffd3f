#include "tenants.hpp"

#include "commands/common.hpp"

#include <migrate/base/error.hpp>
#include <migrate/db/interrupt.hpp>
#include <migrate/revision/script_directory.hpp>

#include <iostream>
#include <memory>
#include <mutex>

namespace migrate::cli {

void add_tenant_options(CLI::App& command, TenantOptions& tenants) {
    command
        .add_flag("--tenants{all}", tenants.pattern,
                  "Run over the tenants of migrate.toml's [tenants] (all, or --tenants=PATTERN: those whose name "
                  "matches the glob)");
    command.add_option("-j,--jobs", tenants.jobs, "With --tenants: how many tenants run at once (default: 4)")
        ->check(CLI::PositiveNumber);
    command.add_flag("--keep-going", tenants.keep_going,
                     "With --tenants: after a tenant fails, start the rest anyway (default: start no new one)");
}

namespace {

// Interrupted, then bad input, then a database failure, then a disagreement: what a CI step
// should see first when tenants end differently.
int rank(int status) {
    if (status >= 128) return 4;
    if (status == 2) return 3;
    if (status == 1) return 2;
    if (status == 3) return 1;
    return 0;
}

struct Tally {
    std::size_t done = 0, at_target = 0, ok = 0, disagreement = 0, failed = 0, skipped = 0;
    int worst = 0;

    void add(const TenantOutcome& o) {
        if (o.result == "done") ++done;
        else if (o.result == "at_target") ++at_target;
        else if (o.result == "ok") ++ok;
        else if (o.result == "disagreement") ++disagreement;
        else ++failed;
        if (rank(o.exit_status) > rank(worst)) worst = o.exit_status;
    }
    std::string text(std::size_t tenants) const {
        std::string out = std::to_string(tenants) + (tenants == 1 ? " tenant:" : " tenants:");
        std::string parts;
        auto part = [&parts](std::size_t n, const char* what) {
            if (n) parts += (parts.empty() ? " " : ", ") + std::to_string(n) + " " + what;
        };
        part(done, "done");
        part(at_target, "already at target");
        part(ok, "ok");
        part(disagreement, "with differences or findings");
        part(failed, "failed");
        part(skipped, "skipped");
        return out + parts;
    }
    Json json(std::size_t tenants) const {
        return Json{{"tenants", tenants}, {"done", done},         {"at_target", at_target}, {"ok", ok},
                    {"disagreement", disagreement}, {"failed", failed}, {"skipped", skipped}, {"exit_status", worst}};
    }
};

// One tenant's work, with any exception turned into its failed outcome.
TenantOutcome run_one(const runtime::Tenant& tenant, const std::shared_ptr<const revision::ScriptDirectory>& scripts,
                      const TenantWork& work) {
    runtime::Migrator migrator(tenant.config);
    migrator.share_scripts(scripts);
    std::optional<FailedStep> failed_step;
    migrator.on_progress([&failed_step](const runtime::StepEvent& e) {
        if (e.phase == runtime::StepEvent::Phase::failed) failed_step = FailedStep{e.revision, e.file, e.op_index};
    });
    try {
        return work(migrator, tenant);
    } catch (...) {
        const Failure f = current_failure();
        return TenantOutcome{f.exit_status == 3 ? "disagreement" : "failed", f.message, nullptr, f.exit_status,
                             Output::error_object(f, failed_step)};
    }
}

} // namespace

void run_for_tenants(const Options& options, const TenantOptions& mine, const TenantWork& work,
                     const std::function<void()>& after) {
    output().begin_lines();
    const auto config = load_config(options);
    // Bad revision files are found once, before any tenant starts.
    const auto scripts =
        std::make_shared<const revision::ScriptDirectory>(revision::ScriptDirectory::load(config.script_location));
    const auto tenants = runtime::select_tenants(runtime::resolve_tenants(config), mine.pattern);
    const auto guard = interrupt_guard();
    output().line("tenants_started", Json{{"tenants", tenants.size()}, {"jobs", mine.jobs}});

    std::mutex print;
    Tally tally;
    auto report = [&](const runtime::Tenant& tenant, const TenantOutcome& outcome) {
        std::lock_guard lock(print);
        tally.add(outcome);
        if (options.json()) {
            output().line("tenant_finished", Json{{"tenant", tenant.name},
                                                  {"result", outcome.result},
                                                  {"exit_status", outcome.exit_status},
                                                  {"details", outcome.details},
                                                  {"error", outcome.error}});
        } else if ((!options.quiet && !outcome.text.empty()) || outcome.exit_status != 0) {
            std::cout << tenant.name << ": " << outcome.text << std::endl;
        }
        // A tenant that differs (exit 3) is a finding, not a failure: the others are still checked.
        return outcome.exit_status == 0 || outcome.exit_status == 3;
    };
    const auto started = runtime::fan_out(tenants.size(), runtime::FanOutOptions{mine.jobs, mine.keep_going},
                                          [&](std::size_t i) { return report(tenants[i], run_one(tenants[i], scripts, work)); });
    std::string skipped;
    for (std::size_t i = 0; i < tenants.size(); ++i) {
        if (started[i]) continue;
        ++tally.skipped;
        skipped += (skipped.empty() ? "" : ", ") + tenants[i].name;
        output().line("tenant_finished", Json{{"tenant", tenants[i].name},
                                              {"result", "skipped"},
                                              {"exit_status", nullptr},
                                              {"details", nullptr},
                                              {"error", nullptr}});
    }
    if (after) after();
    output().line("tenants_finished", tally.json(tenants.size()));
    if (!options.json()) {
        if (!skipped.empty()) std::cout << "skipped (not started after a failure): " << skipped << '\n';
        if (!options.quiet || tally.worst != 0) std::cout << tally.text(tenants.size()) << '\n';
    }
    if (db::interrupt_signal() != 0 && tally.worst < 128) tally.worst = 128 + db::interrupt_signal();
    if (tally.worst != 0)
        throw ExitStatus(tally.worst, std::to_string(tally.failed + tally.disagreement) + " of " +
                                          std::to_string(tenants.size()) + " tenants did not succeed" +
                                          (tally.skipped ? "; " + std::to_string(tally.skipped) +
                                                               " not started (--keep-going runs them all)"
                                                         : std::string()));
}

} // namespace migrate::cli
