// The `migrate` binary itself: global options, help, version, exit statuses.
#include <support/test_support.hpp>

#include <catch2/catch.hpp>

using migrate::test::run_migrate;
using migrate::test::TempDir;

TEST_CASE("migrate --version prints the version and exits 0", "[cli]") {
    TempDir dir;
    auto r = run_migrate("--version", dir.path());
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("migrate ") && Catch::Contains("."));
}

TEST_CASE("migrate --help lists the global options and exits 0", "[cli]") {
    TempDir dir;
    auto r = run_migrate("--help", dir.path());
    CHECK(r.exit_code == 0);
    for (const char* option : {"--url", "--config", "--echo", "--quiet", "--version"}) CHECK_THAT(r.out, Catch::Contains(option));
}

TEST_CASE("a malformed --url exits 2 naming the URL with its password masked", "[cli]") {
    TempDir dir;
    auto r = run_migrate("--url 'mysql://bob:hunter2@db/shop' --version-of-nothing", dir.path());
    CHECK(r.exit_code == 2);
    r = run_migrate("--url 'mysql://bob:hunter2@db/shop'", dir.path());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::StartsWith("error: ") && Catch::Contains("mysql://bob:***@db/shop"));
    CHECK(r.err.find("hunter2") == std::string::npos);
    CHECK(r.out.find("hunter2") == std::string::npos);
}

TEST_CASE("an unknown option exits 2 with an error message", "[cli]") {
    TempDir dir;
    auto r = run_migrate("--no-such-option", dir.path());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("error: "));
}

TEST_CASE("no command at all prints the usage and exits 2", "[cli]") {
    TempDir dir;
    auto r = run_migrate("", dir.path());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("no command given"));
}
