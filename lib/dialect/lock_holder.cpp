#include <migrate/dialect/lock_holder.hpp>

#include <migrate/db/url.hpp>

namespace migrate::dialect {

namespace {

constexpr std::size_t k_query_shown = 120; // characters of the holder's query in a message

// A bigint advisory key is stored as two oids (high and low 32 bits) with objsubid 1.
constexpr const char* k_pg_holder =
    "SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), ''),"
    " floor(extract(epoch FROM clock_timestamp() - a.backend_start))::bigint,"
    " coalesce(a.state, ''), floor(extract(epoch FROM clock_timestamp() - a.state_change))::bigint,"
    " coalesce(a.query, '')"
    " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
    " AND l.classid::bigint = ? AND l.objid::bigint = ?"
    " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    " ORDER BY a.backend_start LIMIT 1";

std::string one_line(std::string text) {
    for (auto& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    std::string out;
    for (char c : text)
        if (!(c == ' ' && !out.empty() && out.back() == ' ')) out += c;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.size() > k_query_shown) out = out.substr(0, k_query_shown) + "...";
    return out;
}

std::optional<std::string> postgresql_holder(db::Connection& conn, std::int64_t key) {
    const auto bits = static_cast<std::uint64_t>(key);
    auto rows = conn.query(k_pg_holder, {static_cast<std::int64_t>(bits >> 32),
                                         static_cast<std::int64_t>(bits & 0xffffffffULL)});
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    std::string client = r[2].as_text().empty() ? "local socket" : "client " + r[2].as_text();
    std::string out = "pid " + std::to_string(r[0].as_int()) + " (application \"" + r[1].as_text() + "\", " + client +
                      ", connected " + std::to_string(r[3].as_int()) + "s ago)";
    const std::string state = r[4].as_text();
    if (state.empty()) return out; // another role's session: the server shows no more
    out += ", " + state + " for " + std::to_string(r[5].is_null() ? 0 : r[5].as_int()) + "s";
    const std::string query = one_line(db::mask_password(r[6].as_text()));
    if (!query.empty()) out += (state == "active" ? ": " : ", last query: ") + query;
    return out;
}

} // namespace

std::optional<std::string> lock_holder(db::Connection& conn, std::int64_t advisory_key) {
    switch (conn.backend()) {
    case db::Backend::sqlite: return std::string("another process that is migrating or writing to the database");
    case db::Backend::postgresql: return postgresql_holder(conn, advisory_key);
    }
    return std::nullopt;
}

} // namespace migrate::dialect
