// autogenerate(): reflection + target loading + diff, and writing the result as a revision.
#include <migrate/autogen/autogenerate.hpp>

#include <algorithm>
#include <functional>

#include <migrate/autogen/check.hpp>
#include <migrate/autogen/detail/sql_script.hpp>
#include <migrate/autogen/target.hpp>
#include <migrate/base/error.hpp>
#include <migrate/dialect/reflect.hpp>
#include <migrate/ops/json.hpp>

namespace migrate::autogen {

std::vector<std::string> reflected_schemas(const CompareOptions& options, const dialect::Dialect& dialect) {
    std::vector<std::string> out = {options.default_schema.empty() ? dialect.default_schema() : options.default_schema};
    for (const auto& s : options.include_schemas)
        if (s != out.front()) out.push_back(s);
    return out;
}

schema::MetaData reflect_database(db::Connection& conn, const CompareOptions& options, dialect::NotModelled* kinds) {
    dialect::ReflectOptions ro;
    ro.schemas = reflected_schemas(options, *options.dialect);
    return dialect::reflect(conn, ro, kinds);
}

namespace {

// The database at `conn` against `target`; `target_kinds` is what the target (named `source`)
// holds outside the model: one warning line names the kinds of both sides, each once.
Diff compare_with_database(db::Connection& conn, const schema::MetaData& target, const CompareOptions& options,
                           const dialect::NotModelled& target_kinds, const std::string& source) {
    CompareOptions o = options;
    if (!o.dialect) o.dialect = &dialect::dialect_for(conn.backend());
    if (!o.read_back_as_stored && !o.target_as_stored && o.dialect->capabilities().rewrites_expressions &&
        o.dialect->backend() == conn.backend())
        o.read_back_as_stored = [&conn](const schema::MetaData& request) {
            return dialect::read_back_as_stored(conn, request);
        };
    dialect::NotModelled kinds;
    schema::MetaData live = reflect_database(conn, o, &kinds);
    Diff d = diff(live, target, o);
    std::string sources = kinds.empty() ? source : target_kinds.empty() ? "database" : source + " and the database";
    detail::merge_kinds(kinds, target_kinds);
    auto warning = detail::not_compared_warning(kinds, sources);
    d.warnings.insert(d.warnings.begin(), warning.begin(), warning.end());
    return d;
}

} // namespace

Diff autogenerate(db::Connection& conn, const schema::MetaData& target, const CompareOptions& options) {
    return compare_with_database(conn, target, options, {}, "database");
}

CompareOptions compare_options(const runtime::Config& config, const std::vector<Rename>& renames) {
    CompareOptions o;
    o.include_schemas = config.include_schemas;
    o.exclude_tables = config.exclude_tables;
    o.exclude_tables.push_back(config.version_table);
    o.exclude_tables.push_back(config.history_table);
    o.renames = renames;
    // A tenant's schema is where its unqualified names live: compared as the default schema.
    o.default_schema = config.schema;
    return o;
}

namespace {

// A project's target, loaded, with the options to compare it under.
struct ProjectTarget {
    LoadedTarget loaded;
    CompareOptions options;
    std::string name; // the file's name, for messages
};

// `server_version` is asked only for a .sql target that exists (its reflected model is cached
// under the server that read it); a missing file is bad input before any connection.
ProjectTarget load_project_target(const runtime::Config& config, const std::vector<Rename>& renames,
                                  db::Backend backend, const std::function<std::string()>& server_version) {
    if (config.target.empty())
        throw UsageError((config.file.empty() ? std::string("config") : config.file.string()) +
                         ": `target` is not set (a .sql or .json file describing the schema autogenerate compares with)");
    ProjectTarget out;
    out.options = compare_options(config, renames);
    out.options.dialect = &dialect::dialect_for(backend);
    std::filesystem::path file = config.target;
    if (file.is_relative()) file = config.directory / file;
    TargetOptions to;
    to.live_url = config.url;
    to.dev_url = config.dev_url;
    to.schemas = reflected_schemas(out.options, *out.options.dialect);
    if (file.extension() == ".sql" && std::filesystem::is_regular_file(file)) {
        if (!config.script_location.empty()) to.cache_file = config.versions_dir() / ".migrate-cache-target";
        to.server_version = server_version();
    }
    out.loaded = load_target(file, to);
    // A .sql target read back from a server of the live one's kind is already in its form.
    out.options.target_as_stored = out.loaded.as_stored;
    out.name = file.filename().string();
    return out;
}

// The target of `migrator`'s project, loaded before the database is read: a bad one is bad input.
ProjectTarget load_project_target(runtime::Migrator& migrator, const std::vector<Rename>& renames) {
    return load_project_target(migrator.config(), renames, db::parse_url(migrator.config().url).backend,
                               [&] { return migrator.connection().server_version(); });
}

Diff compare_with_database(db::Connection& conn, const ProjectTarget& target) {
    return compare_with_database(conn, target.loaded.metadata, target.options, target.loaded.not_modelled, target.name);
}

} // namespace

Diff autogenerate(const runtime::Config& config, db::Connection& conn, const std::vector<Rename>& renames) {
    return compare_with_database(
        conn, load_project_target(config, renames, conn.backend(), [&] { return conn.server_version(); }));
}

Diff autogenerate(runtime::Migrator& migrator, const std::vector<Rename>& renames) {
    auto target = load_project_target(migrator, renames);
    auto heads = head_state(migrator);
    if (!heads.at_head()) throw Disagreement(heads.mismatch());
    return compare_with_database(migrator.connection(), target);
}

CheckResult check(runtime::Migrator& migrator) {
    CheckResult result;
    result.target = migrator.config().target;
    auto target = load_project_target(migrator, {});
    result.heads = head_state(migrator);
    // Only compared at head: a diff against an older schema would repeat the revisions' changes.
    if (!result.heads.at_head()) return result;
    result.diff = compare_with_database(migrator.connection(), target);
    result.differences = describe(result.diff);
    return result;
}

void fill_revision(revision::NewRevision& spec, const Diff& diff) {
    // Autogenerate writes both directions explicitly, whatever the template's defaults.
    spec.upgrade.clear();
    spec.downgrade.clear();
    spec.reverse_downgrade = false;
    spec.irreversible = false;
    for (const auto& op : diff.upgrade) spec.upgrade.push_back(nlohmann::json::parse(ops::op_to_json(op).dump()));
    for (const auto& op : diff.downgrade) spec.downgrade.push_back(nlohmann::json::parse(ops::op_to_json(op).dump()));
    if (diff.warnings.empty()) return;
    // At the top of the file, where a reviewer cannot miss them; the template's comments follow.
    std::vector<std::string> block = {"============================================================================",
                                      "WARNING: review this autogenerated revision before applying it:"};
    for (const auto& w : diff.warnings) block.push_back("  - " + w);
    block.push_back("============================================================================");
    spec.comments.insert(spec.comments.begin(), block.begin(), block.end());
}

std::filesystem::path write_revision(const runtime::Config& config, const Diff& diff, const std::string& message) {
    if (diff.empty()) return {};
    auto scripts = revision::ScriptDirectory::load(config.script_location);
    revision::NewRevision spec;
    spec.message = message;
    auto heads = scripts.graph().heads();
    if (heads.size() > 1)
        throw UsageError("there are " + std::to_string(heads.size()) + " heads; merge them first (migrate merge heads)");
    spec.down_revisions = heads;
    fill_revision(spec, diff);
    return scripts.write_revision(spec);
}

} // namespace migrate::autogen
