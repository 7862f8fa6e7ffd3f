// The revision-header cache, versions/.migrate-cache: for each revision file, the stat stamp it
// had when it was read and everything loading it yields except its ops, so that a warm load of
// thousands of revisions reads one file instead of all of them (docs/revision-format.md, "Header
// cache"). A cache that is missing, unreadable, corrupt or of another format reads as empty, and
// writing it is best-effort: the cache is never an error. Private to lib/revision.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <migrate/revision/revision.hpp>

struct stat;

namespace migrate::revision::detail {

// What stat says about a file. A file whose stamp is the one it had when it was read is taken
// to hold what was read: any write changes the ctime, whatever it does to the mtime.
struct FileStamp {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    std::uint64_t inode = 0;

    bool operator==(const FileStamp&) const = default;
};

FileStamp stamp_of(const struct stat& st);

// One revision file as it was read: `name` in the versions directory, its stamp, and what
// parse_revision gave (the cache keeps neither revision.path nor revision.ops).
struct StampedRevision {
    std::string name;
    FileStamp stamp;
    Revision revision;
};

// The time before which a file's mtime must lie for it to be cached by a load starting now,
// whole seconds of the clock file timestamps come from. A file written in the same timestamp
// tick as it was read could be written again in that tick, same size, same mtime: such a file
// is read again by the next load instead (and cached by then).
std::int64_t cache_cutoff_ns();

// The cache's entries, in file name order; empty when the cache is missing or unusable.
std::vector<StampedRevision> read_header_cache(const std::filesystem::path& versions_dir);

// Replaces the cache with the entries whose mtime lies before `cutoff_ns` (a temp file renamed
// over it). False when that fails (say a read-only directory); no temp file is left behind.
bool write_header_cache(const std::filesystem::path& versions_dir, const std::vector<StampedRevision>& entries,
                        std::int64_t cutoff_ns);

} // namespace migrate::revision::detail
