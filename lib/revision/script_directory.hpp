// The script directory: `<dir>/versions/*.json` loaded into a validated RevisionGraph, and new
// revision files written there (`<rev>_<slug>.json`).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <migrate/revision/revision_graph.hpp>

namespace migrate::revision {

// What `migrate revision` (or autogenerate, or merge) asks for.
struct NewRevision {
    std::string message;
    std::vector<std::string> down_revisions; // full ids; empty for a new base
    std::vector<std::string> branch_labels;
    std::vector<std::string> depends_on;
    OpList upgrade;
    OpList downgrade;
    bool reverse_downgrade = false;         // write "downgrade": "reverse" (`downgrade` unused)
    bool irreversible = false;              // write "irreversible": true
    std::string imported_from;              // write "imported_from" (imported history: no ops)
    std::vector<std::string> comments;      // `//` lines at the top of the file (warnings, a header)
    std::optional<std::string> id;          // default: new_revision_id()
    std::optional<std::string> create_date; // default: now, UTC, "YYYY-MM-DDTHH:MM:SSZ"
};

// The defaults a revision template gives every new revision, as data (docs/revision-format.md,
// "The revision template"): a JSON object (comments allowed) with any of "comments" (an array
// of lines written as `//` comments), "upgrade", "downgrade" (ops, or "reverse") and
// "irreversible". Nothing is substituted into text. Throws RevisionError naming `file` and the field.
NewRevision parse_revision_template(std::string_view text, const std::filesystem::path& file);

// The revision-header cache that loading keeps in the versions directory (see load_revisions):
// safe to delete at any time, and to be left out of version control.
inline constexpr const char* k_header_cache_file = ".migrate-cache";

class ScriptDirectory {
public:
    // Loads every `*.json` in `dir`/versions (a missing versions/ is a RevisionError naming it),
    // with load_revisions. Throws RevisionError for any invalid file or graph.
    static ScriptDirectory load(const std::filesystem::path& dir);

    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path versions_dir() const { return dir_ / "versions"; }
    const RevisionGraph& graph() const { return graph_; }

    // Parses every op of every revision (load() checks files and the graph but leaves ops to
    // the commands that run or show them). Throws the first RevisionError, in id order.
    void validate_all() const;

    // The one writer of revision files (revision, revision --autogenerate, merge): renders
    // `spec` with render_revision, validates it with the directory's graph before anything
    // touches the disk (a label already in use or an invalid op throws and leaves no file), then
    // writes a temp file and renames it into place. Returns the new file's path.
    std::filesystem::path write_revision(const NewRevision& spec);

private:
    ScriptDirectory(std::filesystem::path dir, RevisionGraph graph);
    std::filesystem::path dir_;
    RevisionGraph graph_;
};

// Reads and parses every `*.json` file of `versions_dir`, in file name order. A file whose stat
// stamp (size, mtime, ctime, inode) is the one recorded in the header cache (k_header_cache_file)
// is not read: its revision comes from the cache, and its ops are read from the file when first
// asked for (a RevisionError if the file no longer holds what was cached). The cache is rewritten
// when a file was read, added or removed, and ignored when it cannot be read or written. The
// first invalid file, in name order, is thrown as a RevisionError after the others are cached;
// an invalid file is never cached.
std::vector<Revision> load_revisions(const std::filesystem::path& versions_dir);

// A new random 12-hex-digit revision id.
std::string new_revision_id();

// "Add ISBN to books!" -> "add_isbn_to_books": lowercase letters and digits joined by '_',
// at most 40 characters, cut at a word boundary when possible; "revision" when empty.
std::string slugify(const std::string& message);

// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_timestamp();

} // namespace migrate::revision
