// The reflected model of a .sql target kept between runs (versions/.migrate-cache-target,
// beside the revision header cache), so that a repeated `check` with an unchanged target
// reflects only the live database. Never an error: an unusable file is ignored (and replaced
// by the next write), an unwritable one skipped.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <migrate/autogen/target.hpp>

namespace migrate::autogen::detail {

// What a cached model depends on: the sha256 of the target's text, the dialect, the version of
// the server that read it back (db::Connection::server_version()), the schemas read, and
// migrate's own version (its reader may change).
std::string target_cache_key(std::string_view sql, std::string_view dialect, const std::string& server_version,
                             const std::vector<std::string>& schemas);

// The target cached under `key` in `file`, if that is what the file holds.
std::optional<LoadedTarget> read_target_cache(const std::filesystem::path& file, const std::string& key);

// Replaces `file` with `target` under `key` (a temp file renamed over it: readers see the old or
// the new one whole).
void write_target_cache(const std::filesystem::path& file, const std::string& key, const LoadedTarget& target);

} // namespace migrate::autogen::detail
