// runtime/tenants.hpp through the library: [tenants] read from migrate.toml, resolved and
// selected, and fan_out's bound, stop and keep-going rules.
#include <support/test_support.hpp>

#include <migrate/base/error.hpp>
#include <migrate/runtime/config.hpp>
#include <migrate/runtime/tenants.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

using namespace migrate::runtime;
using migrate::test::TempDir;

namespace {

Config write_and_load(const TempDir& dir, const std::string& text) {
    std::ofstream(dir / "migrate.toml") << text;
    return Config::load(dir / "migrate.toml");
}

std::vector<std::string> names(const std::vector<Tenant>& tenants) {
    std::vector<std::string> out;
    for (const auto& t : tenants) out.push_back(t.name);
    return out;
}

} // namespace

TEST_CASE("tenants from a URL list, named by file or database, or by the table form", "[runtime][tenants]") {
    TempDir dir;
    auto config = write_and_load(dir, "[tenants]\nurls = [\"sqlite:///a/one.db\", \"postgresql://u:secret@h:5432/two?sslmode=disable\"]\n");
    auto tenants = resolve_tenants(config);
    REQUIRE(names(tenants) == std::vector<std::string>{"one", "two"});
    CHECK(tenants[0].config.url == "sqlite:///" + (dir.path() / "a" / "one.db").string());
    CHECK(tenants[1].config.url_source == "[tenants] two");
    CHECK(tenants[1].config.tenants.kind == TenantSource::Kind::none);

    config = write_and_load(dir, "[tenants.urls]\nacme = \"sqlite:///x.db\"\nbeta = \"sqlite:///y.db\"\n");
    CHECK(names(select_tenants(resolve_tenants(config), "a*")) == std::vector<std::string>{"acme"});
    CHECK(names(select_tenants(resolve_tenants(config), "all")).size() == 2);
    CHECK_THROWS_AS(select_tenants(resolve_tenants(config), "z*"), migrate::UsageError);

    config = write_and_load(dir, "[tenants]\nurls = [\"sqlite:///a/x.db\", \"sqlite:///b/x.db\"]\n");
    CHECK_THROWS_WITH(resolve_tenants(config), Catch::Contains("two tenants are named 'x'"));
    config = write_and_load(dir, "url = \"sqlite:///app.db\"\n[tenants]\nschemas = [\"s1\"]\n");
    CHECK_THROWS_WITH(resolve_tenants(config), Catch::Contains("schema-per-tenant needs a PostgreSQL url"));
    CHECK_THROWS_WITH(write_and_load(dir, "[tenants]\nglob = \"*.db\"\ncontrol_url = \"sqlite:///c.db\"\n"),
                      Catch::Contains("control_url is where a query runs"));
    CHECK_THROWS_WITH(write_and_load(dir, "[tenants]\nfiles = \"*.db\"\n"), Catch::Contains("tenants.files: unknown key"));
}

TEST_CASE("fan_out keeps at most N running, and stops new starts after a failure unless told to keep going",
          "[runtime][tenants]") {
    std::atomic<int> running{0}, most{0};
    auto work = [&](std::size_t i) {
        int now = ++running;
        for (int seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        --running;
        return i != 10;
    };
    auto started = fan_out(40, FanOutOptions{3, true}, work);
    CHECK(std::count(started.begin(), started.end(), true) == 40);
    CHECK(most <= 3);
    CHECK(most >= 2);

    auto stopped = fan_out(40, FanOutOptions{1, false}, work);
    CHECK(std::count(stopped.begin(), stopped.end(), true) == 11); // 0..10, none after the failure
    CHECK_FALSE(stopped[11]);

    auto bounded = fan_out(40, FanOutOptions{4, false}, work);
    const auto ran = std::count(bounded.begin(), bounded.end(), true);
    CHECK(ran >= 11);
    CHECK(ran < 20); // those running when 10 failed finish (and may take one more each); then none starts

    CHECK_THROWS_WITH(fan_out(5, FanOutOptions{2, true},
                              [](std::size_t i) -> bool {
                                  if (i == 2) throw std::runtime_error("tenant 2 broke");
                                  return true;
                              }),
                      "tenant 2 broke");
}
