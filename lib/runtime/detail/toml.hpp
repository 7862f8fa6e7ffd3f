// A reader for the small part of TOML that migrate.toml uses: `key = "string" | 'string' |
// true/false | integer | float | [array of those]`, `[section]` headers and `#` comments.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace migrate::runtime::detail {

struct TomlValue {
    std::variant<std::string, bool, std::int64_t, double, std::vector<std::string>> v;
    int line = 0;
    std::string type_name() const;
};

// section ("" for top level) -> key -> value. Errors throw UsageError "<file>:<line>: ...".
using TomlDocument = std::map<std::string, std::map<std::string, TomlValue>>;

TomlDocument parse_toml(const std::string& text, const std::string& file_name);

} // namespace migrate::runtime::detail
