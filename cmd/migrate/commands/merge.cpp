// migrate merge REVS... -m MSG: a revision that joins two or more heads.
#include "commands/command.hpp"
#include "commands/common.hpp"

#include <migrate/base/error.hpp>
#include <migrate/revision/target.hpp>

#include <algorithm>
#include <iostream>

namespace migrate::cli {

namespace {

struct MergeOptions {
    std::vector<std::string> revisions;
    std::string message;
    std::vector<std::string> branch_labels;
    std::string rev_id;
};

void run_merge(const Options& options, const MergeOptions& mine) {
    auto migrator = make_migrator(options);
    const auto& g = migrator->graph();
    revision::NewRevision spec = new_revision_spec(migrator->config(), mine.message, mine.branch_labels, mine.rev_id);
    for (const auto& r : mine.revisions)
        for (auto i : revision::resolve_revisions(g, r))
            if (std::find(spec.down_revisions.begin(), spec.down_revisions.end(), g.at(i).id) == spec.down_revisions.end())
                spec.down_revisions.push_back(g.at(i).id);
    if (spec.down_revisions.size() < 2)
        throw UsageError("merge needs at least two distinct revisions (got " +
                         std::to_string(spec.down_revisions.size()) + "); try `migrate merge heads -m ...`");
    std::sort(spec.down_revisions.begin(), spec.down_revisions.end());
    auto path = write_revision_file(*migrator, spec);
    if (options.json()) return output().set_result(Json{{"created", Json::array({path})}});
    std::cout << "created " << path << '\n';
}

void setup_merge(CLI::App& app, Options& options) {
    // One command per run: a later word such as "heads" is an argument, not the heads command.
    app.require_subcommand(0, 1);
    auto mine = std::make_shared<MergeOptions>();
    auto* cmd = app.add_subcommand("merge", "Create a revision that joins two or more heads");
    cmd->add_option("revisions", mine->revisions, "The revisions to join (ids, prefixes, labels, or heads)")->required();
    cmd->add_option("-m,--message", mine->message, "What the merge is for")->required();
    cmd->add_option("--branch-label", mine->branch_labels, "A label for the merged branch (repeatable)");
    cmd->add_option("--rev-id", mine->rev_id, "Use this id instead of a random one");
    cmd->footer("Examples:\n  migrate merge heads -m \"join billing\"\n  migrate merge ae10 27c6 -m \"join\"");
    cmd->callback([&options, mine] { run_merge(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(110, setup_merge);

} // namespace migrate::cli
