// Reading a whole file with one open, fstat and read: loading thousands of revisions is
// dominated by file I/O, and an ifstream costs a buffer allocation and two seeks on top of that.
// Private to lib/revision.
#pragma once

#include <filesystem>
#include <string>

namespace migrate::revision::detail {

// The bytes of `path`. Throws RevisionError naming the file when it cannot be opened or read.
std::string read_file(const std::filesystem::path& path);

} // namespace migrate::revision::detail
