// migrate current: the revision(s) the database is at, from its version table.
#include "commands/command.hpp"
#include "commands/common.hpp"

#include <migrate/db/url.hpp>

#include <iostream>

namespace migrate::cli {

namespace {

struct CurrentOptions {
    bool verbose = false;
};

void run_current(const Options& options, const CurrentOptions& mine) {
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
    cmd->footer("Example:\n  migrate current --verbose");
    cmd->callback([&options, mine] { run_current(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(50, setup_current);

} // namespace migrate::cli
