#include <migrate/runtime/config.hpp>

#include <migrate/base/error.hpp>
#include <migrate/base/read_file.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <array>
#include <cstdlib>
#include <string_view>

namespace migrate::runtime {

namespace fs = std::filesystem;

namespace {

void apply_environment(Config& c) {
    if (const char* v = std::getenv("MIGRATE_URL"); v && *v) {
        c.url = v;
        c.url_source = "MIGRATE_URL";
    } else if (const char* d = std::getenv("DATABASE_URL"); d && *d) {
        c.url = d;
        c.url_source = "DATABASE_URL";
    }
}

// toml++'s messages, with what a user of migrate.toml most likely did wrong.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> k_parse_hints = {{
    {"could not determine value type", "strings need quotes"},
    {"cannot redefine existing", "set twice"},
    {"Error while parsing string", "an unterminated string?"},
}};

[[noreturn]] void parse_failed(const toml::parse_error& e, const std::string& name) {
    std::string message(e.description());
    for (const auto& [needle, hint] : k_parse_hints)
        if (message.find(needle) != std::string::npos) {
            message += " (" + std::string(hint) + ")";
            break;
        }
    throw UsageError(name + ":" + std::to_string(e.source().begin.line) + ": " + message);
}

std::string type_name(const toml::node& v) {
    switch (v.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
    }
}

bool is_variable_name(const std::string& name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; });
}

// One value of the file, with where it stands for errors: "migrate.toml:LINE: key: message".
struct Entry {
    const std::string& file;
    const std::string& key;
    const toml::node& value;
    bool expand_variables = true; // false while only checking an environment that was not chosen

    [[noreturn]] void fail(const std::string& message) const {
        throw UsageError(file + ":" + std::to_string(value.source().begin.line) + ": " + key + ": " + message);
    }
    std::string text() const {
        if (auto s = value.value_exact<std::string>()) return expand(*s);
        fail("must be a string, not " + type_name(value));
    }
    // ${NAME} replaced by the environment variable NAME; an unset one is an error naming it.
    // Any other `$` stays as written.
    std::string expand(const std::string& s) const {
        if (!expand_variables) return s;
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            auto close = s.compare(i, 2, "${") == 0 ? s.find('}', i + 2) : std::string::npos;
            const std::string name = close == std::string::npos ? std::string() : s.substr(i + 2, close - i - 2);
            if (!is_variable_name(name)) {
                out += s[i];
                continue;
            }
            const char* value = std::getenv(name.c_str());
            if (!value) fail("${" + name + "} is not set in the environment");
            out += value;
            i = close;
        }
        return out;
    }
    std::string non_empty_text() const {
        std::string t = text();
        if (t.empty()) fail("must not be empty");
        return t;
    }
    bool boolean() const {
        if (auto b = value.value_exact<bool>()) return *b;
        fail("must be true or false, not " + type_name(value));
    }
    std::vector<std::string> strings() const { // an array of strings, or one string
        if (auto s = value.value_exact<std::string>()) return {expand(*s)};
        if (const auto* array = value.as_array()) {
            std::vector<std::string> out;
            for (const auto& item : *array)
                if (auto s = item.value_exact<std::string>()) out.push_back(expand(*s));
            if (out.size() == array->size()) return out;
        }
        fail("must be an array of strings, not " + type_name(value));
    }
    double seconds() const {
        double s = 0;
        if (auto i = value.value_exact<std::int64_t>()) s = static_cast<double>(*i);
        else if (auto d = value.value_exact<double>()) s = *d;
        else fail("must be a number of seconds, not " + type_name(value));
        if (s < 0) fail("must not be negative");
        return s;
    }
};

// What a key of migrate.toml sets. Each table of the file ([env.NAME], ...) has one list of them.
struct Key {
    std::string_view name;
    void (*apply)(Config& c, const Entry& e);
};

// The keys of the top level: the one list of what the file may set there.
constexpr std::array<Key, 11> k_top_level_keys = {{
    {"url", [](Config& c, const Entry& e) {
         c.url = anchor_sqlite_url(e.text(), c.directory);
         c.url_source = e.file + ":" + std::to_string(e.value.source().begin.line);
     }},
    {"script_location", [](Config& c, const Entry& e) { c.script_location = (c.directory / e.text()).lexically_normal(); }},
    {"version_table", [](Config& c, const Entry& e) { c.version_table = e.non_empty_text(); }},
    {"history_table", [](Config& c, const Entry& e) { c.history_table = e.non_empty_text(); }},
    {"target", [](Config& c, const Entry& e) { c.target = e.text(); }},
    {"dev_url", [](Config& c, const Entry& e) { c.dev_url = e.text(); }},
    {"transaction_per_revision", [](Config& c, const Entry& e) { c.transaction_per_revision = e.boolean(); }},
    {"include_schemas", [](Config& c, const Entry& e) { c.include_schemas = e.strings(); }},
    {"exclude_tables", [](Config& c, const Entry& e) { c.exclude_tables = e.strings(); }},
    {"lock_timeout", [](Config& c, const Entry& e) {
         c.lock_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(e.seconds() * 1000));
     }},
    {"pgbouncer", [](Config& c, const Entry& e) { c.pgbouncer = e.boolean(); }},
}};

