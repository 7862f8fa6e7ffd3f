#include <migrate/runtime/config.hpp>

#include <migrate/db/error.hpp>
#include <migrate/runtime/detail/toml.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

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

std::string to_text(const detail::TomlValue& v) {
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::string>) return x;
            else if constexpr (std::is_same_v<T, bool>) return x ? "true" : "false";
            else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                std::string out;
                for (const auto& s : x) out += (out.empty() ? "" : ",") + s;
                return out;
            } else return std::to_string(x);
        },
        v.v);
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
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UsageError(file.string() + ": cannot read the config file (run `migrate init` to create one)");
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string name = file.string();
    auto doc = detail::parse_toml(buf.str(), name);

    Config c = defaults(file.has_parent_path() ? file.parent_path() : fs::current_path());
    c.file = file;
    c.url = default_url(c.directory);
    c.url_source = "default";

    auto where = [&](const std::string& key, const detail::TomlValue& v) {
        return name + ":" + std::to_string(v.line) + ": " + key;
    };
    auto text = [&](const std::string& key, const detail::TomlValue& v) -> std::string {
        if (auto s = std::get_if<std::string>(&v.v)) return *s;
        throw UsageError(where(key, v) + " must be a string, not " + v.type_name());
    };
    auto list = [&](const std::string& key, const detail::TomlValue& v) -> std::vector<std::string> {
        if (auto s = std::get_if<std::vector<std::string>>(&v.v)) return *s;
        if (auto s = std::get_if<std::string>(&v.v)) return {*s};
        throw UsageError(where(key, v) + " must be an array of strings, not " + v.type_name());
    };

    for (const auto& [key, v] : doc[""]) {
        if (key == "url") {
            c.url = anchor_sqlite_url(text(key, v), c.directory);
            c.url_source = name + ":" + std::to_string(v.line);
        } else if (key == "script_location") {
            c.script_location = (c.directory / text(key, v)).lexically_normal();
        } else if (key == "version_table" || key == "history_table") {
            auto t = text(key, v);
            if (t.empty()) throw UsageError(where(key, v) + " must not be empty");
            (key == "version_table" ? c.version_table : c.history_table) = t;
        } else if (key == "target") {
            c.target = text(key, v);
        } else if (key == "dev_url") {
            c.dev_url = text(key, v);
        } else if (key == "transaction_per_revision") {
            auto b = std::get_if<bool>(&v.v);
            if (!b) throw UsageError(where(key, v) + " must be true or false, not " + v.type_name());
            c.transaction_per_revision = *b;
        } else if (key == "include_schemas") {
            c.include_schemas = list(key, v);
        } else if (key == "exclude_tables") {
            c.exclude_tables = list(key, v);
        } else if (key == "lock_timeout") {
            double seconds = 0;
            if (auto i = std::get_if<std::int64_t>(&v.v)) seconds = static_cast<double>(*i);
            else if (auto d = std::get_if<double>(&v.v)) seconds = *d;
            else throw UsageError(where(key, v) + " must be a number of seconds, not " + v.type_name());
            if (seconds < 0) throw UsageError(where(key, v) + " must not be negative");
            c.lock_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
        } else {
            throw UsageError(where(key, v) + ": unknown key (known: url, script_location, version_table, "
                             "history_table, target, dev_url, transaction_per_revision, include_schemas, "
                             "exclude_tables, lock_timeout)");
        }
    }
    for (const auto& [section, table] : doc) {
        if (section.empty()) continue;
        auto& out = c.sections[section];
        for (const auto& [key, v] : table) out[key] = to_text(v);
    }
    apply_environment(c);
    return c;
}

void Config::set_url_from_command_line(const std::string& value) {
    url = value;
    url_source = "--url";
}

} // namespace migrate::runtime
