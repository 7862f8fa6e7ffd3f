// Alembic revision files -> migrate revision files: read all, validate the joined graph, then
// write each through the one revision writer, every revision after those it requires.
#include <migrate/runtime/alembic_import.hpp>

#include <migrate/base/error.hpp>
#include <migrate/db/url.hpp>
#include <migrate/runtime/alembic_sql.hpp>

#include <map>
#include <set>

namespace migrate::runtime {

namespace {

// The graph's view of an Alembic revision: enough to validate the ids, edges and labels.
revision::Revision as_revision(const revision::AlembicScript& script) {
    const auto file = script.file.generic_string();
    if (!revision::is_valid_revision_id(script.id))
        throw RevisionError(file, "revision",
                            "\"" + script.id + "\" cannot be a migrate revision id (letters, digits and '_' only)");
    for (const auto& label : script.branch_labels)
        if (!revision::is_valid_branch_label(label))
            throw RevisionError(file, "branch_labels",
                                "\"" + label + "\" cannot be a migrate branch label (letters, digits and '_'; not "
                                               "head, heads or base)");
    revision::Revision rev;
    rev.id = script.id;
    rev.down_revisions = script.down_revisions;
    rev.branch_labels = script.branch_labels;
    rev.depends_on = script.depends_on;
    rev.message = script.message;
    rev.create_date = script.create_date;
    rev.path = script.file;
    rev.imported_from = "alembic";
    return rev;
}

} // namespace

AlembicImport import_alembic(Migrator& migrator, const std::filesystem::path& path, const AlembicImportOptions& options) {
    AlembicImport result;
    result.project = revision::read_alembic_project(path);
    const auto scripts = revision::read_alembic_scripts(result.project);
    if (scripts.empty())
        throw UsageError(result.project.script_location.string() + ": no Alembic revision files (*.py) to import");
    std::vector<revision::Revision> all = migrator.graph().revisions();
    std::map<std::string, const revision::AlembicScript*> imported;
    for (const auto& script : scripts) {
        all.push_back(as_revision(script));
        imported.emplace(script.id, &script);
    }
    const revision::RevisionGraph joined(std::move(all)); // duplicate ids, unknown parents, cycles
    AlembicSections sql;
    if (!options.sql_from.empty()) {
        const auto& project = result.project;
        const auto& dialect = dialect::dialect_for(db::parse_url(migrator.config().url).backend);
        std::set<std::string> below; // revisions with an imported child: not heads
        for (const auto& script : scripts) below.insert(script.down_revisions.begin(), script.down_revisions.end());
        std::vector<std::string> heads;
        for (const auto& script : scripts)
            if (!below.count(script.id)) heads.push_back(script.id);
        sql = alembic_offline_sql(options.sql_from,
                                  project.config_file.empty() ? project.script_location : project.config_file.parent_path(),
                                  heads, project.version_table, dialect);
        for (const auto& script : scripts)
            for (const auto* sections : {&sql.upgrade, &sql.downgrade})
                if (!sections->count(script.id))
                    throw UsageError("--sql-from: Alembic's offline " +
                                     std::string(sections == &sql.upgrade ? "upgrade" : "downgrade") +
                                     " printed no section for revision " + script.id + " (" +
                                     script.file.generic_string() + "); nothing was written");
    }
    for (auto i : joined.topological_order()) {
        auto it = imported.find(joined.at(i).id);
        if (it == imported.end()) continue;
        const auto& script = *it->second;
        revision::NewRevision spec;
        spec.id = script.id;
        spec.down_revisions = script.down_revisions;
        spec.branch_labels = script.branch_labels;
        spec.depends_on = script.depends_on;
        spec.message = script.message;
        if (!script.create_date.empty()) spec.create_date = script.create_date;
        if (options.sql_from.empty()) {
            spec.imported_from = "alembic";
            spec.comments = {"Imported from the Alembic revision " + script.file.filename().string() +
                             ": history, stamped past and never run (docs/adopting.md)."};
        } else {
            spec.upgrade = sql.upgrade.at(script.id);
            spec.downgrade = sql.downgrade.at(script.id);
            spec.comments = {"Imported from the Alembic revision " + script.file.filename().string() +
                             "; its ops are Alembic's offline SQL (`" + options.sql_from + "`)."};
        }
        result.written.push_back(migrator.write_revision(spec));
    }
    return result;
}

} // namespace migrate::runtime
