// One Alembic revision file (a Python module) read without running Python: its module-level
// `revision`, `down_revision`, `branch_labels` and `depends_on` assignments and its docstring.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::revision {

struct AlembicScript {
    std::string id;                          // `revision`
    std::vector<std::string> down_revisions; // `down_revision`: None, a string, a tuple or list
    std::vector<std::string> branch_labels;
    std::vector<std::string> depends_on;
    std::string message;                     // the docstring up to its "Revision ID:" line
    std::string create_date;                 // "Create Date:" as ISO 8601 ("2024-01-02T03:04:05.678901")
    std::filesystem::path file;
};

// Reads `text` (the file `file`). The four names must be assigned once each at module level
// (`revision` and `down_revision` are required), with or without a type annotation
// (`down_revision: Union[str, None] = "ae10"`), to a value that needs no Python: None, string
// literals, or a tuple or list of them. Anything else (a call, a name, an f-string, an
// assignment inside an `if`) is a RevisionError naming "file:line" and the name.
AlembicScript parse_alembic_script(std::string_view text, const std::filesystem::path& file);

} // namespace migrate::revision
