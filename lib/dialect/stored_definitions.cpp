// stored_definitions() and reflect_definitions() (see stored_definitions.hpp).
#include <migrate/dialect/stored_definitions.hpp>

#include <algorithm>

#include <migrate/base/error.hpp>
#include <migrate/dialect/dialect.hpp>

namespace migrate::dialect {
namespace {

// A definition is "<rank> <type> <name>\n<sql>": sorting puts tables before what refers to them.
int rank(const std::string& type) { return type == "table" ? 0 : type == "index" ? 1 : type == "view" ? 2 : 3; }

} // namespace

std::optional<std::vector<std::string>> stored_definitions(db::Connection& conn, const ReflectOptions& options) {
    if (conn.backend() != db::Backend::sqlite) return std::nullopt;
    auto rows = conn.query("SELECT type, name, tbl_name, sql FROM sqlite_schema "
                           "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
    std::vector<std::string> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
        const auto owner = r[2].as_text();
        if (std::find(options.exclude_tables.begin(), options.exclude_tables.end(), owner) !=
            options.exclude_tables.end())
            continue;
        const auto type = r[0].as_text();
        out.push_back(std::to_string(rank(type)) + " " + type + " " + r[1].as_text() + "\n" + r[3].as_text());
    }
    std::sort(out.begin(), out.end());
    return out;
}

schema::MetaData reflect_definitions(db::Backend backend, const std::vector<std::string>& definitions,
                                     const ReflectOptions& options, NotModelled* not_modelled) {
    auto url = dialect_for(backend).in_memory_url();
    if (!url) throw NotSupported("the " + std::string(dialect_for(backend).name()) +
                                 " dialect keeps no schema definitions to rebuild from");
    auto conn = db::connect(*url);
    for (const auto& d : definitions) conn->execute_script(d.substr(d.find('\n') + 1));
    return reflect(*conn, options, not_modelled);
}

} // namespace migrate::dialect
