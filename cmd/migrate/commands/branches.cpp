// migrate branches: the branch points and the revisions they branch into.
#include "commands/command.hpp"
#include "commands/common.hpp"
#include "revision_json.hpp"

#include <iostream>

namespace migrate::cli {

namespace {

struct BranchesOptions {
    bool verbose = false;
};

void run_branches(const Options& options, const BranchesOptions& mine) {
    auto migrator = make_migrator(options);
    const auto& g = migrator->graph();
    if (options.json()) {
        std::vector<revision::RevisionGraph::Index> points;
        for (const auto& id : g.branch_points()) points.push_back(*g.index_of(id));
        return output().set_result(Json{{"branch_points", revisions_json(g, points)}});
    }
    for (const auto& id : g.branch_points()) {
        auto i = *g.index_of(id);
        std::cout << (mine.verbose ? revision_block(g, i) : revision_line(g, i)) << '\n';
        for (auto c : g.children(i)) std::cout << "  -> " << revision_line(g, c) << '\n';
    }
}

void setup_branches(CLI::App& app, Options& options) {
    auto mine = std::make_shared<BranchesOptions>();
    auto* cmd = app.add_subcommand("branches", "Show the branch points and their branches");
    cmd->add_flag("-v,--verbose", mine->verbose, "Show every field of each branch point");
    cmd->footer("Example:\n  migrate branches");
    cmd->callback([&options, mine] { run_branches(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(80, setup_branches);

} // namespace migrate::cli
