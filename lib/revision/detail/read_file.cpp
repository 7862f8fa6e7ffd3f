#include "read_file.hpp"

#include <migrate/db/error.hpp>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace migrate::revision::detail {

std::string read_file(const std::filesystem::path& path) {
    auto cannot_read = [&] {
        return RevisionError(path.generic_string(), "", std::string("cannot be read: ") + std::strerror(errno));
    };
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw cannot_read();
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw cannot_read();
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::read(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw cannot_read();
        if (n == 0) break; // shrank while reading
        done += static_cast<std::size_t>(n);
    }
    text.resize(done);
    return text;
}

} // namespace migrate::revision::detail
