// Fan-out: one project's revisions over many databases or tenant schemas. The [tenants] section
// of migrate.toml (Config::tenants) becomes one Config per tenant, and fan_out runs work over
// them on a bounded number of threads, each tenant with its own connection, lock and
// transactions (a Migrator of its own).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <migrate/runtime/config.hpp>

namespace migrate::runtime {

struct Tenant {
    std::string name;
    Config config; // the project's, with the tenant's url (and schema); its own `tenants` empty
};

// The tenants `config.tenants` names, in a stable order: URLs as listed (by name in the table
// form), SQLite files sorted by path, a query's rows as it returns them, schemas as listed.
// A query returns one column (a URL, or a schema name for schema_query) or two (name, URL).
// UsageError naming the section when the config has no [tenants], a source finds no tenant,
// two tenants share a name, or schemas are asked of a database that has none (SQLite);
// DatabaseError when the control database cannot be read.
std::vector<Tenant> resolve_tenants(const Config& config);

// The tenants whose name matches `pattern` (a glob: `*`, `?`, `[...]`); "all" and "*" take
// every one. UsageError when none matches.
std::vector<Tenant> select_tenants(std::vector<Tenant> tenants, const std::string& pattern);

struct FanOutOptions {
    std::size_t jobs = 4;    // tenants running at once (at least 1)
    bool keep_going = false; // false: after a failure no new tenant starts
};

// Runs work(i) for every i in [0, count), in order of i, on up to `jobs` threads. `work` returns
// false when its tenant failed: unless keep_going, no tenant starts after that, and the running
// ones finish. A SIGINT/SIGTERM (db::request_interrupt) stops new starts too. Returns, for each
// i, whether it started. An exception from `work` counts as a failure and is rethrown once every
// thread has finished.
std::vector<bool> fan_out(std::size_t count, const FanOutOptions& options, const std::function<bool(std::size_t)>& work);

} // namespace migrate::runtime
