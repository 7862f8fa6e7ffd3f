#include <migrate/base/read_file.hpp>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace migrate::base {

std::string read_file(const std::filesystem::path& path) {
    auto cannot_read = [&] { return UnreadableFile(path, std::strerror(errno)); };
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw cannot_read();
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw cannot_read();
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        throw cannot_read();
    }
    // A regular file is read to its size; one that reports none (a pipe, /proc) to its end.
    const bool sized = st.st_size > 0;
    std::string text(sized ? static_cast<std::size_t>(st.st_size) : 4096, '\0');
    std::size_t done = 0;
    while (true) {
        if (done == text.size()) {
            if (sized) break;
            text.resize(done * 2);
        }
        ssize_t n = ::read(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw cannot_read();
        if (n == 0) break; // the end (or the file shrank while reading)
        done += static_cast<std::size_t>(n);
    }
    text.resize(done);
    return text;
}

} // namespace migrate::base
