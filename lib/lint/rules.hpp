// The rules of `migrate lint`: each one's id, default severity, what it finds and the safer way
// to write it, and the settings migrate.toml's [lint] section gives them. The one list of rules:
// the config, the revision files' "lint" annotations and docs/lint.md name these ids.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::lint {

enum class Severity { info, warning, error };
std::string_view to_string(Severity severity);
// "error", "warning", "info"; "off" gives nullopt. UsageError-free: nullopt in `known` tells
// the caller the word was not one of them.
struct SeverityWord {
    bool known = false;
    std::optional<Severity> severity; // nullopt with known: "off"
};
SeverityWord parse_severity(std::string_view word);

struct Rule {
    std::string_view id;
    Severity severity;     // the default
    std::string_view what; // one line for --help and docs
    std::string_view safer; // the safer way to write it
};

// Every rule, in documentation order.
const std::vector<Rule>& rules();
// The rule named `id`, or nullptr.
const Rule* find_rule(std::string_view id);
// "drop_table, drop_column, ..." for messages naming the known ids.
std::string rule_list();

// What migrate.toml's [lint] section sets.
struct Settings {
    // A rule's severity instead of its default; nullopt: the rule is off.
    std::map<std::string, std::optional<Severity>> severity;
    // SQLite: a table recreation is reported on tables holding more rows than this.
    std::int64_t sqlite_recreate_rows = 10'000;

    // The severity `rule` reports at, nullopt when it is off.
    std::optional<Severity> severity_of(const Rule& rule) const;
};

} // namespace migrate::lint
