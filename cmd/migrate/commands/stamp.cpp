// migrate stamp REV...: set the version table without running any op.
#include "commands/command.hpp"
#include "commands/common.hpp"
#include "run_events.hpp"

#include <migrate/db/url.hpp>

#include <iostream>

namespace migrate::cli {

namespace {

struct StampOptions {
    std::vector<std::string> revisions;
    bool purge = false;
    bool sql = false;
};

void run_stamp(const Options& options, const StampOptions& mine) {
    if (!mine.sql) output().begin_lines(); // as run_move
    auto migrator = make_migrator(options);
    if (mine.sql) {
        std::cout << migrator->stamp_sql(mine.revisions, mine.purge);
        return;
    }
    const auto guard = interrupt_guard();
    auto result = migrator->stamp(mine.revisions, mine.purge);
    if (options.json()) return finish_run_as_json(result);
    if (options.quiet) return;
    std::string heads;
    for (const auto& h : result.heads_after) heads += (heads.empty() ? "" : ", ") + h;
    std::cerr << "stamped: " << db::mask_password(migrator->config().url) << " is now at "
              << (heads.empty() ? "<base>" : heads) << '\n';
}

void setup_stamp(CLI::App& app, Options& options) {
    // One command per run: a later word such as "heads" is an argument, not the heads command.
    app.require_subcommand(0, 1);
    auto mine = std::make_shared<StampOptions>();
    auto* cmd = app.add_subcommand("stamp", "Record REV(s) as the database's revision without running any op");
    cmd->add_option("revisions", mine->revisions, "Revision ids, prefixes, labels, head, heads or base")->required();
    cmd->add_flag("--purge", mine->purge, "Replace every row of the version table (also unknown revisions)");
    cmd->add_flag("--sql", mine->sql,
                  "Print the SQL instead of running it (offline: no database is touched; FROM:TO names the heads "
                  "to stamp over)");
    cmd->footer("Examples:\n  migrate stamp head\n  migrate stamp ae10 --purge\n  migrate stamp base\n"
                "  migrate stamp head --sql > stamp.sql\n  migrate stamp ae10:head --sql");
    cmd->callback([&options, mine] { run_stamp(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(100, setup_stamp);

} // namespace migrate::cli
