// migrate check: a CI gate. Exit 0 when the database is at head and matches the target schema,
// 1 with the list of differences when not, 2 when the config is wrong (no target, bad file).
#include "commands/command.hpp"
#include "commands/common.hpp"

#include <migrate/autogen/check.hpp>
#include <migrate/db/error.hpp>

#include <iostream>

namespace migrate::cli {

namespace {

void run_check(const Options& options) {
    auto migrator = make_migrator(options);
    auto result = autogen::check(*migrator);
    if (!result.heads.at_head()) throw Error(result.heads.mismatch());
    if (!options.quiet)
        for (const auto& w : result.diff.warnings) std::cerr << "warning: " << w << '\n';
    if (result.clean()) {
        if (!options.quiet) std::cout << "No changes detected: the database matches " << result.target << '\n';
        return;
    }
    const auto& lines = result.differences;
    std::cout << lines.size() << (lines.size() == 1 ? " difference" : " differences") << " between the database and "
              << result.target << ":\n";
    for (const auto& line : lines) std::cout << "  " << line << '\n';
    throw Error("the database does not match the target schema; run `migrate revision --autogenerate -m MSG`");
}

void setup_check(CLI::App& app, Options& options) {
    auto* cmd = app.add_subcommand("check", "Exit 1 if the database (at head) differs from the target schema (for CI)");
    cmd->footer("Compares the database with `target` in migrate.toml (a .sql or .json schema).\n"
                "Exit status: 0 no differences, 1 differences (listed) or not at head, 2 bad config.\n"
                "Example:\n  migrate upgrade head && migrate check");
    cmd->callback([&options] { run_check(options); });
}

} // namespace

MIGRATE_COMMAND(95, setup_check);

} // namespace migrate::cli
