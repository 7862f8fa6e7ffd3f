// autogenerate(): reflection + target loading + diff, and writing the result as a revision.
#include <migrate/autogen/autogenerate.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <migrate/autogen/check.hpp>
#include <migrate/autogen/detail/sql_script.hpp>
#include <migrate/autogen/target.hpp>
#include <migrate/db/error.hpp>
#include <migrate/dialect/reflect.hpp>
#include <migrate/ops/json.hpp>

namespace migrate::autogen {
std::vector<std::string> reflected_schemas(const CompareOptions& options) {
    std::vector<std::string> out = {options.default_schema.empty() ? std::string("public") : options.default_schema};
    for (const auto& s : options.include_schemas)
        if (s != out.front()) out.push_back(s);
    return out;
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
    dialect::ReflectOptions ro;
    ro.schemas = reflected_schemas(o);
    dialect::NotModelled kinds;
    schema::MetaData live = dialect::reflect(conn, ro, &kinds);
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
    return o;
}

Diff autogenerate(const runtime::Config& config, db::Connection& conn, const std::vector<Rename>& renames) {
    if (config.target.empty())
        throw UsageError((config.file.empty() ? std::string("config") : config.file.string()) +
                         ": `target` is not set (a .sql or .json file describing the schema autogenerate compares with)");
    CompareOptions o = compare_options(config, renames);
    o.dialect = &dialect::dialect_for(conn.backend());
    std::filesystem::path file = config.target;
    if (file.is_relative()) file = config.directory / file;
    TargetOptions to;
    to.live_url = config.url;
    to.dev_url = config.dev_url;
    to.schemas = reflected_schemas(o);
    if (!config.script_location.empty()) to.cache_file = config.versions_dir() / ".migrate-cache-target";
    to.server_version = conn.server_version();
    LoadedTarget target = load_target(file, to);
    // A .sql target read back from a server of the live one's kind is already in its form.
    o.target_as_stored = target.as_stored;
    return compare_with_database(conn, target.metadata, o, target.not_modelled, file.filename().string());
}

Diff autogenerate(runtime::Migrator& migrator, const std::vector<Rename>& renames) {
    auto heads = head_state(migrator);
    if (!heads.at_head()) throw Error(heads.mismatch());
    return autogenerate(migrator.config(), migrator.connection(), renames);
}

void fill_revision(revision::NewRevision& spec, const Diff& diff) {
    spec.upgrade.clear();
    spec.downgrade.clear();
    for (const auto& op : diff.upgrade) spec.upgrade.push_back(nlohmann::json::parse(ops::op_to_json(op).dump()));
    for (const auto& op : diff.downgrade) spec.downgrade.push_back(nlohmann::json::parse(ops::op_to_json(op).dump()));
}

namespace {

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Replaces the array after `"key":` with `ops`, indented to sit inside the top-level object.
void replace_array(std::string& text, const std::string& key, const std::vector<ops::Op>& ops,
                   const std::filesystem::path& file) {
    auto k = text.find("\"" + key + "\"");
    auto open = k == std::string::npos ? k : text.find('[', k);
    auto close = open == std::string::npos ? open : text.find(']', open);
    if (close == std::string::npos)
        throw Error(file.string() + ": no \"" + key + "\" array to write the autogenerated ops into");
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const auto& op : ops) array.push_back(ops::op_to_json(op));
    std::string body = array.dump(2);
    std::string indented;
    for (char c : body) {
        indented += c;
        if (c == '\n') indented += "  ";
    }
    text.replace(open, close - open + 1, indented);
}

} // namespace

void write_ops_into(const std::filesystem::path& file, const Diff& diff) {
    std::string text = read_text(file);
    replace_array(text, "upgrade", diff.upgrade, file);
    replace_array(text, "downgrade", diff.downgrade, file);
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out) throw Error("cannot write " + file.string());
    }
    add_warning_comments(file, diff.warnings);
}

void add_warning_comments(const std::filesystem::path& file, const std::vector<std::string>& warnings) {
    if (warnings.empty()) return;
    std::string text;
    {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    std::string head = "// ============================================================================\n"
                       "// WARNING: review this autogenerated revision before applying it:\n";
    for (const auto& w : warnings) {
        std::string line = w;
        for (auto& c : line)
            if (c == '\n') c = ' ';
        head += "//   - " + line + "\n";
    }
    head += "// ============================================================================\n";
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << head << text;
    if (!out) throw Error("cannot write " + file.string());
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
    auto path = scripts.write_revision(spec);
    add_warning_comments(path, diff.warnings);
    return path;
}

} // namespace migrate::autogen
