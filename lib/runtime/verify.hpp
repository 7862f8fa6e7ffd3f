// Checksums enforced: every revision applied to a database still says what was applied. The
// history table records each applied file's canonical sha256 (Revision::sha256); verification
// compares it with the file's, which the header cache holds, so a warm check reads no file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <migrate/revision/revision_graph.hpp>
#include <migrate/runtime/version_table.hpp>

namespace migrate::runtime {

struct VerifyProblem {
    enum class Kind { modified, missing };
    Kind kind = Kind::modified;
    std::string revision;
    std::filesystem::path file; // modified: the file; missing: empty
    std::string recorded;       // the checksum on record (modified)
    std::string current;        // the file's checksum now (modified)
};

struct VerifyResult {
    std::vector<VerifyProblem> problems; // modified first, then missing; each in id order
    std::size_t matched = 0;             // applied revisions whose file matches the record
    std::size_t unrecorded = 0;          // applied revisions with no checksum on record (stamped over)

    bool ok() const { return problems.empty(); }
    bool any(VerifyProblem::Kind kind) const;
};

// The applied revisions are the version table's rows and everything below them (parents and
// depends_on); each one's recorded checksum is the latest upgrade, stamp or accept row of the
// history that carries one. A row naming no revision file is `missing`.
VerifyResult verify_applied(const revision::RevisionGraph& graph, const std::vector<std::string>& heads,
                            const std::vector<HistoryEntry>& history);

// Which revisions of `graph` are applied: the version table's rows found in it and everything
// below them (parents and depends_on), by graph index.
std::vector<bool> applied_revisions(const revision::RevisionGraph& graph, const std::vector<std::string>& heads);

// The checksum on record for each revision: that of its latest upgrade, stamp or accept row
// carrying one.
std::map<std::string, std::string> recorded_checksums(const std::vector<HistoryEntry>& history);

// "modified ab12 migrations/versions/ab12_add.json" / "missing cd34".
std::string describe(const VerifyProblem& problem);

// What upgrade, downgrade and stamp throw when verification fails: a Disagreement listing the
// problems and how to resolve them (restore the files, or `migrate verify --accept REV`).
[[noreturn]] void refuse_unverified(const VerifyResult& result);

// "user@host" of this process, for the history's applied_by.
std::string current_user();

} // namespace migrate::runtime
