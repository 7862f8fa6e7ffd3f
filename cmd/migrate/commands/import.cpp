// migrate import alembic DIR: an Alembic project's revisions as migrate revision files.
#include "commands/command.hpp"
#include "commands/common.hpp"

#include <migrate/runtime/alembic_import.hpp>

#include <iostream>

namespace migrate::cli {

namespace {

struct ImportOptions {
    std::string project;
    std::string sql_from;
};

void run_import_alembic(const Options& options, const ImportOptions& mine) {
    auto migrator = make_migrator(options);
    runtime::AlembicImportOptions io;
    io.sql_from = mine.sql_from;
    const auto result = runtime::import_alembic(*migrator, mine.project, io);
    if (options.json()) {
        Json created = Json::array();
        for (const auto& f : result.written) created.push_back(f.string());
        return output().set_result(Json{{"created", created},
                                        {"script_location", result.project.script_location.string()},
                                        {"version_table", result.project.version_table},
                                        {"with_ops", !mine.sql_from.empty()}});
    }
    if (!options.quiet)
        for (const auto& f : result.written) std::cout << "created " << f.string() << '\n';
    if (options.quiet) return;
    if (!mine.sql_from.empty()) {
        std::cerr << "imported " << result.written.size() << " Alembic revision(s) from "
                  << result.project.script_location.string() << " with their ops from `" << mine.sql_from
                  << "`'s offline SQL. Next: `migrate stamp --from-alembic` on each database Alembic migrated.\n";
        return;
    }
    std::cerr << "imported " << result.written.size() << " Alembic revision(s) from "
              << result.project.script_location.string()
              << " as history (no ops). Next: `migrate stamp --from-alembic` on each database Alembic migrated"
              << (result.project.version_table == "alembic_version"
                      ? std::string()
                      : " (its version table: --alembic-version-table " + result.project.version_table + ")")
              << ", and `migrate baseline` for what new databases are built from.\n";
}

void setup_import(CLI::App& app, Options& options) {
    auto* cmd = app.add_subcommand("import", "Take over another tool's migrations (Alembic)");
    cmd->require_subcommand(1);
    auto mine = std::make_shared<ImportOptions>();
    auto* alembic = cmd->add_subcommand(
        "alembic", "Write one migrate revision per Alembic revision (same ids, graph, labels, messages, dates)");
    alembic->add_option("project", mine->project,
                        "The Alembic project: its alembic.ini, the directory holding it, or its script directory")
        ->required()
        ->type_name("DIR");
    alembic->add_option("--sql-from", mine->sql_from,
                        "Take each revision's ops from this Alembic command's offline SQL (run in the directory of "
                        "alembic.ini as CMD upgrade heads --sql and CMD downgrade HEAD:base --sql for each head), as sql ops "
                        "for the configured database's dialect")
        ->type_name("CMD");
    alembic->footer("The revision files are read without running Python; each becomes imported history\n"
                    "(\"imported_from\": \"alembic\", no ops), which `migrate stamp --from-alembic` records as\n"
                    "applied and which is never run. See docs/adopting.md.\n"
                    "Examples:\n  migrate import alembic ../app\n  migrate import alembic ../app/alembic.ini\n"
                    "  migrate import alembic ../app --sql-from \"alembic -c alembic.ini\"");
    alembic->callback([&options, mine] { run_import_alembic(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(115, setup_import);

} // namespace migrate::cli
