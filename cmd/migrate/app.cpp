// Global options, command dispatch and the exception -> exit status mapping.
#include "app.hpp"

#include "commands/command.hpp"

#include <migrate/base/error.hpp>
#include <migrate/db/url.hpp>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

namespace migrate::cli {

namespace {

constexpr int k_ok = 0;
constexpr int k_failed = 1;
constexpr int k_bad_input = 2;
constexpr int k_disagreement = 3;
constexpr int k_signalled = 128; // + the signal's number, as a shell reports a killed process

int fail(const std::string& message, int status) {
    return output().fail(Failure{status, db::mask_password(message)});
}

} // namespace

Failure current_failure() {
    Failure f;
    try {
        throw;
    } catch (const Disagreement& e) {
        f = {k_disagreement, e.what()};
    } catch (const UsageError& e) {
        f = {k_bad_input, e.what()};
    } catch (const RevisionError& e) {
        f = {k_bad_input, e.what()};
        f.file = e.file();
        f.field = e.field();
    } catch (const NotSupported& e) {
        f = {k_bad_input, e.what()};
    } catch (const Interrupted& e) {
        f = {k_signalled + e.signal(), e.what()};
    } catch (const CLI::ParseError& e) {
        f = {k_bad_input, e.what()};
    } catch (const ExitStatus& e) {
        f = {e.status(), e.what()};
    } catch (const DatabaseError& e) {
        f = {k_failed, e.what()};
        // SQLite's codes are numbers; anything else the driver gives is PostgreSQL's SQLSTATE.
        if (e.sqlite_code() != 0) f.sqlite_code = e.sqlite_code();
        else f.sqlstate = e.code();
    } catch (const std::exception& e) {
        f = {k_failed, e.what()};
    } catch (...) {
        f = {k_failed, "unknown failure"};
    }
    f.message = db::mask_password(f.message);
    return f;
}

int report_current_exception() { return output().fail(current_failure()); }

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
    app.add_flag("--echo", options.echo,
                 "Print every SQL statement with its parameters and duration to stderr (with --format json: "
                 "a statement line on stdout per statement of a run)");
    app.add_flag("-q,--quiet", options.quiet, "Print only errors");
    std::string format;
    auto* format_option =
        app.add_option("--format", format,
                       "text (default) or json: one JSON document per command on stdout, JSON Lines for upgrade, "
                       "downgrade and stamp (default: MIGRATE_FORMAT; see docs/json-output.md)")
            ->type_name("FORMAT");

    // The format first, so that what follows fails in the format asked for; also called when
    // the command line fails to parse (with what was read of it).
    auto apply_format = [&options, &app, &format, format_option] {
        if (!app.get_subcommands().empty()) output().set_command(app.get_subcommands().front()->get_name());
        if (format_option->count() > 0) options.format = parse_format(format, "--format");
        else if (const char* env = std::getenv("MIGRATE_FORMAT"); env && *env)
            options.format = parse_format(env, "MIGRATE_FORMAT");
        output().set_format(options.format);
    };
    // A malformed --url is bad input whatever the command: reject it before any command runs.
    app.parse_complete_callback([&options, url, &apply_format] {
        apply_format();
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
    } catch (const CLI::ParseError&) {
        try {
            apply_format();
        } catch (const UsageError&) {
            // A bad --format: reported in text below, as the parse error it follows.
        }
        return report_current_exception();
    } catch (...) {
        return report_current_exception();
    }
    if (app.get_subcommands().empty()) {
        std::cerr << app.help();
        return fail("no command given", k_bad_input);
    }
    output().finish();
    return k_ok;
}

} // namespace migrate::cli
