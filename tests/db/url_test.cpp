// URL parsing and password masking, no database.
#include <migrate/db/error.hpp>
#include <migrate/db/url.hpp>

#include <catch2/catch.hpp>

using migrate::db::Backend;
using migrate::db::mask_password;
using migrate::db::parse_url;

TEST_CASE("sqlite URLs give relative, absolute and in-memory paths") {
    CHECK(parse_url("sqlite:///app.db").sqlite_path == "app.db");
    CHECK(parse_url("sqlite:///sub/app.db").sqlite_path == "sub/app.db");
    CHECK(parse_url("sqlite:////var/lib/app.db").sqlite_path == "/var/lib/app.db");
    CHECK(parse_url("sqlite://").is_memory());
    CHECK(parse_url("sqlite:///:memory:").is_memory());
    CHECK(parse_url("sqlite:///app.db").backend == Backend::sqlite);
}

TEST_CASE("postgresql and postgres URLs are handed to libpq as they are") {
    auto url = parse_url("postgresql://bob:secret@db.example:5433/shop?sslmode=disable");
    CHECK(url.backend == Backend::postgresql);
    CHECK(url.conninfo == "postgresql://bob:secret@db.example:5433/shop?sslmode=disable");
    CHECK(parse_url("postgres://localhost/shop").backend == Backend::postgresql);
}

TEST_CASE("a bad URL is a usage error naming the URL with its password masked") {
    for (const char* bad : {"mysql://bob:hunter2@h/db", "bob:hunter2@h/db", "", "sqlite://host/app.db",
                            "postgresql://bob:hunter2@h:notaport/db", "postgresql://h/db?nosuchparam=1&password=hunter2"}) {
        INFO(bad);
        try {
            parse_url(bad);
            FAIL("no UsageError");
        } catch (const migrate::UsageError& e) {
            std::string what = e.what();
            CHECK(what.find("hunter2") == std::string::npos);
            if (std::string(bad).find("hunter2") != std::string::npos) CHECK(what.find("***") != std::string::npos);
        }
    }
}

TEST_CASE("passwords are masked in URLs, query parameters and conninfo strings") {
    CHECK(mask_password("postgresql://bob:secret@h/db") == "postgresql://bob:***@h/db");
    CHECK(mask_password("postgresql://bob@h/db") == "postgresql://bob@h/db");
    CHECK(mask_password("see postgres://a:b@c:1/d and postgres://e:f@g/h") ==
          "see postgres://a:***@c:1/d and postgres://e:***@g/h");
    CHECK(mask_password("postgresql://h/db?user=bob&password=secret&sslmode=require") ==
          "postgresql://h/db?user=bob&password=***&sslmode=require");
    CHECK(mask_password("host=h password='se cret' dbname=x") == "host=h password=*** dbname=x");
    // A raw '@' or '/' in a password must not leak what follows it.
    CHECK(mask_password("postgresql://bob:p@ss/w@h/db") == "postgresql://bob:***@h/db");
    CHECK(mask_password("no secrets here") == "no secrets here");
    CHECK(mask_password("sqlite:///app.db") == "sqlite:///app.db");
}
