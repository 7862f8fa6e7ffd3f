// One revision file: its place in the graph (down_revisions, depends_on, branch_labels), its
// ops, and a sha256 of its canonical content so edits after applying it can be detected.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/revision/op_list.hpp>

namespace migrate::revision {

struct Revision {
    std::string id;
    std::vector<std::string> down_revisions; // empty for a base, 2+ for a merge point
    std::vector<std::string> branch_labels;  // labels starting here (see RevisionGraph)
    std::vector<std::string> depends_on;     // revision ids or branch labels
    std::string message;
    std::string create_date;                 // ISO 8601 as written, may be empty
    RevisionOps ops;                         // as JSON; upgrade_ops() checks and parses them
    std::filesystem::path path;              // the file it came from, empty when built in code
    std::string sha256;                      // of the canonical content, empty when built in code
    bool irreversible = false;               // "irreversible": true: no downgrade passes through it
    // "imported_from": "alembic": history taken over from another tool, kept for the graph and
    // the ids; it holds no ops and is never run (check_runnable): databases are stamped past it.
    std::string imported_from;

    bool is_base() const { return down_revisions.empty(); }
    bool is_merge_point() const { return down_revisions.size() > 1; }
};

// Parses the text of a revision file (JSON, `//` and `/* */` comments allowed). Every error is
// a RevisionError naming `file` and the field, or the line and column of malformed JSON. The
// ops are checked to be arrays only; validate_ops() checks each op. A downgrade of "reverse"
// is derived here from the upgrade by ops::reverse (an error naming the op that has no
// reverse).
Revision parse_revision(std::string_view text, const std::filesystem::path& file);

// The ops of one direction, parsed and checked by lib/ops. Throws RevisionError naming the
// revision's file (or "revision <id>" when built in code) and the op's field.
std::vector<ops::Op> upgrade_ops(const Revision& revision);
std::vector<ops::Op> downgrade_ops(const Revision& revision);
// Both of the above, for full validation (`migrate check`, ScriptDirectory::validate_all).
void validate_ops(const Revision& revision);

// The text of a revision file: `comments` as `//` lines on top (a comment holding newlines
// becomes several lines), then the JSON with a fixed key order and 2-space indentation. A
// downgrade derived from the upgrade is written as "reverse". The one renderer of every file
// migrate writes (ScriptDirectory::write_revision); nothing is spliced into text.
std::string render_revision(const Revision& revision, const std::vector<std::string>& comments = {});

// The canonical form of a revision file's JSON (comments and layout do not matter), whose
// sha256 is Revision::sha256. Throws like parse_revision.
std::string canonical_content(std::string_view text, const std::filesystem::path& file);

// Revision ids and branch labels: letters, digits and '_' only, so that target syntax
// ("label@head", "ab12+2") is never ambiguous. Labels may not be head, heads or base.
bool is_valid_revision_id(std::string_view id);
bool is_valid_branch_label(std::string_view label);

} // namespace migrate::revision
