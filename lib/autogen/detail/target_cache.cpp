// The target cache (see target_cache.hpp): one JSON document, {"key": ..., "target": ...}.
#include <migrate/autogen/detail/target_cache.hpp>

#include <nlohmann/json.hpp>

#include <migrate/base/read_file.hpp>
#include <migrate/base/sha256.hpp>
#include <migrate/base/write_file.hpp>
#include <migrate/schema/json.hpp>

namespace migrate::autogen::detail {
namespace {

constexpr std::string_view k_format = "1"; // bump when the document's shape changes

} // namespace

std::string target_cache_key(std::string_view sql, std::string_view dialect, const std::string& server_version,
                             const std::vector<std::string>& schemas) {
    nlohmann::json key = {{"format", k_format},      {"migrate", MIGRATE_VERSION},
                          {"sha256", base::sha256_hex(sql)}, {"dialect", dialect},
                          {"server", server_version}, {"schemas", schemas}};
    return key.dump();
}

std::optional<LoadedTarget> read_target_cache(const std::filesystem::path& file, const std::string& key) {
    try {
        auto doc = nlohmann::json::parse(base::read_file(file));
        if (doc.at("key").get<std::string>() != key) return std::nullopt;
        const auto& t = doc.at("target");
        LoadedTarget out;
        schema::from_json(t.at("metadata"), out.metadata);
        out.warnings = t.at("warnings").get<std::vector<std::string>>();
        out.not_modelled = t.at("not_modelled").get<dialect::NotModelled>();
        out.as_stored = t.at("as_stored").get<bool>();
        return out;
    } catch (const std::exception&) {
        return std::nullopt; // unreadable or from another shape: load the target instead
    }
}

void write_target_cache(const std::filesystem::path& file, const std::string& key, const LoadedTarget& target) {
    try {
        nlohmann::json t;
        schema::to_json(t["metadata"], target.metadata);
        t["warnings"] = target.warnings;
        t["not_modelled"] = target.not_modelled;
        t["as_stored"] = target.as_stored;
        const nlohmann::json doc = {{"key", key}, {"target", t}};
        base::replace_file(file, doc.dump()); // false: not written, and nothing left behind
    } catch (const std::exception&) {
        // A cache that cannot be written costs the next run a load, nothing else.
    }
}

} // namespace migrate::autogen::detail
