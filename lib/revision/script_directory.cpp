#include <migrate/revision/script_directory.hpp>

#include <migrate/base/error.hpp>

#include "detail/header_cache.hpp"
#include "detail/read_file.hpp"
#include <migrate/base/write_file.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <memory>
#include <random>

#include <dirent.h>
#include <sys/stat.h>

namespace migrate::revision {
namespace fs = std::filesystem;

namespace {

// A `*.json` file of the versions directory: its name and stat stamp.
struct ListedFile {
    std::string name;
    detail::FileStamp stamp;
};

// The revision files in name order, listed and stat'ed without opening any.
std::vector<ListedFile> list_revision_files(const fs::path& versions_dir) {
    std::error_code ec;
    if (!fs::is_directory(versions_dir, ec)) {
        throw RevisionError(versions_dir.generic_string(), "", "is not a directory (expected the revision files here)");
    }
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(versions_dir.c_str()), &::closedir);
    if (!dir) throw RevisionError(versions_dir.generic_string(), "", std::string("cannot be listed: ") + std::strerror(errno));
    std::vector<ListedFile> files;
    while (const dirent* entry = ::readdir(dir.get())) {
        std::string_view name = entry->d_name;
        // "<anything>.json"; a file named just ".json" has no extension (as std::filesystem has it).
        if (name.size() <= 5 || !name.ends_with(".json")) continue;
        struct stat st {};
        if (::fstatat(::dirfd(dir.get()), entry->d_name, &st, 0) != 0 || !S_ISREG(st.st_mode)) continue;
        files.push_back({std::string(name), detail::stamp_of(st)});
    }
    std::sort(files.begin(), files.end(), [](const ListedFile& a, const ListedFile& b) { return a.name < b.name; });
    return files;
}

// The ops of a revision that came from the header cache, read from its file when asked for. The
// file must still hold what was cached: the runtime records the cached checksum beside the ops.
RevisionOps ops_in_file(const fs::path& path, const std::string& sha256) {
    // The path as a string: a copied fs::path copies its list of components too.
    return RevisionOps::deferred([name = path.native(), sha256] {
        const fs::path file = name;
        Revision fresh = parse_revision(detail::read_file(file), file);
        if (fresh.sha256 != sha256) {
            throw RevisionError(file.generic_string(), "",
                                "changed while migrate was running (it no longer holds what was loaded); run the command again");
        }
        return fresh.ops;
    });
}

} // namespace

std::vector<Revision> load_revisions(const fs::path& versions_dir) {
    // Taken before any stat: a file changed after it must not be cached (see cache_cutoff_ns).
    const std::int64_t cutoff = detail::cache_cutoff_ns();
    std::vector<ListedFile> files = list_revision_files(versions_dir);
    std::vector<detail::StampedRevision> cached = detail::read_header_cache(versions_dir);
    std::vector<detail::StampedRevision> loaded;
    loaded.reserve(files.size());
    std::size_t reused = 0, added = 0;
    std::exception_ptr first_error;
    auto entry = cached.begin(); // both are in name order
    for (auto& file : files) {
        fs::path path = versions_dir / file.name;
        while (entry != cached.end() && entry->name < file.name) ++entry;
        if (entry != cached.end() && entry->name == file.name && entry->stamp == file.stamp) {
            entry->revision.path = std::move(path);
            entry->revision.ops = ops_in_file(entry->revision.path, entry->revision.sha256);
            loaded.push_back(std::move(*entry++));
            ++reused;
            continue;
        }
        try {
            Revision rev = parse_revision(detail::read_file(path), path);
            if (file.stamp.mtime_ns < cutoff) ++added;
            loaded.push_back({std::move(file.name), file.stamp, std::move(rev)});
        } catch (const RevisionError&) {
            // Reported once the files that are fine are cached, so the next load reads only this one.
            if (!first_error) first_error = std::current_exception();
        }
    }
    if (added > 0 || reused != cached.size()) detail::write_header_cache(versions_dir, loaded, cutoff);
    if (first_error) std::rethrow_exception(first_error);

    std::vector<Revision> revisions;
    revisions.reserve(loaded.size());
    for (auto& stamped : loaded) revisions.push_back(std::move(stamped.revision));
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
    rev.irreversible = spec.irreversible;
    rev.imported_from = spec.imported_from;
    rev.ops = spec.reverse_downgrade ? RevisionOps(spec.upgrade, {}, /*downgrade_reversed=*/true)
                                     : RevisionOps(spec.upgrade, spec.downgrade);

    fs::path path = versions_dir() / (rev.id + "_" + slugify(rev.message) + ".json");
    std::string text = render_revision(rev, spec.comments);
    // Validate the file as it will be read back, with the new graph, before anything touches the disk.
    std::vector<Revision> all = graph_.revisions();
    all.push_back(parse_revision(text, path));
    validate_ops(all.back());
    RevisionGraph next(std::move(all));

    fs::create_directories(versions_dir());
    base::write_file_atomically(path, text);
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
