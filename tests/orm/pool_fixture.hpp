// Pool tests run one body on a real SQLite file and on the real PostgreSQL server, with the
// pool's knobs in the URL's query parameters (as a user sets them).
#pragma once

#include "fixture.hpp"

#include <functional>
#include <memory>
#include <string>

namespace pool_test {

inline std::string with_parameters(const std::string& url, const std::string& parameters) {
    if (parameters.empty()) return url;
    return url + (url.find('?') == std::string::npos ? "?" : "&") + parameters;
}

// Calls body(url_with_parameters, backend) for a fresh database whose tutorial tables exist.
using Body = std::function<void(const std::string& url)>;

inline void on_sqlite_file(const Body& body) {
    migrate::test::TempDir dir;
    std::string url = "sqlite:///" + (dir / "pool.db").string();
    orm_test::create_schema(*std::make_unique<migrate::orm::Engine>(url));
    body(url);
}

inline void on_postgres(const Body& body) {
    auto server = migrate::test::pg_url();
    if (!server) return;
    migrate::test::PgDatabase db(*server);
    orm_test::create_schema(*std::make_unique<migrate::orm::Engine>(db.url()));
    body(db.url());
}

} // namespace pool_test

// One test body on both: "<name> (sqlite file)" [sqlite] and "<name> (postgres)" [postgres].
#define POOL_TEST_BOTH(name, body)                                                                 \
    TEST_CASE(name " (sqlite file)", "[sqlite]") { pool_test::on_sqlite_file(body); }              \
    TEST_CASE(name " (postgres)", "[postgres]") { pool_test::on_postgres(body); }
