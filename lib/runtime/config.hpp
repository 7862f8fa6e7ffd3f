// Where the database and the revisions are, and how to apply them: migrate.toml plus the
// environment. Precedence: command line > MIGRATE_URL > DATABASE_URL > file > default.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <migrate/lint/rules.hpp>

namespace migrate::runtime {

// What `upgrade` does with `migrate lint`'s findings on the revisions it is about to apply
// ([lint] upgrade = "error" | "warn" | "off"): refuse on an error-level finding, report them
// and go on, or not lint at all.
enum class LintGate { off, warn, error };
const char* to_string(LintGate gate);

struct Config {
    std::filesystem::path file;            // the migrate.toml read; empty when built in code
    std::filesystem::path directory;       // base of relative paths (the file's directory)
    std::string url;                       // database URL (may hold a password: print masked)
    std::string url_source = "default";    // "--url", "MIGRATE_URL", "DATABASE_URL", "FILE:LINE", "default"
    std::filesystem::path script_location; // holds versions/ (absolute after load)
    std::string version_table = "migrate_version";
    std::string history_table = "migrate_history";
    std::string target;                    // autogenerate's target schema (.sql or .json)
    std::string dev_url;                   // scratch database for a .sql target
    bool transaction_per_revision = false;
    std::vector<std::string> include_schemas;
    std::vector<std::string> exclude_tables;
    std::chrono::milliseconds lock_timeout{60'000};
    // [lint]: each rule's severity ("error", "warning", "info" or "off") and
    // sqlite_recreate_rows. Not per environment: one project, one policy.
    lint::Settings lint;
    // [lint] upgrade: the lint `upgrade` runs first, under the lock, with the live facts.
    LintGate lint_gate = LintGate::warn;
    // The [env.NAME] section applied over the top-level keys ("" when none was chosen).
    std::string environment;

    // Reads `file` (UsageError naming file:line and the key when it is malformed or missing),
    // then the [env.NAME] section `environment` names (MIGRATE_ENV when empty; an unknown name
    // is a UsageError listing the known ones), then applies MIGRATE_URL / DATABASE_URL from the
    // environment. `${VAR}` in a string value is the environment variable VAR (unset: UsageError
    // naming it and the line).
    static Config load(const std::filesystem::path& file, const std::string& environment = {});
    // No file: defaults for a project rooted at `directory`, then the environment.
    static Config defaults(const std::filesystem::path& directory);

    // The default URL: a SQLite file migrate.db beside the config.
    static std::string default_url(const std::filesystem::path& directory);

    // Applies a URL given on the command line (highest precedence).
    void set_url_from_command_line(const std::string& value);

    std::filesystem::path versions_dir() const { return script_location / "versions"; }
};

} // namespace migrate::runtime
