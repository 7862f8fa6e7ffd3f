// Alembic's offline SQL, read back: two runs of the user's alembic command, split at Alembic's
// section comments. Both runs print every revision once, so one pair of runs serves the project.
#include <migrate/runtime/alembic_sql.hpp>

#include <migrate/base/error.hpp>
#include <migrate/base/read_file.hpp>
#include <migrate/dialect/script_reading.hpp>
#include <migrate/ops/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include <sys/wait.h>
#include <unistd.h>

namespace migrate::runtime {

namespace {

std::string trim(std::string_view s) {
    auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(" \t");
    return std::string(s.substr(b, e - b + 1));
}

// "Running upgrade a1, b2 -> c3" -> "c3"; "Running downgrade c3 -> a1" -> "c3"; else empty.
std::string section_revision(const std::string& comment, bool upgrade) {
    const std::string marker = upgrade ? "Running upgrade " : "Running downgrade ";
    if (comment.rfind(marker, 0) != 0) return {};
    auto arrow = comment.find("->");
    if (arrow == std::string::npos) return {};
    return upgrade ? trim(std::string_view(comment).substr(arrow + 2))
                   : trim(std::string_view(comment).substr(marker.size(), arrow - marker.size()));
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// The command's standard output; its error output is kept for the message when it fails.
std::string run_shell(const std::string& command, const std::filesystem::path& directory) {
    std::string errors = (std::filesystem::temp_directory_path() / "migrate-alembic-XXXXXX").string();
    const int fd = ::mkstemp(errors.data());
    if (fd < 0) throw Error("cannot create a temporary file for the alembic command's error output");
    ::close(fd);
    struct Remove {
        std::string path;
        ~Remove() { std::remove(path.c_str()); }
    } remove{errors};
    const std::string line = "cd " + shell_quote(directory.string()) + " && " + command + " 2>" + shell_quote(errors);
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(line.c_str(), "r"), ::pclose);
    if (!pipe) throw UsageError("cannot run `" + command + "`");
    std::string out;
    char buffer[65536];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0;) out.append(buffer, n);
    const int status = ::pclose(pipe.release());
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::string err;
        try {
            err = base::read_file(errors);
        } catch (const base::UnreadableFile&) {
        }
        throw UsageError("--sql-from: `" + command + "` (in " + directory.string() + ") failed" +
                         (WIFEXITED(status) ? " with exit status " + std::to_string(WEXITSTATUS(status)) : "") +
                         (err.empty() ? std::string() : ":\n" + err));
    }
    return out;
}

} // namespace

std::map<std::string, revision::OpList> alembic_sections(std::string_view script, const std::string& version_table,
                                                        const dialect::Dialect& dialect, bool upgrade) {
    std::map<std::string, revision::OpList> sections;
    std::string current;
    for (const auto& statement : dialect::read_script(script, dialect)) {
        for (const auto& comment : statement.comments) {
            auto rev = section_revision(comment, upgrade);
            if (rev.empty()) continue;
            current = rev;
            sections[current]; // a revision whose section holds only version-table statements has no ops
        }
        if (statement.sql.empty() || dialect::is_transaction_control(statement.sql, dialect) ||
            dialect::names_table(statement.sql, version_table, dialect))
            continue;
        if (current.empty())
            throw UsageError("--sql-from: a statement before Alembic's first \"-- Running " +
                             std::string(upgrade ? "upgrade" : "downgrade") +
                             "\" comment (is this Alembic's offline output for " + std::string(dialect.name()) +
                             "?): " + statement.sql.substr(0, 200));
        ops::Sql op;
        op.sql = statement.sql;
        op.dialect = std::string(dialect.name());
        sections[current].push_back(nlohmann::json::parse(ops::op_to_json(ops::Op{op}).dump()));
    }
    return sections;
}

AlembicSections alembic_offline_sql(const std::string& command, const std::filesystem::path& directory,
                                    const std::vector<std::string>& heads, const std::string& version_table,
                                    const dialect::Dialect& dialect) {
    AlembicSections out;
    out.upgrade = alembic_sections(run_shell(command + " upgrade heads --sql", directory), version_table, dialect, true);
    // Alembic's offline downgrade takes one starting revision: one run per head, each down to
    // base. A revision below two heads is printed by both runs, the same SQL each time.
    for (const auto& head : heads)
        for (auto& [id, ops] : alembic_sections(run_shell(command + " downgrade " + head + ":base --sql", directory),
                                                version_table, dialect, false))
            out.downgrade.insert_or_assign(id, std::move(ops));
    return out;
}

} // namespace migrate::runtime
