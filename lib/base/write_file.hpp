// Replacing a file atomically: readers (another migrate, an editor, git) see the old file or
// the new one, never a half-written one. The one writer of every layer (revision files, caches).
#pragma once

#include <filesystem>
#include <string_view>

namespace migrate::base {

// Writes `bytes` to a temp file beside `path` (mode 0644) and renames it over `path`. False
// when any step fails (errno says why); no temp file is left behind.
bool replace_file(const std::filesystem::path& path, std::string_view bytes);

// The same, throwing an Error naming the file and the reason.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

} // namespace migrate::base
