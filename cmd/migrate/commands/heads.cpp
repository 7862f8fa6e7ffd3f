// migrate heads: the newest revision of each branch.
#include "commands/command.hpp"
#include "commands/common.hpp"
#include "revision_json.hpp"

#include <iostream>

namespace migrate::cli {

namespace {

struct HeadsOptions {
    bool verbose = false;
};

void run_heads(const Options& options, const HeadsOptions& mine) {
    auto migrator = make_migrator(options);
    const auto& g = migrator->graph();
    if (options.json()) return output().set_result(Json{{"heads", revisions_json(g, g.head_indexes())}});
    for (auto i : g.head_indexes()) {
        if (mine.verbose) std::cout << revision_block(g, i) << '\n';
        else std::cout << revision_line(g, i) << '\n';
    }
}

void setup_heads(CLI::App& app, Options& options) {
    auto mine = std::make_shared<HeadsOptions>();
    auto* cmd = app.add_subcommand("heads", "Show the head revision of each branch");
    cmd->add_flag("-v,--verbose", mine->verbose, "Show every field of each head");
    cmd->footer("Example:\n  migrate heads --verbose");
    cmd->callback([&options, mine] { run_heads(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(70, setup_heads);

} // namespace migrate::cli
