// A migrate project in a temp directory for CLI tests: migrate.toml, revision files written
// from short specs, the binary run inside it, and what the database holds afterwards.
#pragma once

#include <support/test_support.hpp>

#include <migrate/db/connection.hpp>
#include <migrate/db/error.hpp>
#include <migrate/runtime/migration_lock.hpp>

#include <algorithm>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace migrate::test {

// A table with an id and a name, optionally a FK to another such table.
inline std::string create_table_op(const std::string& table, const std::string& fk_to = "") {
    std::string op = R"({"op": "create_table", "table": ")" + table +
                     R"(", "columns": [{"name": "id", "type": "integer", "nullable": false},)"
                     R"J( {"name": "name", "type": "varchar(50)"})J";
    if (!fk_to.empty()) op += R"(, {"name": "parent_id", "type": "integer"})";
    op += R"(], "primary_key": {"columns": ["id"]})";
    if (!fk_to.empty())
        op += R"(, "foreign_keys": [{"columns": ["parent_id"], "ref_table": ")" + fk_to + R"(", "ref_columns": ["id"]}])";
    return op + "}";
}
inline std::string drop_table_op(const std::string& table) {
    return R"({"op": "drop_table", "table": ")" + table + R"("})";
}

struct RevisionSpec {
    std::string id;
    std::vector<std::string> down; // empty: a base
    std::string upgrade = "[]";    // JSON array text
    std::string downgrade = "[]";
    std::vector<std::string> labels = {};
    std::vector<std::string> depends_on = {};
    std::string message = "";
};

inline std::string json_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", \"" : "\"") + items[i] + "\"";
    return out + "]";
}

class Project {
public:
    // `url` empty: a SQLite file app.db in the project.
    explicit Project(std::string url = "") : url_(url.empty() ? "sqlite:///" + (dir_ / "app.db").string() : url) {
        std::filesystem::create_directories(dir_ / "migrations" / "versions");
        write("migrate.toml", "url = \"" + url_ + "\"\nscript_location = \"migrations\"\nlock_timeout = 20\n");
    }
    const std::filesystem::path& path() const { return dir_.path(); }
    const std::string& url() const { return url_; }

    void write(const std::string& relative, const std::string& text) const {
        std::ofstream out(dir_ / relative, std::ios::binary);
        out << text;
    }
    std::string read(const std::string& relative) const {
        std::ifstream in(dir_ / relative, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }

    void add(const RevisionSpec& r) const {
        std::string down = r.down.empty() ? "null" : r.down.size() == 1 ? "\"" + r.down[0] + "\"" : json_list(r.down);
        write("migrations/versions/" + r.id + ".json",
              "{\n  \"revision\": \"" + r.id + "\",\n  \"down_revision\": " + down +
                  ",\n  \"branch_labels\": " + json_list(r.labels) + ",\n  \"depends_on\": " + json_list(r.depends_on) +
                  ",\n  \"message\": \"" + (r.message.empty() ? "rev " + r.id : r.message) +
                  "\",\n  \"upgrade\": " + r.upgrade + ",\n  \"downgrade\": " + r.downgrade + "\n}\n");
    }
    // A linear chain r1..rN, each creating table t<i> (FK to the previous one).
    void chain(int n, const std::string& prefix = "r") const {
        for (int i = 1; i <= n; ++i) {
            std::string t = "t" + std::to_string(i);
            add({prefix + std::to_string(i), i == 1 ? std::vector<std::string>{} : std::vector<std::string>{prefix + std::to_string(i - 1)},
                 "[" + create_table_op(t, i == 1 ? "" : "t" + std::to_string(i - 1)) + "]", "[" + drop_table_op(t) + "]"});
        }
    }

    CommandResult run(const std::string& args) const { return run_migrate(args, dir_.path()); }

    std::unique_ptr<db::Connection> connect() const { return db::connect(url_); }

    // User tables (not the version/history tables, not SQLite's own), sorted.
    std::vector<std::string> tables() const {
        auto conn = connect();
        std::vector<std::string> out;
        auto rows = conn->backend() == db::Backend::sqlite
                        ? conn->query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                        : conn->query("SELECT table_name FROM information_schema.tables "
                                      "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
        for (const auto& r : rows) {
            auto name = r[0].as_text();
            if (name != "migrate_version" && name != "migrate_history") out.push_back(name);
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    bool has_table(const std::string& name) const {
        auto conn = connect();
        auto rows = conn->backend() == db::Backend::sqlite
                        ? conn->query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", {name})
                        : conn->query("SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ?", {name});
        return !rows.empty();
    }
    // The version table's rows, sorted; empty when there is no table.
    std::vector<std::string> versions() const {
        if (!has_table("migrate_version")) return {};
        auto conn = connect();
        std::vector<std::string> out;
        for (const auto& r : conn->query("SELECT version_num FROM migrate_version")) out.push_back(r[0].as_text());
        std::sort(out.begin(), out.end());
        return out;
    }
    long history_count(const std::string& direction = "") const {
        if (!has_table("migrate_history")) return 0;
        auto conn = connect();
        if (direction.empty()) return conn->query("SELECT count(*) FROM migrate_history")[0][0].as_int();
        return conn->query("SELECT count(*) FROM migrate_history WHERE direction = ?", {direction})[0][0].as_int();
    }

private:
    TempDir dir_;
    std::string url_;
};

inline std::vector<std::string> v(std::initializer_list<std::string> items) { return items; }

} // namespace migrate::test
