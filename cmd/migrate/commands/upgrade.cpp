// migrate upgrade [TARGET]: apply the revisions up to TARGET (default head).
#include "commands/command.hpp"
#include "commands/common.hpp"

namespace migrate::cli {

namespace {

void setup_upgrade(CLI::App& app, Options& options) {
    // One command per run: a later word such as "heads" is an argument, not the heads command.
    app.require_subcommand(0, 1);
    auto move = std::make_shared<MoveOptions>();
    move->target = "head";
    auto* cmd = app.add_subcommand("upgrade", "Apply pending revisions up to TARGET (default: head)");
    cmd->add_option("target", move->target,
                    "head, heads, a revision id or unique prefix, label@head, +N, <rev>+N; with --sql FROM:TO");
    add_move_options(*cmd, *move);
    cmd->footer("Examples:\n  migrate upgrade head\n  migrate upgrade +1\n  migrate upgrade ae10:head --sql > up.sql");
    cmd->callback([&options, move] { run_move(revision::Direction::upgrade, options, *move); });
}

} // namespace

MIGRATE_COMMAND(30, setup_upgrade);

} // namespace migrate::cli
