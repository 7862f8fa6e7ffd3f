// Global options, command dispatch and the exception -> exit status mapping.
#include "app.hpp"

#include "commands/command.hpp"

#include <migrate/base/error.hpp>
#include <migrate/db/url.hpp>

#include <CLI/CLI.hpp>

#include <iostream>

namespace migrate::cli {

namespace {

constexpr int k_ok = 0;
constexpr int k_failed = 1;
constexpr int k_bad_input = 2;
constexpr int k_disagreement = 3;
constexpr int k_signalled = 128; // + the signal's number, as a shell reports a killed process

int fail(const std::string& message, int status) {
    std::cerr << "error: " << db::mask_password(message) << '\n';
    return status;
}

} // namespace

int report_current_exception() {
    try {
        throw;
    } catch (const UsageError& e) {
        return fail(e.what(), k_bad_input);
    } catch (const RevisionError& e) {
        return fail(e.what(), k_bad_input);
    } catch (const NotSupported& e) {
        return fail(e.what(), k_bad_input);
    } catch (const Disagreement& e) {
        return fail(e.what(), k_disagreement);
    } catch (const Interrupted& e) {
        return fail(e.what(), k_signalled + e.signal());
    } catch (const CLI::ParseError& e) {
        return fail(e.what(), k_bad_input);
    } catch (const std::exception& e) {
        return fail(e.what(), k_failed);
    } catch (...) {
        return fail("unknown failure", k_failed);
    }
}

int run(int argc, char** argv) {
    CLI::App app{"migrate: versioned schema migrations for SQLite and PostgreSQL", "migrate"};
    app.set_version_flag("--version", std::string("migrate ") + MIGRATE_VERSION);
    app.footer("Global options may also follow the command (migrate upgrade head -q --url URL).\n"
               "Exit status (every command):\n"
               "  0    done\n"
               "  1    the database failed (SQL, connection, lock timeout); nothing half-done\n"
               "  2    bad input (revision file, config, target, option); the database untouched\n"
               "  3    a disagreement found (check: drift; verify: modified or missing revision files;\n"
               "       test: a revision that does not go down and up again)\n"
               "  130  interrupted by SIGINT (Ctrl-C); 143 by SIGTERM\n"
               "Example:\n  migrate --url sqlite:///app.db upgrade head\n"
               "Run 'migrate COMMAND --help' for the options of one command.");
    // Options the main app does not know fall through from a command to it, so the global
    // options work after the command too (set before the commands are added: they inherit it).
    app.fallthrough();

    Options options;
    auto* url = app.add_option("--url", options.url,
                   "Database URL: sqlite:///file.db, sqlite:// (memory), postgresql://user@host/db "
                   "(overrides MIGRATE_URL, DATABASE_URL and the config file)");
    app.add_option_function<std::string>(
           "-c,--config",
           [&options](const std::string& path) {
               options.config = path;
               options.config_given = true;
           },
           "Config file (default: migrate.toml)")
        ->type_name("FILE");
    app.add_option("--env", options.env,
                   "Apply the [env.NAME] section of the config file over its top-level keys (default: MIGRATE_ENV)")
        ->type_name("NAME");
    app.add_flag("--echo", options.echo, "Print every SQL statement with its parameters and duration to stderr");
    app.add_flag("-q,--quiet", options.quiet, "Print only errors");

    // A malformed --url is bad input whatever the command: reject it before any command runs.
    app.parse_complete_callback([&options, url] {
        if (url->count() > 0 && options.url.empty())
            throw UsageError("--url: empty URL (leave --url out to use MIGRATE_URL, DATABASE_URL or migrate.toml)");
        if (!options.url.empty()) db::parse_url(options.url);
    });

    setup_commands(app, options);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (...) {
        return report_current_exception();
    }
    if (app.get_subcommands().empty()) {
        std::cerr << app.help();
        return fail("no command given", k_bad_input);
    }
    return k_ok;
}

} // namespace migrate::cli
