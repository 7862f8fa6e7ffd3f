// alembic.ini read with inih (the INI format Alembic's configparser reads), then the keys that
// say where the revision files are.
#include <migrate/revision/alembic_project.hpp>

#include <migrate/base/error.hpp>
#include <migrate/base/read_file.hpp>

#include "detail/read_file.hpp"

#include <ini.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace migrate::revision {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_section = "alembic";

using Section = std::map<std::string, std::string>;
using Sections = std::map<std::string, Section>;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

Sections parse_ini(const fs::path& file) {
    std::string text;
    try {
        text = base::read_file(file);
    } catch (const base::UnreadableFile& e) {
        throw UsageError(e.what());
    }
    // Comment lines become blank (line numbers kept): configparser allows them indented and of
    // any length, and inih reads lines of at most INI_MAX_LINE bytes.
    std::string kept;
    kept.reserve(text.size());
    int number = 0;
    for (std::size_t start = 0; start < text.size();) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string_view line(text.data() + start, end - start);
        ++number;
        const auto first = line.find_first_not_of(" \t");
        const bool comment = first != std::string_view::npos && (line[first] == '#' || line[first] == ';');
        if (!comment && line.size() + 2 > static_cast<std::size_t>(INI_MAX_LINE))
            throw NotSupported(file.string() + ":" + std::to_string(number) + ": a line longer than " +
                               std::to_string(INI_MAX_LINE - 2) + " characters, which migrate's INI reader cannot read");
        if (!comment) kept += line;
        kept += '\n';
        start = end + 1;
    }
    Sections sections;
    auto handler = [](void* user, const char* section, const char* name, const char* value) -> int {
        auto& s = (*static_cast<Sections*>(user))[lower(section)][lower(name)];
        // A continuation line arrives as the same key again: configparser joins them with a newline.
        s += (s.empty() ? "" : "\n") + std::string(value);
        return 1;
    };
    if (int line = ini_parse_string(kept.c_str(), handler, &sections); line != 0)
        throw UsageError(file.string() + ":" + std::to_string(line) + ": not an INI line Alembic's config would read");
    return sections;
}

// configparser's basic interpolation: %(here)s (Alembic's), %(key)s from the same section or
// [DEFAULT], and %% for a percent sign.
std::string interpolate(const std::string& value, const Sections& sections, const fs::path& file, const std::string& key,
                        int depth = 0) {
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '%') {
            out += value[i];
            continue;
        }
        if (i + 1 < value.size() && value[i + 1] == '%') {
            out += '%';
            ++i;
            continue;
        }
        auto close = value.find(")s", i);
        if (i + 1 >= value.size() || value[i + 1] != '(' || close == std::string::npos)
            throw UsageError(file.string() + ": [" + k_section + "] " + key + ": a '%' that is not %(name)s or %%");
        std::string name = lower(value.substr(i + 2, close - i - 2));
        i = close + 1;
        if (name == "here") {
            out += file.parent_path().string();
            continue;
        }
        const std::string* found = nullptr;
        for (const char* section : {k_section, "default"}) {
            auto s = sections.find(section);
            if (s == sections.end()) continue;
            if (auto v = s->second.find(name); v != s->second.end()) {
                found = &v->second;
                break;
            }
        }
        if (!found || depth > 10)
            throw UsageError(file.string() + ": [" + k_section + "] " + key + ": %(" + name + ")s names no key");
        out += interpolate(*found, sections, file, key, depth + 1);
    }
    return out;
}

std::vector<std::string> split(const std::string& text, const std::string& separator) {
    std::vector<std::string> out;
    std::string item;
    auto flush = [&] {
        if (!item.empty()) out.push_back(item);
        item.clear();
    };
    for (char c : text) {
        const bool split_here = separator.empty() ? (std::isspace(static_cast<unsigned char>(c)) || c == ',')
                                                  : (separator.find(c) != std::string::npos || c == '\n');
        if (split_here) flush();
        else item += c;
    }
    flush();
    return out;
}

fs::path from_ini(const fs::path& ini, const std::string& value) {
    fs::path p(value);
    return p.is_relative() ? ini.parent_path() / p : p;
}

} // namespace

AlembicProject read_alembic_project(const fs::path& path) {
    AlembicProject project;
    fs::path ini = path;
    if (fs::is_directory(path)) {
        if (fs::is_regular_file(path / "alembic.ini")) {
            ini = path / "alembic.ini";
        } else if (fs::is_directory(path / "versions")) {
            project.script_location = path;
            project.version_locations = {path / "versions"};
            return project;
        } else {
            throw UsageError(path.string() + ": neither an Alembic project (no alembic.ini) nor its script directory "
                                             "(no versions/)");
        }
    } else if (!fs::exists(path)) {
        throw UsageError(path.string() + ": no such file or directory");
    }
    project.config_file = ini;
    const Sections sections = parse_ini(ini);
    auto section = sections.find(k_section);
    auto get = [&](const std::string& key) -> std::string {
        if (section == sections.end()) return {};
        auto it = section->second.find(key);
        return it == section->second.end() ? std::string() : interpolate(it->second, sections, ini, key);
    };
    const std::string location = get("script_location");
    if (location.empty())
        throw UsageError(ini.string() + ": [alembic] script_location is not set (where the revision files are)");
    if (location.find(':') != std::string::npos && !fs::exists(from_ini(ini, location)))
        throw NotSupported(ini.string() + ": [alembic] script_location: \"" + location +
                           "\" is a package resource; give the directory's path instead");
    project.script_location = from_ini(ini, location);
    if (const std::string locations = get("version_locations"); !locations.empty()) {
        // As Alembic reads it: the separator matters only when there are version_locations.
        const std::string given = get("version_path_separator");
        std::string separator; // empty: Alembic's legacy split on spaces and commas
        if (given == "os" || given == ":") separator = ":";
        else if (given == "space") separator = " ";
        else if (given == ";") separator = ";";
        else if (!given.empty())
            throw UsageError(ini.string() + ": [alembic] version_path_separator: \"" + given +
                             "\" is not one of space, os, ':' or ';'");
        for (const auto& item : split(locations, separator)) project.version_locations.push_back(from_ini(ini, item));
    } else {
        project.version_locations = {project.script_location / "versions"};
    }
    if (const std::string table = get("version_table"); !table.empty()) project.version_table = table;
    return project;
}

std::vector<AlembicScript> read_alembic_scripts(const AlembicProject& project) {
    std::vector<fs::path> files;
    for (const auto& dir : project.version_locations) {
        if (!fs::is_directory(dir))
            throw UsageError((project.config_file.empty() ? dir.string() : project.config_file.string()) +
                             ": the version location " + dir.string() + " is not a directory");
        for (const auto& entry : fs::directory_iterator(dir)) {
            const auto& p = entry.path();
            if (entry.is_regular_file() && p.extension() == ".py" && p.filename() != "__init__.py") files.push_back(p);
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<AlembicScript> out;
    out.reserve(files.size());
    for (const auto& f : files) out.push_back(parse_alembic_script(detail::read_file(f), f));
    return out;
}

} // namespace migrate::revision
