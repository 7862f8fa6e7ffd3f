#include "header_cache.hpp"

#include "read_file.hpp"
#include <migrate/base/write_file.hpp>

#include <migrate/base/error.hpp>
#include <migrate/revision/script_directory.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <ctime>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MIGRATE_VERSION
#error "MIGRATE_VERSION must be defined (lib/revision/CMakeLists.txt)"
#endif

namespace migrate::revision::detail {
namespace fs = std::filesystem;

namespace {

// The first line of the file. The format number goes up whenever the format, or what
// parse_revision accepts or yields, changes; a cache written by another release is not trusted
// either, so a release that forgets to bump it still reads every file once.
constexpr std::string_view k_magic = "migrate-revision-cache";
constexpr std::string_view k_format = "4"; // 2: "irreversible"; 3: "imported_from"; 4: lock_timeout, statement_timeout, retries read with the ops
constexpr std::string_view k_version = MIGRATE_VERSION;
constexpr std::string_view k_end = "end";

constexpr std::int64_t k_ns_per_second = 1'000'000'000;

// Fields are separated by tabs, records by newlines; a field escapes '\', tab, newline and CR.
// A list is its length, then its items.
class LineWriter {
public:
    explicit LineWriter(std::string& out) : out_(out) {}

    void text(std::string_view field) {
        for (char c : field) {
            switch (c) {
            case '\\': out_ += "\\\\"; break;
            case '\t': out_ += "\\t"; break;
            case '\n': out_ += "\\n"; break;
            case '\r': out_ += "\\r"; break;
            default: out_ += c;
            }
        }
        out_ += '\t';
    }
    template <class Int> void number(Int value) { text(std::to_string(value)); }
    void list(const std::vector<std::string>& items) {
        number(items.size());
        for (const auto& item : items) text(item);
    }
    // The last field's separator ends the line.
    void finish() { out_.back() = '\n'; }

private:
    std::string& out_;
};

// Any malformation: the whole cache is ignored.
struct Corrupt {};

class LineReader {
public:
    explicit LineReader(std::string_view line) : rest_(line) {}

    std::string text() {
        std::string_view raw = next();
        if (raw.find('\\') == std::string_view::npos) return std::string(raw);
        std::string out;
        out.reserve(raw.size());
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '\\') {
                out += raw[i];
                continue;
            }
            if (++i == raw.size()) throw Corrupt{};
            switch (raw[i]) {
            case '\\': out += '\\'; break;
            case 't': out += '\t'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            default: throw Corrupt{};
            }
        }
        return out;
    }
    template <class Int> Int number() {
        std::string_view field = next();
        Int value{};
        auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
        if (ec != std::errc() || end != field.data() + field.size() || field.empty()) throw Corrupt{};
        return value;
    }
    std::vector<std::string> list() {
        auto count = number<std::size_t>();
        if (count > rest_.size() + 1) throw Corrupt{}; // each item but the last takes a separator at least
        std::vector<std::string> items;
        items.reserve(count);
        for (std::size_t i = 0; i < count; ++i) items.push_back(text());
        return items;
    }
    // Every field was read.
    void finish() const {
        if (!done_) throw Corrupt{};
    }

private:
    // The next field as written (escaped).
    std::string_view next() {
        if (done_) throw Corrupt{};
        auto tab = rest_.find('\t');
        std::string_view raw = rest_.substr(0, tab);
        done_ = tab == std::string_view::npos;
        rest_.remove_prefix(done_ ? rest_.size() : tab + 1);
        return raw;
    }

    std::string_view rest_;
    bool done_ = false;
};

void write_entry(std::string& out, const StampedRevision& entry) {
    LineWriter line(out);
    line.text(entry.name);
    line.number(entry.stamp.size);
    line.number(entry.stamp.mtime_ns);
    line.number(entry.stamp.ctime_ns);
    line.number(entry.stamp.inode);
    const Revision& rev = entry.revision;
    line.text(rev.sha256);
    line.text(rev.id);
    line.text(rev.message);
    line.text(rev.create_date);
    line.list(rev.down_revisions);
    line.list(rev.branch_labels);
    line.list(rev.depends_on);
    line.number(rev.irreversible ? 1 : 0);
    line.text(rev.imported_from);
    line.finish();
}

