// The `migrate` command line: global options shared by every command, and the one place
// where exceptions become exit statuses.
#pragma once

#include "output.hpp"

#include <exception>
#include <stdexcept>
#include <string>

namespace CLI {
class App;
}

namespace migrate::cli {

// Global options, filled by CLI11 before any command runs. Commands read them (and add their
// own options in their setup_<cmd> function).
struct Options {
    std::string url;                    // --url; empty: the config file / environment decides
    std::string config = "migrate.toml"; // -c/--config
    bool config_given = false;          // true when -c was on the command line
    std::string env;                    // --env NAME: the [env.NAME] section (empty: MIGRATE_ENV)
    bool echo = false;                  // --echo: every SQL statement to stderr
    bool quiet = false;                 // -q: only errors
    Format format = Format::text;       // --format / MIGRATE_FORMAT
    bool json() const { return format == Format::json; }
};

// Parses the command line and runs the chosen command. Returns the process exit status.
int run(int argc, char** argv);

// A command that worked out its own exit status (the worst of its tenants'): `message` is the
// error line, `status` the exit status.
class ExitStatus : public std::runtime_error {
public:
    ExitStatus(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
    int status() const { return status_; }

private:
    int status_;
};

// What the exception being handled means for the user: exit status and masked message (the
// mapping report_current_exception applies). Call only inside a catch block.
Failure current_failure();

// Prints "error: <message>" to stderr (and with --format json the error object on stdout, see
// Output::fail) and returns the exit status for the exception currently being handled: 2 for bad input (UsageError, RevisionError, NotSupported, CLI parse errors),
// 3 for a Disagreement, 128 + the signal for Interrupted (130, 143), 1 for everything else
// (DatabaseError, other errors). Call only inside a catch block.
int report_current_exception();

} // namespace migrate::cli
