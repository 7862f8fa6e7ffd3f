// The pool's URL query parameters: applied, removed before the driver sees the URL, refused by
// name when malformed.
#include <catch2/catch.hpp>

#include <migrate/db/error.hpp>
#include <migrate/db/pool_options.hpp>

using migrate::db::take_pool_parameters;

TEST_CASE("pool parameters are taken out of a URL and the driver's own parameters stay") {
    auto p = take_pool_parameters("postgresql://u:pw@h/db?sslmode=disable&pool_size=3&max_overflow=0&"
                                  "pool_timeout=2.5&pool_pre_ping=true&pool_recycle=3600&application_name=x");
    CHECK(p.url == "postgresql://u:pw@h/db?sslmode=disable&application_name=x");
    CHECK(p.options.size == 3);
    CHECK(p.options.max_overflow == 0);
    CHECK(p.options.timeout == std::chrono::milliseconds(2500));
    CHECK(p.options.pre_ping);
    CHECK(p.options.recycle == std::chrono::seconds(3600));

    CHECK(take_pool_parameters("sqlite:///app.db?pool_size=2").url == "sqlite:///app.db");
    CHECK(take_pool_parameters("sqlite:///app.db").url == "sqlite:///app.db");
    CHECK(take_pool_parameters("postgresql:///db?pool_size=2#frag").url == "postgresql:///db#frag");
    auto defaults = take_pool_parameters("sqlite://", {.size = 7});
    CHECK(defaults.options.size == 7); // what the URL does not say, the defaults give
}

TEST_CASE("a malformed pool parameter is a usage error naming it, with the password masked") {
    CHECK_THROWS_WITH(take_pool_parameters("postgresql://u:secret@h/db?pool_size=0"),
                      "invalid pool parameter pool_size=0 in 'postgresql://u:***@h/db?pool_size=0': expected an "
                      "integer >= 1");
    CHECK_THROWS_AS(take_pool_parameters("sqlite:///a.db?pool_timeout=-1"), migrate::UsageError);
    CHECK_THROWS_AS(take_pool_parameters("sqlite:///a.db?pool_pre_ping=maybe"), migrate::UsageError);
    CHECK_THROWS_AS(take_pool_parameters("sqlite:///a.db?max_overflow=1x"), migrate::UsageError);
}
