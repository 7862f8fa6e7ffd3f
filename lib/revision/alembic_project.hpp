// An Alembic project as migrate reads it to take it over: where its revision files are (from
// alembic.ini's script_location and version_locations, `%(here)s` expanded) and the name of
// its version table. Files only: nothing of the project is run.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <migrate/revision/alembic_script.hpp>

namespace migrate::revision {

struct AlembicProject {
    std::filesystem::path config_file;     // alembic.ini; empty when given the script directory itself
    std::filesystem::path script_location; // the directory holding env.py and versions/
    std::vector<std::filesystem::path> version_locations; // where the revision files are
    std::string version_table = "alembic_version";
};

// `path` is an alembic.ini file, a directory holding one (the project), or the script
// directory itself (a directory with versions/ in it). In the ini's [alembic] section:
// `script_location` (required; relative paths are taken from the ini's directory, as
// `%(here)s` would be), `version_locations` (split as `version_path_separator` says; default:
// the script location's versions/), and `version_table` (the key some env.py files read; default
// alembic_version). `%(here)s`, `%(key)s` of the same section and `%%` are expanded as Python's
// configparser does. UsageError naming the file and key for anything missing or unreadable,
// and NotSupported for a package resource (`myapp:migrations`).
AlembicProject read_alembic_project(const std::filesystem::path& path);

// Every revision file (`*.py` but __init__.py) of the project's version locations, parsed
// with parse_alembic_script, in path order. RevisionError naming the first unreadable one.
std::vector<AlembicScript> read_alembic_scripts(const AlembicProject& project);

} // namespace migrate::revision
