// The target cache (see target_cache.hpp): one JSON document, {"key": ..., "target": ...}.
#include <migrate/autogen/detail/target_cache.hpp>

#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <migrate/schema/json.hpp>

namespace migrate::autogen::detail {
namespace {

constexpr std::string_view k_format = "1"; // bump when the document's shape changes

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr)) return {};
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

} // namespace

std::string target_cache_key(std::string_view sql, std::string_view dialect, const std::string& server_version,
                             const std::vector<std::string>& schemas) {
    nlohmann::json key = {{"format", k_format},      {"migrate", MIGRATE_VERSION},
                          {"sha256", sha256_hex(sql)}, {"dialect", dialect},
                          {"server", server_version}, {"schemas", schemas}};
    return key.dump();
}

std::optional<LoadedTarget> read_target_cache(const std::filesystem::path& file, const std::string& key) {
    try {
        std::ifstream in(file, std::ios::binary);
        if (!in) return std::nullopt;
        std::stringstream text;
        text << in.rdbuf();
        auto doc = nlohmann::json::parse(text.str());
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
        auto temp = file;
        temp += ".tmp" + std::to_string(getpid());
        {
            std::ofstream out(temp, std::ios::binary | std::ios::trunc);
            out << doc.dump();
            if (!out) {
                std::error_code ignored;
                std::filesystem::remove(temp, ignored);
                return;
            }
        }
        std::error_code error;
        std::filesystem::rename(temp, file, error);
        if (error) std::filesystem::remove(temp, error);
    } catch (const std::exception&) {
        // A cache that cannot be written costs the next run a load, nothing else.
    }
}

} // namespace migrate::autogen::detail
