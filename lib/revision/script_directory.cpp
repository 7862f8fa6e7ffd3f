#include <migrate/revision/script_directory.hpp>

#include <migrate/db/error.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace migrate::revision {
namespace fs = std::filesystem;

namespace {

// One open, fstat and read per file: loading thousands of revisions is dominated by file I/O,
// and an ifstream costs a buffer allocation and two seeks on top of that.
std::string read_file(const fs::path& path) {
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

} // namespace

std::vector<Revision> load_revisions(const fs::path& versions_dir) {
    std::error_code ec;
    if (!fs::is_directory(versions_dir, ec)) {
        throw RevisionError(versions_dir.generic_string(), "", "is not a directory (expected the revision files here)");
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(versions_dir)) {
        if (entry.path().extension() == ".json" && entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<Revision> revisions;
    revisions.reserve(files.size());
    for (const auto& file : files) revisions.push_back(parse_revision(read_file(file), file));
    return revisions;
}

ScriptDirectory::ScriptDirectory(fs::path dir, RevisionGraph graph) : dir_(std::move(dir)), graph_(std::move(graph)) {}

ScriptDirectory ScriptDirectory::load(const fs::path& dir) {
    return ScriptDirectory(dir, RevisionGraph(load_revisions(dir / "versions")));
}

void ScriptDirectory::validate_all() const {
    for (const auto& rev : graph_.revisions()) validate_ops(rev);
}

fs::path ScriptDirectory::write_revision(const NewRevision& spec) {
    Revision rev;
    rev.id = spec.id.value_or(new_revision_id());
    if (!is_valid_revision_id(rev.id)) {
        throw UsageError("invalid revision id \"" + rev.id + "\": letters, digits and '_' only");
    }
    if (graph_.find(rev.id)) throw UsageError("revision id \"" + rev.id + "\" is already in use");
    rev.down_revisions = spec.down_revisions;
    rev.branch_labels = spec.branch_labels;
    rev.depends_on = spec.depends_on;
    rev.message = spec.message;
    rev.create_date = spec.create_date.value_or(utc_timestamp());
    rev.upgrade = spec.upgrade;
    rev.downgrade = spec.downgrade;

    fs::path path = versions_dir() / (rev.id + "_" + slugify(rev.message) + ".json");
    std::string text = render_revision(rev);
    // Validate the new graph before anything touches the disk.
    std::vector<Revision> all = graph_.revisions();
    all.push_back(parse_revision(text, path));
    validate_ops(all.back());
    RevisionGraph next(std::move(all));

    fs::create_directories(versions_dir());
    fs::path temp = path;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) throw Error("cannot write " + temp.generic_string());
    }
    fs::rename(temp, path);
    graph_ = std::move(next);
    return path;
}

std::string new_revision_id() {
    static thread_local std::mt19937_64 engine{std::random_device{}()};
    std::uniform_int_distribution<std::uint64_t> twelve_hex(0, (std::uint64_t{1} << 48) - 1);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%012llx", static_cast<unsigned long long>(twelve_hex(engine)));
    return buf;
}

std::string slugify(const std::string& message) {
    constexpr std::size_t k_max_slug = 40;
    std::vector<std::string> words(1);
    for (unsigned char c : message) {
        if (std::isalnum(c) && c < 0x80) words.back() += static_cast<char>(std::tolower(c));
        else if (!words.back().empty()) words.emplace_back();
    }
    std::string slug;
    for (const auto& word : words) {
        if (word.empty()) continue;
        std::size_t needed = slug.size() + (slug.empty() ? 0 : 1) + word.size();
        if (needed > k_max_slug) {
            if (slug.empty()) slug = word.substr(0, k_max_slug);
            break;
        }
        slug += (slug.empty() ? "" : "_") + word;
    }
    return slug.empty() ? "revision" : slug;
}

std::string utc_timestamp() {
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

} // namespace migrate::revision
