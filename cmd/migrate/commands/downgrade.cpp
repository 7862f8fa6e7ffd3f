// migrate downgrade TARGET: revert revisions down to TARGET (base, -N, a revision).
#include "commands/command.hpp"
#include "commands/common.hpp"

namespace migrate::cli {

namespace {

void setup_downgrade(CLI::App& app, Options& options) {
    // One command per run: a later word such as "heads" is an argument, not the heads command.
    app.require_subcommand(0, 1);
    auto move = std::make_shared<MoveOptions>();
    auto* cmd = app.add_subcommand("downgrade", "Revert revisions down to TARGET");
    cmd->add_option("target", move->target,
                    "base, -N, a revision id or unique prefix (kept applied), label@base, label@-N; with --sql "
                    "FROM:TO")
        ->required();
    add_move_options(*cmd, *move);
    cmd->footer("Examples:\n  migrate downgrade -1\n  migrate downgrade base\n  migrate downgrade head:base --sql > down.sql");
    cmd->callback([&options, move] { run_move(revision::Direction::downgrade, options, *move); });
}

} // namespace

MIGRATE_COMMAND(40, setup_downgrade);

} // namespace migrate::cli
