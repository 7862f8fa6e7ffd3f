// How a command joins the CLI: each file under commands/ defines setup_<cmd>(CLI::App&, Options&)
// and registers it with MIGRATE_COMMAND, so adding a command touches no shared file.
#pragma once

#include "app.hpp"

#include <CLI/CLI.hpp>

namespace migrate::cli {

using CommandSetup = void (*)(CLI::App& app, Options& options);

// Registers a command's setup function; `order` sorts the commands in --help.
struct CommandRegistration {
    CommandRegistration(int order, CommandSetup setup);
};

// Calls every registered setup function, in `order`.
void setup_commands(CLI::App& app, Options& options);

} // namespace migrate::cli

// In a command's .cpp, at namespace scope:  MIGRATE_COMMAND(30, setup_upgrade)
#define MIGRATE_COMMAND_CAT2(a, b) a##b
#define MIGRATE_COMMAND_CAT(a, b) MIGRATE_COMMAND_CAT2(a, b)
#define MIGRATE_COMMAND(order, setup)                                                                         \
    static const ::migrate::cli::CommandRegistration MIGRATE_COMMAND_CAT(migrate_command_, __LINE__){order, setup}
