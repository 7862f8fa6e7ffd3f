// A revision file's bytes (base::read_file), with an error that names the file as a revision.
// Private to lib/revision.
#pragma once

#include <filesystem>
#include <string>

namespace migrate::revision::detail {

// The bytes of `path`. Throws RevisionError naming the file when it cannot be opened or read.
std::string read_file(const std::filesystem::path& path);

} // namespace migrate::revision::detail
