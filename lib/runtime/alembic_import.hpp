// `migrate import alembic`: an Alembic project's revisions written as migrate revision files
// with the same ids, graph, labels, messages and dates.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <migrate/revision/alembic_project.hpp>
#include <migrate/runtime/migrator.hpp>

namespace migrate::runtime {

struct AlembicImportOptions {
    // A shell command line that runs the project's Alembic ("alembic -c alembic.ini"), run in the
    // directory of its alembic.ini: each revision's ops are then its section of Alembic's offline
    // SQL (alembic_offline_sql), as `sql` ops for the configured database's dialect, and the
    // revisions are ordinary ones that run. Empty: imported history.
    std::string sql_from;
};

struct AlembicImport {
    revision::AlembicProject project;
    std::vector<std::filesystem::path> written; // the new revision files, bases first
};

// Reads the project at `path` (revision::read_alembic_project: alembic.ini, a directory holding
// it, or the script directory) and every revision file in it without running Python, then
// writes one revision per Alembic revision into `migrator`'s script directory as imported
// history ("imported_from": "alembic", no ops: stamped past, never run). Everything is read and
// the whole graph (the directory's revisions and the imported ones) validated before the first
// file is written: a RevisionError naming the file (and line) or a UsageError, nothing written.
// With options.sql_from, Alembic is run (offline, it touches no database) before anything is written.
AlembicImport import_alembic(Migrator& migrator, const std::filesystem::path& path,
                             const AlembicImportOptions& options = {});

} // namespace migrate::runtime