// Applies the values of `table` through `keys`; any other key is refused, naming the known ones.
// Sub-tables are left to the caller.
template <std::size_t N>
void apply_keys(Config& c, const toml::table& table, const std::array<Key, N>& keys, const std::string& file,
                bool expand_variables = true) {
    for (const auto& [name, value] : table) {
        if (value.is_table()) continue;
        const std::string key(name.str());
        Entry entry{file, key, value, expand_variables};
        auto known = std::find_if(keys.begin(), keys.end(), [&](const Key& k) { return k.name == key; });
        if (known == keys.end()) {
            std::string list;
            for (const auto& k : keys) list += (list.empty() ? "" : ", ") + std::string(k.name);
            entry.fail("unknown key (known: " + list + ")");
        }
        known->apply(c, entry);
    }
}

// The [env.NAME] tables of the file, each checked to hold only top-level keys; any other
// section is refused.
std::map<std::string, const toml::table*> environments(const toml::table& doc, const std::string& file) {
    std::map<std::string, const toml::table*> out;
    for (const auto& [name, value] : doc) {
        if (!value.is_table()) continue;
        const std::string section(name.str());
        if (section == "lint" || section == "tenants") continue;
        if (section != "env")
            throw UsageError(file + ":" + std::to_string(value.source().begin.line) + ": [" + section +
                             "]: unknown section (known: [env.NAME], [lint], [tenants])");
        for (const auto& [env, table] : *value.as_table()) {
            const std::string where = file + ":" + std::to_string(table.source().begin.line) + ": ";
            if (!table.is_table()) throw UsageError(where + "env." + std::string(env.str()) + ": must be a section [env." +
                                                    std::string(env.str()) + "]");
            for (const auto& [key, inner] : *table.as_table())
                if (inner.is_table())
                    throw UsageError(file + ":" + std::to_string(inner.source().begin.line) + ": [env." +
                                     std::string(env.str()) + "." + std::string(key.str()) +
                                     "]: unknown section (an environment holds keys only)");
            out[std::string(env.str())] = table.as_table();
        }
    }
    return out;
}

// The [lint] section: upgrade (the gate), sqlite_recreate_rows, and a severity for any rule by its id.
void apply_lint(Config& c, const toml::table& doc, const std::string& file) {
    const auto* section = doc.get_as<toml::table>("lint");
    if (!section) return;
    for (const auto& [name, value] : *section) {
        const std::string id(name.str());
        const std::string key = "lint." + id;
        Entry entry{file, key, value};
        if (id == "upgrade") {
            const std::string word = entry.text();
            if (word == "error") c.lint_gate = LintGate::error;
            else if (word == "warn") c.lint_gate = LintGate::warn;
            else if (word == "off") c.lint_gate = LintGate::off;
            else entry.fail("must be \"error\" (refuse on an error-level finding), \"warn\" or \"off\"");
        } else if (id == "sqlite_recreate_rows") {
            auto rows = value.value_exact<std::int64_t>();
            if (!rows) entry.fail("must be a number of rows, not " + type_name(value));
            if (*rows < 0) entry.fail("must not be negative");
            c.lint.sqlite_recreate_rows = *rows;
        } else if (lint::find_rule(id)) {
            auto word = lint::parse_severity(entry.text());
            if (!word.known) entry.fail("must be \"error\", \"warning\", \"info\" or \"off\"");
            c.lint.severity[id] = word.severity;
        } else {
            entry.fail("unknown key (known: upgrade, sqlite_recreate_rows, or a rule: " + lint::rule_list() + ")");
        }
    }
}

