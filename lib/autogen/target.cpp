// Loading target schemas (see target.hpp).
#include <migrate/autogen/target.hpp>

#include <map>

#include <migrate/autogen/detail/sql_script.hpp>
#include <migrate/autogen/scratch_database.hpp>
#include <migrate/db/connection.hpp>
#include <migrate/base/error.hpp>
#include <migrate/base/read_file.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/dialect/reflect.hpp>
#include <migrate/schema/json.hpp>

namespace migrate::autogen {
namespace {

std::string read_file(const std::filesystem::path& file) {
    try {
        return base::read_file(file);
    } catch (const base::UnreadableFile& e) {
        throw UsageError("target " + file.string() + ": cannot read the file (" + e.reason() + ")");
    }
}

// Runs the statements one by one so a failure names its line; returns the uncovered kinds.
std::map<std::string, int> apply_script(db::Connection& conn, const std::string& sql, const std::string& source) {
    std::map<std::string, int> kinds;
    for (const auto& st : detail::split_script(sql)) {
        std::string kind;
        if (detail::classify(st.text, kind) == detail::StatementUse::skip) continue;
        if (!kind.empty()) ++kinds[kind];
        try {
            conn.execute_script(st.text);
        } catch (const DatabaseError& e) {
            // SQL the scratch database refuses is a bad target (bad input); a failing server is not.
            std::string where = source + ":" + std::to_string(st.line) + ": ";
            if (db::is_statement_error(e)) throw UsageError("target " + where + e.what());
            throw DatabaseError(where + e.what(), e.code(), e.statement(), e.sqlite_code());
        }
    }
    return kinds;
}

// What the reader met outside the model joins `kinds` (the statements' count), the larger
// count of a kind both saw winning: a materialized view is counted by both.
schema::MetaData read_back(db::Connection& conn, const TargetOptions& options, dialect::NotModelled& kinds) {
    dialect::ReflectOptions ro;
    ro.schemas = options.schemas;
    if (ro.schemas.empty()) ro.schemas = {dialect::dialect_for(conn.backend()).default_schema()};
    dialect::NotModelled met;
    auto metadata = dialect::reflect(conn, ro, &met);
    detail::merge_kinds(kinds, met);
    return metadata;
}

} // namespace

LoadedTarget load_sql_target(const std::string& sql, const std::string& source, const TargetOptions& options) {
    db::Url live = db::parse_url(options.live_url.empty() ? std::string("sqlite://") : options.live_url);
    LoadedTarget out;
    out.as_stored = true;
    auto load = [&](db::Connection& conn, bool reset_search_path) {
        out.not_modelled = apply_script(conn, sql, source);
        if (reset_search_path) conn.execute_script("RESET search_path");
        out.metadata = read_back(conn, options, out.not_modelled);
        out.warnings = detail::not_compared_warning(out.not_modelled, source);
    };
    // Where the dialect has private in-memory databases (SQLite), the file is loaded into one.
    if (auto memory = dialect::dialect_for(live.backend).in_memory_url()) {
        auto conn = db::connect(*memory);
        load(*conn, false);
        return out;
    }
    if (!options.dev_url.empty()) {
        auto conn = db::connect(options.dev_url);
        db::Transaction tx(*conn); // rolled back: the dev database is left as it was
        load(*conn, true);
        return out;
    }
    ScratchDatabase scratch(options.live_url);
    {
        auto conn = db::connect(scratch.url());
        load(*conn, true);
    }
    return out;
}

LoadedTarget load_target(const std::filesystem::path& file, const TargetOptions& options) {
    auto ext = file.extension().string();
    if (ext == ".sql") return load_sql_target(read_file(file), file.filename().string(), options);
    if (ext == ".json") {
        try {
            return {schema::metadata_from_json_text(read_file(file)), {}};
        } catch (const schema::JsonFieldError& e) {
            throw UsageError("target " + file.string() + ": " + e.what());
        }
    }
    throw UsageError("target " + file.string() + ": expected a .sql or .json file");
}

} // namespace migrate::autogen
