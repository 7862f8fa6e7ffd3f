// The field tables of docs/json-output.md as a schema, so that a test checks every JSON
// document and line the CLI prints against what the docs promise: the same fields, in the
// same order, each of its documented type.
#pragma once

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace migrate::test {

class JsonSchema {
public:
    // "### `current` document" / "### `revision` object" / "### `run_started` line", each
    // followed by "| `field` | type | meaning |" rows.
    static JsonSchema from_docs() {
        std::ifstream in(std::string(MIGRATE_SOURCE_DIR) + "/docs/json-output.md");
        if (!in) throw std::runtime_error("cannot read docs/json-output.md");
        JsonSchema schema;
        const std::regex heading(R"(^### `([a-z_ -]+)` (document|object|line)\s*$)");
        const std::regex row(R"(^\| `([a-z_]+)` \| ([^|]+?) \|)");
        std::string line, current;
        std::smatch m;
        while (std::getline(in, line)) {
            if (std::regex_match(line, m, heading)) {
                current = m[1].str() + " " + m[2].str();
                schema.tables_[current];
            } else if (line.rfind("## ", 0) == 0 || line.rfind("### ", 0) == 0) {
                current.clear();
            } else if (!current.empty() && std::regex_search(line, m, row)) {
                schema.tables_[current].emplace_back(m[1].str(), m[2].str());
            }
        }
        return schema;
    }

    bool has(const std::string& name) const { return tables_.count(name) > 0; }
    std::size_t size() const { return tables_.size(); }

    // "" when `value` is a valid `name` ("current document", "run_started line"); else what is wrong.
    std::string problems(const nlohmann::ordered_json& value, const std::string& name) const {
        return check_table(value, name, name);
    }

private:
    std::string check_table(const nlohmann::ordered_json& value, const std::string& name, const std::string& path) const {
        auto it = tables_.find(name);
        if (it == tables_.end()) return path + ": docs/json-output.md has no " + name;
        if (!value.is_object()) return path + ": not an object: " + value.dump();
        std::vector<std::string> keys, documented;
        for (const auto& [key, _] : value.items()) keys.push_back(key);
        for (const auto& [field, _] : it->second) documented.push_back(field);
        if (keys != documented) return path + ": fields " + join(keys) + " but documented " + join(documented);
        std::string out;
        for (const auto& [field, type] : it->second) out += check_type(value[field], type, path + "." + field);
        return out;
    }

    std::string check_type(const nlohmann::ordered_json& v, const std::string& type, const std::string& path) const {
        const std::string or_null = " or null";
        if (type.size() > or_null.size() && type.compare(type.size() - or_null.size(), or_null.size(), or_null) == 0)
            return v.is_null() ? "" : check_type(v, type.substr(0, type.size() - or_null.size()), path);
        if (type.rfind("array of ", 0) == 0) {
            if (!v.is_array()) return path + ": not an array: " + v.dump() + "\n";
            std::string out;
            for (std::size_t i = 0; i < v.size(); ++i)
                out += check_type(v[i], type.substr(9), path + "[" + std::to_string(i) + "]");
            return out;
        }
        if (type == "string") return v.is_string() ? "" : path + ": not a string: " + v.dump() + "\n";
        if (type == "integer") return v.is_number_integer() ? "" : path + ": not an integer: " + v.dump() + "\n";
        if (type == "boolean") return v.is_boolean() ? "" : path + ": not a boolean: " + v.dump() + "\n";
        if (type == "object") return v.is_object() ? "" : path + ": not an object: " + v.dump() + "\n";
        if (type == "op")
            return v.is_object() && v.contains("op") && v["op"].is_string() ? "" : path + ": not an op: " + v.dump() + "\n";
        return check_table(v, type + " object", path);
    }

    static std::string join(const std::vector<std::string>& items) {
        std::string out = "[";
        for (const auto& i : items) out += (out.size() > 1 ? ", " : "") + i;
        return out + "]";
    }

    std::map<std::string, std::vector<std::pair<std::string, std::string>>> tables_;
};

// The JSON Lines of a run's stdout, each parsed and its problems against its event's table
// (docs/json-output.md) listed: empty when every line is as documented.
struct RunLines {
    std::vector<nlohmann::ordered_json> lines;
    std::string problems;
};
inline RunLines run_lines(const std::string& out) {
    static const JsonSchema schema = JsonSchema::from_docs();
    RunLines r;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        auto j = nlohmann::ordered_json::parse(line);
        const std::string event = j.contains("event") && j["event"].is_string() ? j["event"].get<std::string>() : "";
        r.problems += schema.problems(j, event + " line");
        r.lines.push_back(std::move(j));
    }
    return r;
}

} // namespace migrate::test
