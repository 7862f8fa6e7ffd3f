// Loading a .sql target fast: one script in one transaction (statement by statement when that
// is refused), and the model read back cached by text, dialect, server version and schemas.
#include "autogen_support.hpp"

#include <fstream>

#include <migrate/autogen/detail/target_cache.hpp>
#include <migrate/db/error.hpp>
#include <support/test_support.hpp>

using namespace migrate;
using namespace migrate::test;

namespace {

const std::string k_sql = "CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL);\n";

autogen::TargetOptions cached_options(const TempDir& dir, const std::string& live_url) {
    autogen::TargetOptions o;
    o.live_url = live_url;
    o.cache_file = dir / ".migrate-cache-target";
    o.server_version = "test server 1";
    return o;
}

} // namespace

TEST_CASE("the target cache answers for the same text, dialect, server version and schemas only", "[sqlite]") {
    TempDir dir;
    auto o = cached_options(dir, "sqlite://");
    auto loaded = autogen::load_sql_target(k_sql, "t.sql", o);
    REQUIRE(loaded.metadata.table("t"));
    REQUIRE(std::filesystem::exists(o.cache_file));

    // What the cache holds is what a hit returns: plant a different model under the same key.
    autogen::LoadedTarget planted = loaded;
    planted.metadata.tables.front().name = "from_cache";
    autogen::detail::write_target_cache(o.cache_file,
                                        autogen::detail::target_cache_key(k_sql, "sqlite", o.server_version, o.schemas),
                                        planted);
    CHECK(autogen::load_sql_target(k_sql, "t.sql", o).metadata.table("from_cache"));

    auto other_server = o;
    other_server.server_version = "test server 2";
    CHECK(autogen::load_sql_target(k_sql, "t.sql", other_server).metadata.table("t"));
    autogen::detail::write_target_cache(o.cache_file,
                                        autogen::detail::target_cache_key(k_sql, "sqlite", o.server_version, o.schemas),
                                        planted);
    auto other_schemas = o;
    other_schemas.schemas = {"public", "billing"};
    CHECK(autogen::load_sql_target(k_sql, "t.sql", other_schemas).metadata.table("t"));
    CHECK(autogen::load_sql_target(k_sql + "CREATE TABLE u (id integer);\n", "t.sql", o).metadata.table("u"));

    // Broken SQL is never answered from the cache of another text: it is a bad target.
    CHECK_THROWS_AS(autogen::load_sql_target("CREATE TABLE (;", "t.sql", o), UsageError);

    std::ofstream(o.cache_file, std::ios::trunc) << "{ not json";
    CHECK(autogen::load_sql_target(k_sql, "t.sql", o).metadata.table("t"));
    auto no_cache = o;
    no_cache.cache_file = dir / "missing-dir" / "cache"; // unwritable: skipped, no error
    CHECK(autogen::load_sql_target(k_sql, "t.sql", no_cache).metadata.table("t"));
}

TEST_CASE("a cached .sql target is read back with no server at all", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    TempDir dir;
    std::ifstream in(std::string(MIGRATE_SOURCE_DIR) + "/tests/autogen/data/hand_written_pg.sql");
    std::string sql{std::istreambuf_iterator<char>(in), {}};
    REQUIRE(!sql.empty());
    auto o = cached_options(dir, *url);
    const auto before = scratch_databases(*url);
    auto loaded = autogen::load_sql_target(sql, "hand_written_pg.sql", o);
    CHECK(loaded.metadata.tables.size() > 10);

    // A server that cannot be reached: only the cache can answer.
    auto unreachable = o;
    unreachable.live_url = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2";
    auto cached = autogen::load_sql_target(sql, "hand_written_pg.sql", unreachable);
    CHECK(cached.metadata == loaded.metadata);
    CHECK(cached.warnings == loaded.warnings);
    CHECK(cached.not_modelled == loaded.not_modelled);
    CHECK(cached.as_stored);
    CHECK_THROWS_AS(autogen::load_sql_target(sql + "\nCREATE TABLE extra (id integer);", "x.sql", unreachable),
                    DatabaseError);
    // The scratch database's drop was sent without waiting; it is gone all the same.
    CHECK(scratch_databases_left(*url, before).empty());
}

TEST_CASE("a .sql target that one transaction refuses loads statement by statement", "[postgres]") {
    auto url = pg_url();
    if (!url) return;
    autogen::TargetOptions o;
    o.live_url = *url;
    // A new enum value cannot be used in the transaction that added it.
    auto loaded = autogen::load_sql_target("CREATE TYPE mood AS ENUM ('sad');\n"
                                           "ALTER TYPE mood ADD VALUE 'happy';\n"
                                           "CREATE TABLE people (id integer, m mood DEFAULT 'happy');\n",
                                           "moods.sql", o);
    REQUIRE(loaded.metadata.table("people"));
    REQUIRE(loaded.metadata.enums.size() == 1);
    CHECK(loaded.metadata.enums[0].values.size() == 2);
}
