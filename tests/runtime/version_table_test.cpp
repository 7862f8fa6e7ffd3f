// The version and history tables: DDL on both dialects, head moves as SQL, reading back.
#include <support/test_support.hpp>

#include <migrate/db/connection.hpp>
#include <migrate/runtime/version_table.hpp>

#include <catch2/catch.hpp>

using migrate::runtime::VersionTable;

TEST_CASE("moving one head to another is one UPDATE, while merges and branch points delete and insert") {
    VersionTable t(migrate::db::Backend::sqlite, "migrate_version", "migrate_history");
    CHECK(t.move_heads({"a"}, {"b"}) ==
          std::vector<std::string>{R"(UPDATE "migrate_version" SET version_num = 'b' WHERE version_num = 'a')"});
    CHECK(t.move_heads({}, {"a"}) == std::vector<std::string>{R"(INSERT INTO "migrate_version" (version_num) VALUES ('a'))"});
    CHECK(t.move_heads({"a", "b"}, {"m"}) ==
          std::vector<std::string>{R"(DELETE FROM "migrate_version" WHERE version_num = 'a')",
                                   R"(DELETE FROM "migrate_version" WHERE version_num = 'b')",
                                   R"(INSERT INTO "migrate_version" (version_num) VALUES ('m'))"});
    CHECK(t.move_heads({"a", "x"}, {"b", "x"}).size() == 1);
    CHECK(t.move_heads({"a"}, {"a"}).empty());
    VersionTable odd(migrate::db::Backend::sqlite, "we\"ird", "h");
    CHECK(odd.move_heads({}, {"it's"}) == std::vector<std::string>{R"(INSERT INTO "we""ird" (version_num) VALUES ('it''s'))"});
}

namespace {

void round_trip(const std::string& url) {
    auto conn = migrate::db::connect(url);
    VersionTable t(conn->backend(), "migrate_version", "migrate_history");
    CHECK_FALSE(t.exists(*conn));
    CHECK(t.heads(*conn).empty());
    CHECK(t.history(*conn).empty());
    t.ensure(*conn);
    t.ensure(*conn); // idempotent
    CHECK(t.exists(*conn));
    const std::string long_id(200, 'f'); // far beyond Alembic's 32 characters
    for (const auto& s : t.move_heads({}, {long_id, "b"})) conn->execute(s);
    conn->execute(t.record(long_id, "upgrade", 12, std::string(64, 'a')));
    conn->execute(t.record("b", "stamp", std::nullopt, ""));
    CHECK(t.heads(*conn) == std::vector<std::string>{"b", long_id});
    auto h = t.history(*conn);
    REQUIRE(h.size() == 2);
    CHECK(h[0].revision == long_id);
    CHECK(h[0].direction == "upgrade");
    CHECK(h[0].duration_ms == 12);
    CHECK(h[0].checksum == std::string(64, 'a'));
    CHECK_FALSE(h[0].applied_at.empty());
    CHECK(h[1].direction == "stamp");
    CHECK_FALSE(h[1].duration_ms);
    // One row per head: the same head twice is refused.
    CHECK_THROWS(conn->execute(t.move_heads({}, {"b"}).at(0)));
}

} // namespace

TEST_CASE("the version table holds long ids, one row per head, and the history reads back on SQLite", "[sqlite]") {
    migrate::test::TempDir dir;
    round_trip("sqlite:///" + (dir / "v.db").string());
}

TEST_CASE("the version table holds long ids, one row per head, and the history reads back on PostgreSQL",
          "[postgres]") {
    auto server = migrate::test::pg_url();
    if (!server) return;
    migrate::test::PgDatabase db(*server);
    round_trip(db.url());
}
