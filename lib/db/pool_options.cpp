// The pool's URL query parameters: parsed, checked and removed before the driver sees the URL.
#include <migrate/db/pool_options.hpp>

#include <migrate/db/error.hpp>
#include <migrate/db/url.hpp>

#include <charconv>
#include <cmath>
#include <vector>

namespace migrate::db {

namespace {

[[noreturn]] void bad_parameter(const std::string& url, const std::string& key, const std::string& value,
                                const std::string& expected) {
    throw UsageError("invalid pool parameter " + key + "=" + value + " in '" + mask_password(url) + "': expected " +
                     expected);
}

long long integer(const std::string& url, const std::string& key, const std::string& value, long long min) {
    long long n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < min)
        bad_parameter(url, key, value, "an integer >= " + std::to_string(min));
    return n;
}

bool boolean(const std::string& url, const std::string& key, const std::string& value) {
    if (value == "true" || value == "1" || value == "yes" || value == "on") return true;
    if (value == "false" || value == "0" || value == "no" || value == "off") return false;
    bad_parameter(url, key, value, "true or false");
}

std::chrono::milliseconds seconds(const std::string& url, const std::string& key, const std::string& value) {
    double s = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), s);
    if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(s) || s < 0)
        bad_parameter(url, key, value, "a number of seconds >= 0");
    return std::chrono::milliseconds(static_cast<long long>(std::llround(s * 1000)));
}

// Applies one parameter; false when it is not the pool's.
bool apply(const std::string& url, const std::string& key, const std::string& value, PoolOptions& o) {
    if (key == "pool_size") o.size = static_cast<std::size_t>(integer(url, key, value, 1));
    else if (key == "max_overflow") o.max_overflow = static_cast<std::size_t>(integer(url, key, value, 0));
    else if (key == "pool_timeout") o.timeout = seconds(url, key, value);
    else if (key == "pool_pre_ping") o.pre_ping = boolean(url, key, value);
    else if (key == "pool_recycle") o.recycle = std::chrono::seconds(integer(url, key, value, -1));
    else return false;
    return true;
}

} // namespace

PoolUrl take_pool_parameters(const std::string& url, PoolOptions defaults) {
    PoolUrl out{url, defaults};
    std::size_t query = url.find('?', url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
    if (query == std::string::npos) return out;
    std::size_t fragment = url.find('#', query);
    std::size_t end = fragment == std::string::npos ? url.size() : fragment;
    std::vector<std::string> kept;
    for (std::size_t at = query + 1; at <= end;) {
        std::size_t amp = url.find('&', at);
        if (amp == std::string::npos || amp > end) amp = end;
        std::string pair = url.substr(at, amp - at);
        std::size_t eq = pair.find('=');
        std::string key = pair.substr(0, eq);
        std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
        if (!pair.empty() && !apply(url, key, value, out.options)) kept.push_back(pair);
        at = amp + 1;
    }
    out.url = url.substr(0, query);
    for (std::size_t i = 0; i < kept.size(); ++i) out.url += (i ? "&" : "?") + kept[i];
    out.url += url.substr(end);
    return out;
}

} // namespace migrate::db