StampedRevision read_entry(std::string_view text) {
    LineReader line(text);
    StampedRevision entry;
    entry.name = line.text();
    entry.stamp.size = line.number<std::uint64_t>();
    entry.stamp.mtime_ns = line.number<std::int64_t>();
    entry.stamp.ctime_ns = line.number<std::int64_t>();
    entry.stamp.inode = line.number<std::uint64_t>();
    Revision& rev = entry.revision;
    rev.sha256 = line.text();
    rev.id = line.text();
    rev.message = line.text();
    rev.create_date = line.text();
    rev.down_revisions = line.list();
    rev.branch_labels = line.list();
    rev.depends_on = line.list();
    rev.irreversible = line.number<int>() != 0;
    rev.imported_from = line.text();
    line.finish();
    return entry;
}

std::string header_line() {
    std::string out;
    LineWriter line(out);
    line.text(k_magic);
    line.text(k_format);
    line.text(k_version);
    line.finish();
    return out;
}

std::vector<StampedRevision> parse_cache(std::string_view text) {
    static const std::string header = header_line();
    if (text.substr(0, header.size()) != header) throw Corrupt{};
    text.remove_prefix(header.size());
    std::vector<StampedRevision> entries;
    entries.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
    while (!text.empty()) {
        auto newline = text.find('\n');
        if (newline == std::string_view::npos) throw Corrupt{}; // cut short
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline + 1);
        if (line.substr(0, k_end.size() + 1) == std::string(k_end) + '\t') {
            LineReader end(line);
            end.text(); // "end"
            if (end.number<std::size_t>() != entries.size() || !text.empty()) throw Corrupt{};
            end.finish();
            return entries;
        }
        entries.push_back(read_entry(line));
        // In name order, once each: load_revisions walks the cache beside the sorted listing.
        if (entries.size() > 1 && !(entries[entries.size() - 2].name < entries.back().name)) throw Corrupt{};
    }
    throw Corrupt{}; // no end line: cut short
}

} // namespace

FileStamp stamp_of(const struct stat& st) {
    return FileStamp{
        .size = static_cast<std::uint64_t>(st.st_size),
        .mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * k_ns_per_second + st.st_mtim.tv_nsec,
        .ctime_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * k_ns_per_second + st.st_ctim.tv_nsec,
        .inode = static_cast<std::uint64_t>(st.st_ino),
    };
}

std::int64_t cache_cutoff_ns() {
    // The kernel stamps files from the coarse clock, which may lag the precise one by a tick;
    // whole seconds also cover file systems that keep whole seconds only.
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME_COARSE, &now);
    return static_cast<std::int64_t>(now.tv_sec) * k_ns_per_second;
}

std::vector<StampedRevision> read_header_cache(const fs::path& versions_dir) {
    const fs::path file = versions_dir / k_header_cache_file;
    std::string text;
    try {
        text = read_file(file);
    } catch (const RevisionError&) {
        return {}; // missing, or not readable: load as if there were none
    }
    try {
        return parse_cache(text);
    } catch (const Corrupt&) {
        return {};
    }
}

bool write_header_cache(const fs::path& versions_dir, const std::vector<StampedRevision>& entries,
                        std::int64_t cutoff_ns) {
    std::string out = header_line();
    out.reserve(entries.size() * 256);
    std::size_t written = 0;
    for (const auto& entry : entries) {
        if (entry.stamp.mtime_ns >= cutoff_ns) continue;
        write_entry(out, entry);
        ++written;
    }
    LineWriter end(out);
    end.text(k_end);
    end.number(written);
    end.finish();

    // No fsync: a cache lost or cut short by a crash reads as unusable and is rebuilt.
    return base::replace_file(versions_dir / k_header_cache_file, out);
}

} // namespace migrate::revision::detail