// The [tenants] section: exactly one of urls, glob, query, schemas, schema_query, and
// control_url beside a query.
void apply_tenants(Config& c, const toml::table& doc, const std::string& file) {
    const auto* section = doc.get_as<toml::table>("tenants");
    if (!section) return;
    TenantSource& t = c.tenants;
    t.where = file + ":" + std::to_string(section->source().begin.line);
    std::vector<std::string> sources;
    for (const auto& [name, value] : *section) {
        const std::string id(name.str());
        Entry entry{file, "tenants." + id, value};
        if (id == "control_url") {
            t.control_url = anchor_sqlite_url(entry.non_empty_text(), c.directory);
            continue;
        }
        sources.push_back(id);
        if (id == "urls") {
            t.kind = TenantSource::Kind::urls;
            if (const auto* named = value.as_table()) {
                for (const auto& [tenant, url] : *named)
                    t.urls.emplace_back(std::string(tenant.str()),
                                        anchor_sqlite_url(Entry{file, "tenants.urls." + std::string(tenant.str()), url}
                                                              .non_empty_text(),
                                                          c.directory));
            } else {
                for (const auto& url : entry.strings()) t.urls.emplace_back("", anchor_sqlite_url(url, c.directory));
            }
            if (t.urls.empty()) entry.fail("lists no tenant");
        } else if (id == "glob") {
            t.kind = TenantSource::Kind::glob;
            t.glob = entry.non_empty_text();
        } else if (id == "query" || id == "schema_query") {
            t.kind = id == "query" ? TenantSource::Kind::query : TenantSource::Kind::schema_query;
            t.query = entry.non_empty_text();
        } else if (id == "schemas") {
            t.kind = TenantSource::Kind::schemas;
            t.schemas = entry.strings();
            if (t.schemas.empty()) entry.fail("lists no schema");
        } else {
            entry.fail("unknown key (known: urls, glob, query, schemas, schema_query, control_url)");
        }
    }
    if (sources.size() != 1)
        throw UsageError(t.where + ": [tenants]: " +
                         (sources.empty() ? std::string("names no tenants")
                                          : "sets " + std::to_string(sources.size()) + " sources") +
                         " (exactly one of urls, glob, query, schemas, schema_query)");
    if (!t.control_url.empty() && t.kind != TenantSource::Kind::query && t.kind != TenantSource::Kind::schema_query)
        throw UsageError(t.where + ": [tenants]: control_url is where a query runs; it goes with query or schema_query");
}

} // namespace

const char* to_string(LintGate gate) {
    switch (gate) {
    case LintGate::off: return "off";
    case LintGate::warn: return "warn";
    case LintGate::error: return "error";
    }
    return "warn";
}

std::string anchor_sqlite_url(const std::string& url, const fs::path& dir) {
    const std::string prefix = "sqlite:///";
    if (url.rfind(prefix, 0) != 0) return url;
    std::string rest = url.substr(prefix.size());
    if (rest.empty() || rest[0] == '/' || rest.rfind(":memory:", 0) == 0) return url;
    return prefix + (dir / rest).lexically_normal().string();
}

std::string Config::default_url(const fs::path& directory) {
    return "sqlite:///" + (fs::absolute(directory) / "migrate.db").lexically_normal().string();
}

Config Config::defaults(const fs::path& directory) {
    Config c;
    c.directory = fs::absolute(directory).lexically_normal();
    c.url = default_url(c.directory);
    c.script_location = c.directory / "migrations";
    apply_environment(c);
    return c;
}

Config Config::load(const fs::path& file, const std::string& environment) {
    std::string text;
    try {
        text = base::read_file(file);
    } catch (const base::UnreadableFile&) {
        throw UsageError(file.string() + ": cannot read the config file (run `migrate init` to create one)");
    }
    const std::string name = file.string();
    toml::table doc;
    try {
        doc = toml::parse(text, std::string_view(name));
    } catch (const toml::parse_error& e) {
        parse_failed(e, name);
    }

    Config c = defaults(file.has_parent_path() ? file.parent_path() : fs::current_path());
    c.file = file;
    c.url = default_url(c.directory);
    c.url_source = "default";
    apply_keys(c, doc, k_top_level_keys, name);
    apply_lint(c, doc, name);
    apply_tenants(c, doc, name);
    const auto envs = environments(doc, name);
    // Every environment's keys and types are checked, not only the chosen one's: a typo in
    // [env.prod] is found on a developer's machine, not in the deploy. Its ${VAR}s are expanded
    // only when it is chosen (a developer has no production password in the environment).
    for (const auto& [env, table] : envs) {
        Config scratch = c;
        apply_keys(scratch, *table, k_top_level_keys, name, /*expand_variables=*/false);
    }
    std::string chosen = environment;
    std::string chosen_by = "--env";
    if (chosen.empty()) {
        if (const char* v = std::getenv("MIGRATE_ENV"); v && *v) chosen = v;
        chosen_by = "MIGRATE_ENV";
    }
    if (!chosen.empty()) {
        auto found = envs.find(chosen);
        if (found == envs.end()) {
            std::string known;
            for (const auto& [env, table] : envs) known += (known.empty() ? "" : ", ") + env;
            throw UsageError(chosen_by + " " + chosen + ": " + name + " has no [env." + chosen + "] (known: " +
                             (known.empty() ? std::string("none") : known) + ")");
        }
        apply_keys(c, *found->second, k_top_level_keys, name);
        c.environment = chosen;
    }
    apply_environment(c);
    return c;
}

void Config::set_url_from_command_line(const std::string& value) {
    url = value;
    url_source = "--url";
}

} // namespace migrate::runtime
