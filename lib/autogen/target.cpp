// Loading target schemas (see target.hpp).
#include <migrate/autogen/target.hpp>

#include <map>

#include <migrate/autogen/detail/sql_script.hpp>
#include <migrate/autogen/detail/target_cache.hpp>
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

// Runs the file as one script in one transaction: one round trip. When that fails it is rolled
// back and the statements run one by one, as they would in psql, so that the error names the
// failing statement's line (and a file that needs statements outside a transaction, an enum
// value added and then used, still loads). Returns the uncovered kinds.
std::map<std::string, int> apply_script(db::Connection& conn, const std::string& sql, const std::string& source) {
    std::map<std::string, int> kinds;
    std::vector<detail::ScriptStatement> statements;
    std::string script;
    for (auto& st : detail::split_script(sql)) {
        std::string kind;
        if (detail::classify(st.text, kind) == detail::StatementUse::skip) continue;
        if (!kind.empty()) ++kinds[kind];
        script += st.text + "\n;\n"; // own line: the statement may end in a -- comment
        statements.push_back(std::move(st));
    }
    try {
        db::Transaction tx(conn);
        conn.execute_script(script);
        tx.commit();
        return kinds;
    } catch (const DatabaseError&) {
        // Rolled back by the guard: found again, with its line, below.
    }
    for (const auto& st : statements) {
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
    const auto& dialect =
        dialect::dialect_for(db::parse_url(options.live_url.empty() ? std::string("sqlite://") : options.live_url).backend);
    LoadedTarget out;
    out.as_stored = true;
    auto load = [&](db::Connection& conn, bool reset_search_path) {
        out.not_modelled = apply_script(conn, sql, source);
        if (reset_search_path) conn.execute_script("RESET search_path");
        out.metadata = read_back(conn, options, out.not_modelled);
        out.warnings = detail::not_compared_warning(out.not_modelled, source);
    };
    // The model read back is cached under the server that reads it; no version, no cache.
    std::string key;
    auto cached = [&](const std::string& server_version) {
        if (options.cache_file.empty() || server_version.empty()) return false;
        key = detail::target_cache_key(sql, dialect.name(), server_version, options.schemas);
        auto hit = detail::read_target_cache(options.cache_file, key);
        if (hit) out = std::move(*hit);
        return hit.has_value();
    };
    auto keep = [&] {
        if (!key.empty()) detail::write_target_cache(options.cache_file, key, out);
        return out;
    };

    // Where the dialect has private in-memory databases (SQLite), the file is loaded into one.
    if (auto memory = dialect.in_memory_url()) {
        if (cached(options.server_version)) return out;
        auto conn = db::connect(*memory);
        load(*conn, false);
        return keep();
    }
    if (!options.dev_url.empty()) {
        auto conn = db::connect(options.dev_url);
        if (cached(conn->server_version())) return out;
        {
            db::Transaction tx(*conn); // rolled back: the dev database is left as it was
            load(*conn, true);
        }
        return keep();
    }
    if (cached(options.server_version)) return out;
    ScratchDatabase scratch(options.live_url);
    {
        auto conn = db::connect(scratch.url());
        load(*conn, true);
    }
    scratch.drop_without_waiting(); // the answer is known: nobody waits for the files to go
    return keep();
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
