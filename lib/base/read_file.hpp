// Reading a whole file: the one reader every layer uses. One open, fstat and read, because loading
// thousands of revisions is dominated by file I/O and an ifstream adds a buffer allocation and two
// seeks on top of that.
#pragma once

#include <filesystem>
#include <string>

#include <migrate/base/error.hpp>

namespace migrate::base {

// A file that could not be opened or read. Callers that know what the file is for (a revision, the
// config, a target schema) catch it and say so in their own error type.
class UnreadableFile : public Error {
public:
    UnreadableFile(const std::filesystem::path& path, std::string reason)
        : Error(path.string() + ": cannot be read: " + reason), path_(path), reason_(std::move(reason)) {}
    const std::filesystem::path& path() const noexcept { return path_; }
    const std::string& reason() const noexcept { return reason_; } // the system's message

private:
    std::filesystem::path path_;
    std::string reason_;
};

// The bytes of `path`. Throws UnreadableFile.
std::string read_file(const std::filesystem::path& path);

} // namespace migrate::base
