// migrate baseline -m MSG: a first revision written from the live database, stamped as applied.
#include "commands/command.hpp"
#include "commands/common.hpp"

#include <migrate/autogen/baseline.hpp>
#include <migrate/db/url.hpp>

#include <iostream>

namespace migrate::cli {

namespace {

struct BaselineCommandOptions {
    std::string message = "baseline";
    std::string head;
    std::string rev_id;
    std::vector<std::string> branch_labels;
};

void run_baseline(const Options& options, const BaselineCommandOptions& mine) {
    auto migrator = make_migrator(options);
    if (options.json()) { // one document: the stamp's run is part of it, not lines of its own
        migrator->on_run({});
        migrator->on_progress({});
    }
    const auto guard = interrupt_guard();
    autogen::BaselineOptions bo;
    bo.message = mine.message;
    if (!mine.head.empty()) bo.head = mine.head;
    if (!mine.rev_id.empty()) bo.id = mine.rev_id;
    bo.branch_labels = mine.branch_labels;
    const auto result = autogen::write_baseline(*migrator, bo);
    if (options.json())
        return output().set_result(Json{{"created", Json::array({result.file.string()})},
                                        {"revision", result.revision},
                                        {"ops", result.ops},
                                        {"warnings", result.warnings},
                                        {"heads", result.stamp.heads_after}});
    for (const auto& w : result.warnings) std::cerr << "warning: " << w << '\n';
    std::cout << "created " << result.file.string() << '\n';
    if (options.quiet) return;
    std::cerr << "baseline " << result.revision << ": " << result.ops << " op(s) from "
              << db::mask_password(migrator->config().url) << ", which is stamped at it (nothing was run)\n";
}

void setup_baseline(CLI::App& app, Options& options) {
    auto mine = std::make_shared<BaselineCommandOptions>();
    auto* cmd = app.add_subcommand(
        "baseline", "Write a revision that creates what the database holds now, and stamp the database at it");
    cmd->add_option("-m,--message", mine->message, "The revision's message (default: baseline)");
    cmd->add_option("--head", mine->head,
                    "Where the baseline goes when the script directory has revisions: a head (REV or label@head) "
                    "or base for a new root");
    cmd->add_option("--rev-id", mine->rev_id, "Use this id instead of a random one (letters, digits, '_')");
    cmd->add_option("--branch-label", mine->branch_labels,
                    "A label for the branch the baseline starts (repeatable), e.g. with --head base");
    cmd->footer("Builds the ops as `revision --autogenerate` does from an empty schema: enums, sequences, tables\n"
                "with keys, checks and defaults, indexes, foreign keys (a cycle's added once both tables exist),\n"
                "views, comments; the downgrade drops it all. New databases are built with `migrate upgrade`.\n"
                "Examples:\n  migrate baseline -m \"schema as of 2026-12\"\n"
                "  migrate baseline -m \"schema at the switch\" --head base --branch-label main");
    cmd->callback([&options, mine] { run_baseline(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(25, setup_baseline);

} // namespace migrate::cli
