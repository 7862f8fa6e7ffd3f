// The tutorial models' MetaData equals the schema the migrations/ chain creates (model == DDL),
// read back by reflection after `upgrade head`, on both dialects.
#include <catch2/catch.hpp>

#include <migrate/dialect/dialect.hpp>
#include <migrate/dialect/reflect.hpp>
#include <migrate/runtime/migrate.hpp>
#include <migrate/schema/print.hpp>
#include <migrate/tutorial/metadata.hpp>
#include <support/test_support.hpp>

namespace {

void check_models_match(const std::string& url) {
    auto config = migrate::Config::defaults(std::filesystem::path(MIGRATE_SOURCE_DIR));
    config.set_url_from_command_line(url);
    config.script_location = std::filesystem::path(MIGRATE_SOURCE_DIR) / "migrations";
    migrate::Migrator migrator(config);
    migrator.upgrade("head");
    auto reflected = migrate::dialect::reflect(migrator.connection());
    const auto& dialect = migrate::dialect::dialect_for(migrator.connection().backend());
    auto model = dialect.normalise(migrate::tutorial::metadata());
    std::sort(model.tables.begin(), model.tables.end(), [](auto& a, auto& b) { return a.name < b.name; });
    REQUIRE(reflected.tables.size() == model.tables.size());
    for (std::size_t i = 0; i < model.tables.size(); ++i) {
        INFO("table " << model.tables[i].name);
        CHECK(reflected.tables[i] == model.tables[i]);
    }
    CHECK(reflected == model);
}

} // namespace

TEST_CASE("the tutorial models equal the schema the migrations create (sqlite)", "[sqlite]") {
    migrate::test::TempDir dir;
    check_models_match("sqlite:///" + (dir / "bookshop.db").string());
}

TEST_CASE("the tutorial models equal the schema the migrations create (postgres)", "[postgres]") {
    auto server = migrate::test::pg_url();
    if (!server) return;
    migrate::test::PgDatabase db(*server);
    check_models_match(db.url());
}
