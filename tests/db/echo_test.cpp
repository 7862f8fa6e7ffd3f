// Echo: statements, parameters and durations on stderr, with passwords masked.
#include "db_fixtures.hpp"

#include <catch2/catch.hpp>

#include <iostream>
#include <sstream>

using namespace migrate;
using db::Value;

namespace {

// Captures std::cerr for the lifetime of the object.
class CaptureStderr {
public:
    CaptureStderr() : old_(std::cerr.rdbuf(buffer_.rdbuf())) {}
    ~CaptureStderr() { std::cerr.rdbuf(old_); }
    std::string text() const { return buffer_.str(); }

private:
    std::ostringstream buffer_;
    std::streambuf* old_;
};

void check_echo(db::Connection& conn) {
    conn.execute_script("CREATE TABLE secrets (url text)");
    CaptureStderr capture;
    conn.set_echo(true);
    conn.execute("INSERT INTO secrets VALUES (?)", {Value("postgresql://bob:hunter2@db/prod")});
    conn.query("SELECT url FROM secrets WHERE url <> ?", {Value("password=hunter2")});
    conn.set_echo(false);
    conn.query("SELECT 'not echoed'");
    std::string out = capture.text();
    CHECK_THAT(out, Catch::Contains("INSERT INTO secrets VALUES (?)"));
    CHECK_THAT(out, Catch::Contains("'postgresql://bob:***@db/prod'"));
    CHECK_THAT(out, Catch::Contains(" ms"));
    CHECK(out.find("hunter2") == std::string::npos);
    CHECK(out.find("not echoed") == std::string::npos);
}

} // namespace

TEST_CASE("echo prints statements, masked parameters and durations on SQLite", "[sqlite]") {
    db::ConnectOptions options;
    options.echo = true;
    CaptureStderr capture;
    auto conn = db::connect("sqlite://", options);
    CHECK(conn->echo());
    conn->set_echo(false);
    check_echo(*conn);
}

TEST_CASE("echo prints statements, masked parameters and durations on PostgreSQL", "[postgres]") {
    test::PgDb db;
    if (!db.conn) return;
    check_echo(*db.conn);
}
