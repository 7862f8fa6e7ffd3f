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

// Where `--tenants` finds its tenants: the [tenants] section of migrate.toml, exactly one source
// (runtime/tenants.hpp turns it into one Config per tenant).
struct TenantSource {
    enum class Kind { none, urls, glob, query, schemas, schema_query };
    Kind kind = Kind::none;
    // urls: each tenant's URL under its name (the table form names them; the array form takes
    // the SQLite file's stem or the PostgreSQL database's name).
    std::vector<std::pair<std::string, std::string>> urls;
    std::string glob;                   // glob: SQLite files, relative to the config's directory
    std::string query;                  // query / schema_query: the SQL run on control_url
    std::vector<std::string> schemas;   // schemas: one tenant per schema of `url`
    std::string control_url;            // where query / schema_query run (default: the url)
    std::string where;                  // "migrate.toml:LINE" of the section, for messages
};

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
    // The server is reached through PgBouncer in transaction pooling: the migration lock is
    // transaction-scoped, statements are unnamed, and what needs a session of its own
    // (concurrently ops, a commit per revision, a tenant's search_path) is refused.
    bool pgbouncer = false;
    // Schema-per-tenant (set by the tenants of a [tenants] schemas source, not by a key): the
    // version and history tables live in this schema, which leads the search_path of every
    // statement, and an upgrade or stamp creates it when missing. Empty: the default schema.
    std::string schema;
    TenantSource tenants;
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

// A relative SQLite path in a config means "beside the file", whatever the working directory:
// sqlite:///data/app.db -> sqlite:////project/data/app.db. Other URLs are returned as they are.
std::string anchor_sqlite_url(const std::string& url, const std::filesystem::path& dir);

} // namespace migrate::runtime
