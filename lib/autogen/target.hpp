// The target schema of autogenerate, three ways: a .sql file (applied to a scratch database
// and reflected, so both sides are read by the same reader), a .json schema file, or a
// MetaData built in C++ (passed straight to autogenerate()).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <migrate/db/url.hpp>
#include <migrate/dialect/reflect.hpp>
#include <migrate/schema/model.hpp>

namespace migrate::autogen {

struct TargetOptions {
    // The live database's URL: its backend decides the dialect, and on PostgreSQL the scratch
    // database is created on its server.
    std::string live_url;
    // PostgreSQL: load the .sql file here instead, inside a transaction that is rolled back.
    std::string dev_url;
    // PostgreSQL schemas to read back (the live side reads the same ones). Empty: the
    // dialect's default schema.
    std::vector<std::string> schemas;
    // Where a .sql target's model read back is cached (empty: not cached), and the version of
    // the live server (db::Connection::server_version(); empty: not cached unless dev_url
    // is set, whose server is asked). See detail/target_cache.hpp.
    std::filesystem::path cache_file;
    std::string server_version;
};

struct LoadedTarget {
    schema::MetaData metadata;
    // Said once per load: what the file holds that the schema model does not cover (one line,
    // from `not_modelled`; autogenerate merges those counts with the database's into one line).
    std::vector<std::string> warnings;
    // What the file holds outside the schema model, by kind ("functions", "domains", ...).
    dialect::NotModelled not_modelled;
    // The expressions were read back from a database server (a .sql target), so they are
    // already in that server's form (CompareOptions::target_as_stored).
    bool as_stored = false;
};

// By extension: `.sql` or `.json`; anything else is a UsageError naming the file. A missing or
// unreadable file is a UsageError, and so is SQL the scratch database refuses (naming the file
// and line); a failing server (connection, resources) is a DatabaseError naming them.
LoadedTarget load_target(const std::filesystem::path& file, const TargetOptions& options);

// The SQL text of a target (`source` names it in messages), run as one script in one
// transaction (statement by statement when that fails, so the error names its line), then
// read back. SQLite: an in-memory database. PostgreSQL: options.dev_url when set (in a
// transaction rolled back), else a ScratchDatabase whose drop is sent without waiting for it.
// Taken from options.cache_file instead when it holds this text read by this kind of server.
LoadedTarget load_sql_target(const std::string& sql, const std::string& source, const TargetOptions& options);

} // namespace migrate::autogen
