#include <migrate/runtime/config.hpp>

#include <migrate/base/error.hpp>
#include <migrate/base/read_file.hpp>

#include <toml++/toml.h>

#include <algorithm>
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

// A relative SQLite path in the file means "beside the file", whatever the working directory.
std::string anchor_sqlite_url(const std::string& url, const fs::path& dir) {
    const std::string prefix = "sqlite:///";
    if (url.rfind(prefix, 0) != 0) return url;
    std::string rest = url.substr(prefix.size());
    if (rest.empty() || rest[0] == '/' || rest.rfind(":memory:", 0) == 0) return url;
    return prefix + (dir / rest).lexically_normal().string();
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

// One value of the file, with where it stands for errors: "migrate.toml:LINE: key: message".
struct Entry {
    const std::string& file;
    const std::string& key;
    const toml::node& value;

    [[noreturn]] void fail(const std::string& message) const {
        throw UsageError(file + ":" + std::to_string(value.source().begin.line) + ": " + key + ": " + message);
    }
    std::string text() const {
        if (auto s = value.value_exact<std::string>()) return *s;
        fail("must be a string, not " + type_name(value));
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
        if (auto s = value.value_exact<std::string>()) return {*s};
        if (const auto* array = value.as_array()) {
            std::vector<std::string> out;
            for (const auto& item : *array)
                if (auto s = item.value_exact<std::string>()) out.push_back(*s);
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
constexpr std::array<Key, 10> k_top_level_keys = {{
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
}};

// Applies the values of `table` through `keys`; any other key is refused, naming the known ones.
// Sub-tables are left to read_sections.
template <std::size_t N>
void apply_keys(Config& c, const toml::table& table, const std::array<Key, N>& keys, const std::string& file) {
    for (const auto& [name, value] : table) {
        if (value.is_table()) continue;
        const std::string key(name.str());
        Entry entry{file, key, value};
        auto known = std::find_if(keys.begin(), keys.end(), [&](const Key& k) { return k.name == key; });
        if (known == keys.end()) {
            std::string list;
            for (const auto& k : keys) list += (list.empty() ? "" : ", ") + std::string(k.name);
            entry.fail("unknown key (known: " + list + ")");
        }
        known->apply(c, entry);
    }
}

std::string to_text(const toml::node& v) {
    if (auto s = v.value_exact<std::string>()) return *s;
    if (auto b = v.value_exact<bool>()) return *b ? "true" : "false";
    if (auto i = v.value_exact<std::int64_t>()) return std::to_string(*i);
    if (auto d = v.value_exact<double>()) return std::to_string(*d);
    std::string out;
    if (const auto* array = v.as_array())
        for (const auto& item : *array) out += (out.empty() ? "" : ",") + to_text(item);
    return out;
}

// The [sections] of the file, nested ones as "env.prod", as text for the features that read them.
void read_sections(Config& c, const toml::table& table, const std::string& prefix) {
    for (const auto& [name, value] : table) {
        const auto* section = value.as_table();
        if (!section) continue;
        const std::string path = prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
        auto& out = c.sections[path];
        for (const auto& [key, v] : *section)
            if (!v.is_table()) out[std::string(key.str())] = to_text(v);
        read_sections(c, *section, path);
    }
}

} // namespace

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

Config Config::load(const fs::path& file) {
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
    read_sections(c, doc, "");
    apply_environment(c);
    return c;
}

void Config::set_url_from_command_line(const std::string& value) {
    url = value;
    url_source = "--url";
}

} // namespace migrate::runtime
