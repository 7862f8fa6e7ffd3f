// migrate current: the revision(s) the database is at, from its version table.
#include "commands/command.hpp"
#include "commands/common.hpp"

#include <migrate/base/join.hpp>
#include <migrate/db/url.hpp>

#include <algorithm>
#include <map>
#include <mutex>

#include <iostream>

namespace migrate::cli {

namespace {

struct CurrentOptions {
    bool verbose = false;
    TenantOptions tenants;
};

// current --tenants: which tenants are at which heads, one group per set of heads.
void run_current_tenants(const Options& options, const CurrentOptions& mine) {
    std::map<std::vector<std::string>, std::vector<std::string>> groups; // heads -> tenants
    std::mutex mutex;
    const revision::RevisionGraph* graph = nullptr; // the tenants' shared revisions
    auto work = [&](runtime::Migrator& m, const runtime::Tenant& tenant) {
        auto heads = m.current();
        {
            std::lock_guard lock(mutex);
            groups[heads].push_back(tenant.name);
            if (!graph) graph = &m.graph(); // shared by every tenant: alive for the whole run
        }
        return TenantOutcome{"ok", "", Json{{"current", heads}}, 0};
    };
    auto print_groups = [&] {
        Json list = Json::array();
        for (auto& [heads, names] : groups) {
            std::sort(names.begin(), names.end());
            bool at_head = !heads.empty() && graph;
            for (const auto& h : heads) {
                auto i = graph ? graph->index_of(h) : std::nullopt;
                at_head = at_head && i && graph->is_head(*i);
            }
            list.push_back(Json{{"current", heads}, {"at_head", at_head}, {"tenants", names}});
            if (options.json()) continue;
            std::cout << heads_text(heads) << (at_head ? " (head)" : "") << ": " << names.size()
                      << (names.size() == 1 ? " tenant\n" : " tenants\n") << "  " << base::join(names) << '\n';
        }
        output().line("tenant_groups", Json{{"groups", list}});
    };
    run_for_tenants(options, mine.tenants, work, print_groups);
}

void run_current(const Options& options, const CurrentOptions& mine) {
    if (mine.tenants.enabled()) return run_current_tenants(options, mine);
    auto migrator = make_migrator(options);
    if (mine.verbose) {
        const auto& config = migrator->config();
        std::cout << "Database: " << db::mask_password(config.url) << " (from " << config.url_source << ")\n";
        if (!config.environment.empty()) std::cout << "Environment: " << config.environment << '\n';
    }
    auto heads = migrator->current();
    if (options.json()) {
        const auto& config = migrator->config();
        const auto& g = migrator->graph();
        Json list = Json::array();
        for (const auto& id : heads) {
            auto i = g.index_of(id);
            list.push_back(Json{{"revision", id}, {"known", i.has_value()}, {"is_head", i && g.is_head(*i)}});
        }
        return output().set_result(Json{{"database", db::mask_password(config.url)},
                                        {"environment", config.environment.empty() ? Json(nullptr) : Json(config.environment)},
                                        {"current", list}});
    }
    if (heads.empty()) {
        if (!options.quiet) std::cerr << "no revision applied (the database is at base)\n";
        return;
    }
    const auto& g = migrator->graph();
    for (const auto& id : heads) {
        auto i = g.index_of(id);
        if (!i) {
            std::cout << id << " (not in " << migrator->config().versions_dir().string() << ")\n";
            continue;
        }
        if (mine.verbose) std::cout << revision_block(g, *i) << '\n';
        else std::cout << id << (g.is_head(*i) ? " (head)" : "") << '\n';
    }
}

void setup_current(CLI::App& app, Options& options) {
    auto mine = std::make_shared<CurrentOptions>();
    auto* cmd = app.add_subcommand("current", "Show the revision(s) the database is at");
    cmd->add_flag("-v,--verbose", mine->verbose, "Show where the database URL came from and every field of each current revision");
    add_tenant_options(*cmd, mine->tenants);
    cmd->footer("Examples:\n  migrate current --verbose\n  migrate current --tenants");
    cmd->callback([&options, mine] { run_current(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(50, setup_current);

} // namespace migrate::cli
