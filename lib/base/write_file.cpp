#include <migrate/base/write_file.hpp>

#include <migrate/base/error.hpp>

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace migrate::base {

namespace {

bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

} // namespace

bool replace_file(const std::filesystem::path& path, std::string_view bytes) {
    std::string temp = path.string() + ".XXXXXX";
    int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) return false;
    // mkostemp creates the file private to its owner; these files are no secret.
    bool ok = ::fchmod(fd, 0644) == 0 && write_all(fd, bytes);
    ok = ::close(fd) == 0 && ok;
    ok = ok && ::rename(temp.c_str(), path.c_str()) == 0;
    if (!ok) {
        int saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
    }
    return ok;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
    if (!replace_file(path, bytes))
        throw Error("cannot write " + path.generic_string() + ": " + std::strerror(errno));
}

} // namespace migrate::base
