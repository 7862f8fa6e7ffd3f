// One thing `migrate lint` found in a revision.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <migrate/lint/rules.hpp>

namespace migrate::lint {

struct Finding {
    std::string rule;                    // the rule's id ("drop_column")
    Severity severity = Severity::error; // after migrate.toml's [lint] settings
    std::string revision;                // the revision's id
    std::string file;                    // its file, empty for a revision built in code
    std::optional<std::size_t> op_index; // upgrade[i]; nullopt for the revision as a whole
    std::string op;                      // the op in words ("drop_column books.isbn"), or empty
    std::string message;                 // what is at risk, with the facts it rests on
    std::string safer;                   // the safer way to write it
    std::optional<std::string> ignored;  // the reason given by a "lint": {"ignore": ...}
};

} // namespace migrate::lint
