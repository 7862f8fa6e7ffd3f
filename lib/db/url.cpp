// URL parsing and password masking. PostgreSQL URIs are validated with libpq's own parser
// so that what we accept is exactly what PQconnectdb will accept.
#include <migrate/db/url.hpp>

#include <migrate/base/error.hpp>

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace migrate::db {

namespace {

bool starts_with_ci(const std::string& s, std::size_t at, std::string_view prefix) {
    if (s.size() - at < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(s[at + i])) != prefix[i]) return false;
    }
    return true;
}

bool ends_token(char c) {
    return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '<' || c == '>';
}

// user:secret@host -> user:***@host, for every "scheme://" in the text.
std::string mask_userinfo(const std::string& text) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
        auto sep = text.find("://", pos);
        if (sep == std::string::npos) break;
        std::size_t start = sep + 3;
        std::size_t end = start;
        while (end < text.size() && !ends_token(text[end])) ++end;
        // The userinfo ends at the last '@' before the query: a raw '@' or '/' in a
        // password must not leak the rest of it.
        std::size_t query = text.find_first_of("?#", start);
        std::size_t limit = std::min(end, query == std::string::npos ? end : query);
        std::size_t at = std::string::npos;
        for (std::size_t i = start; i < limit; ++i) {
            if (text[i] == '@') at = i;
        }
        out.append(text, pos, start - pos);
        if (at != std::string::npos) {
            std::size_t colon = text.find(':', start);
            if (colon != std::string::npos && colon < at) {
                out.append(text, start, colon + 1 - start);
                out += "***";
                out.append(text, at, limit - at);
            } else {
                out.append(text, start, limit - start);
            }
        } else {
            out.append(text, start, limit - start);
        }
        pos = limit;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

// password=secret (conninfo strings and URI query parameters), also quoted values.
std::string mask_password_params(const std::string& text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        bool boundary = i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_');
        if (boundary && starts_with_ci(text, i, "password")) {
            std::size_t j = i + 8;
            while (j < text.size() && text[j] == ' ') ++j;
            if (j < text.size() && text[j] == '=') {
                ++j;
                while (j < text.size() && text[j] == ' ') ++j;
                out.append(text, i, j - i);
                out += "***";
                if (j < text.size() && text[j] == '\'') {
                    ++j;
                    while (j < text.size() && text[j] != '\'') j += text[j] == '\\' ? 2 : 1;
                    j = std::min(j + 1, text.size());
                } else {
                    while (j < text.size() && text[j] != '&' && text[j] != '#' &&
                           !std::isspace(static_cast<unsigned char>(text[j])))
                        ++j;
                }
                i = j;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

[[noreturn]] void bad_url(const std::string& url, const std::string& why) {
    // Without a scheme mask_password cannot tell a userinfo apart: lend it one.
    std::string shown = url.find("://") == std::string::npos ? mask_password("x://" + url).substr(4)
                                                             : mask_password(url);
    throw UsageError("invalid database URL '" + shown + "': " + why);
}

// libpq only notices a bad port when it connects: check host[:port][,host[:port]] now.
void validate_ports(const std::string& url, std::size_t authority) {
    std::size_t end = url.find_first_of("/?#", authority);
    std::string hosts = url.substr(authority, end == std::string::npos ? std::string::npos : end - authority);
    if (auto at = hosts.rfind('@'); at != std::string::npos) hosts = hosts.substr(at + 1);
    std::size_t start = 0;
    while (start <= hosts.size()) {
        std::size_t comma = hosts.find(',', start);
        std::string host = hosts.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        std::size_t colon = host.rfind(':');
        if (colon != std::string::npos && host.find(']', colon) == std::string::npos) {
            std::string port = host.substr(colon + 1);
            if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos)
                bad_url(url, "invalid port '" + port + "'");
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
}

void validate_conninfo(const std::string& url) {
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
    if (opts) {
        PQconninfoFree(opts);
        return;
    }
    std::string why = err ? err : "not a valid PostgreSQL connection URI";
    if (err) PQfreemem(err);
    while (!why.empty() && std::isspace(static_cast<unsigned char>(why.back()))) why.pop_back();
    bad_url(url, mask_password(why));
}

} // namespace

std::string mask_password(const std::string& text) { return mask_password_params(mask_userinfo(text)); }

std::string Url::masked() const { return mask_password(original); }

Url parse_url(const std::string& url) {
    auto sep = url.find("://");
    if (url.empty()) bad_url(url, "empty URL (expected sqlite:///file.db or postgresql://user@host/db)");
    if (sep == std::string::npos)
        bad_url(url, "no scheme (expected sqlite:///file.db or postgresql://user@host/db)");
    std::string scheme = url.substr(0, sep);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });

    Url out{Backend::sqlite, url, {}, {}};
    if (scheme == "sqlite" || scheme == "sqlite3") {
        std::string rest = url.substr(sep + 3);
        if (rest.empty()) {
            out.sqlite_path = ":memory:";
            return out;
        }
        if (rest[0] != '/')
            bad_url(url, "a sqlite URL has no host: use sqlite:///relative.db or sqlite:////absolute.db");
        if (rest.find_first_of("?#") != std::string::npos)
            bad_url(url, "sqlite URLs take no query parameters");
        std::string path = rest.substr(1);
        out.sqlite_path = path.empty() ? ":memory:" : path;
        return out;
    }
    if (scheme == "postgresql" || scheme == "postgres") {
        validate_conninfo(url);
        validate_ports(url, sep + 3);
        out.backend = Backend::postgresql;
        out.conninfo = url;
        return out;
    }
    bad_url(url, "unknown scheme '" + scheme + "' (expected sqlite or postgresql)");
}

} // namespace migrate::db
