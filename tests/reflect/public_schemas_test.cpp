// Reflection of schemas in the style of public sample databases (tests/support/public_schemas.hpp):
// what the model describes is read field by field, what it does not is left out, never misread.
#include "round_trip.hpp"

#include <support/public_schemas.hpp>

using namespace migrate;

namespace {

const schema::Table& table_named(const schema::MetaData& md, const std::string& name) {
    const auto* t = md.table(name);
    INFO("table " << name);
    REQUIRE(t);
    return *t;
}

const schema::Column& column_named(const schema::Table& t, const std::string& name) {
    const auto* c = t.column(name);
    INFO("column " << t.name << "." << name);
    REQUIRE(c);
    return *c;
}

std::vector<std::string> table_names(const schema::MetaData& md) {
    std::vector<std::string> out;
    for (const auto& t : md.tables) out.push_back(t.name);
    return out;
}

} // namespace

TEST_CASE("postgres reflection of a pagila-like schema reads what the model describes and nothing else", "[postgres]") {
    auto url = test::pg_url();
    if (!url) return;
    auto db = test::ScratchDatabase::postgresql(*url);
    db->conn().execute_script(test::k_pagila_like);
    db->conn().reset_counters();
    dialect::NotModelled not_modelled;
    auto md = dialect::reflect(db->conn(), {}, &not_modelled);
    CHECK(db->conn().statements_executed() == 7); // still a constant number of queries
    CHECK(not_modelled == dialect::NotModelled{{"exclusion constraints", 1}, {"materialized views", 1},
                                               {"partitioning", 3}, {"table inheritance", 1}});

    // Partitions are not tables of their own, nor is the materialized view.
    CHECK(table_names(md) == std::vector<std::string>{"film", "language", "manager", "payment", "staff", "store_booking"});
    REQUIRE(md.views.size() == 1);
    CHECK(md.views[0].name == "film_titles");
    REQUIRE(md.enums.size() == 1);
    CHECK(md.enums[0].name == "mpaa_rating");

    const auto& film = table_named(md, "film");
    CHECK(column_named(film, "release_year").type == schema::Type{"year", {}}); // the domain's name
    CHECK_FALSE(column_named(film, "release_year").server_default);
    CHECK(column_named(film, "rating").server_default == "'G'");
    CHECK(column_named(film, "special_features").type == schema::Type::parse("text[]"));
    const auto& weekly = column_named(film, "weekly_rentals");
    CHECK(weekly.type == schema::Type::parse("integer[]"));
    CHECK(weekly.server_default == "'{}'");
    CHECK_FALSE(weekly.nullable);

    const auto& cost = column_named(film, "rental_cost");
    CHECK(cost.generated == "rental_rate * (rental_duration)::numeric");
    CHECK(cost.generated_stored);
    CHECK_FALSE(cost.server_default); // an expression, not a default
    CHECK(cost.type == schema::Type{"numeric", {}});
    const auto& fulltext = column_named(film, "fulltext");
    CHECK(fulltext.generated == "to_tsvector('english'::regconfig, title)");
    CHECK(fulltext.generated_stored);
    CHECK_FALSE(fulltext.nullable);
    CHECK_FALSE(column_named(film, "title").generated);

    REQUIRE(film.indexes.size() == 3);
    const auto& covering = film.indexes[2]; // by name
    CHECK(covering.name == "film_title_covering");
    REQUIRE(covering.elements.size() == 1); // INCLUDE columns are not key columns
    CHECK(covering.elements[0] == schema::IndexElement{"title", false, false});
    CHECK(covering.include == std::vector<std::string>{"release_year", "rating"});
    const auto& unique = film.indexes[1];
    CHECK(unique.name == "film_language_title");
    CHECK(unique.unique);
    REQUIRE(unique.elements.size() == 2);
    CHECK(unique.elements[1] == schema::IndexElement{"lower(title)", true, false});
    CHECK(unique.include == std::vector<std::string>{"film_id"});
    CHECK(unique.where == "rental_rate > 0::numeric");
    CHECK(film.indexes[0].name == "film_fulltext_idx");
    CHECK(film.indexes[0].method == "gist");
    CHECK(film.indexes[0].include.empty());

    // The partitioned table: its columns, key, check and index, read once.
    const auto& payment = table_named(md, "payment");
    CHECK(payment.columns.size() == 4);
    CHECK(payment.primary_key == schema::PrimaryKey{"payment_pkey", {"payment_date", "payment_id"}});
    REQUIRE(payment.check_constraints.size() == 1);
    REQUIRE(payment.indexes.size() == 1);
    CHECK(payment.indexes[0].name == "payment_customer_idx");

    // The exclusion constraint is neither a constraint nor an index of the model.
    const auto& booking = table_named(md, "store_booking");
    CHECK(booking.columns.size() == 2);
    CHECK(column_named(booking, "during").type == schema::Type{"tstzrange", {}});
    CHECK(booking.indexes.empty());
    CHECK(booking.unique_constraints.empty());
    CHECK(booking.check_constraints.empty());

    // An inheriting table has its parent's columns and checks, as a plain table would.
    const auto& manager = table_named(md, "manager");
    REQUIRE(manager.columns.size() == 3);
    CHECK(manager.columns[0].name == "staff_id");
    CHECK_FALSE(manager.columns[0].nullable);
    CHECK(manager.columns[2].name == "bonus");
    REQUIRE(manager.check_constraints.size() == 1);
    CHECK(manager.check_constraints[0].name == "staff_name_check");
}

TEST_CASE("sqlite reflection of a chinook-like schema reads generated columns, STRICT and WITHOUT ROWID", "[sqlite]") {
    auto db = test::ScratchDatabase::sqlite();
    db->conn().execute_script(test::k_chinook_like);
    db->conn().execute_script("CREATE VIRTUAL TABLE track_search USING fts5(name)");
    dialect::NotModelled not_modelled;
    auto md = dialect::reflect(db->conn(), {}, &not_modelled);
    CHECK(not_modelled == dialect::NotModelled{{"virtual tables", 1}});
    CHECK(table_names(md) == std::vector<std::string>{"Order Details", "artists", "genres", "invoice_lines", "playlist_track"});

    const auto& genres = table_named(md, "genres");
    CHECK(genres.strict);
    CHECK(genres.without_rowid);
    CHECK(genres.primary_key == schema::PrimaryKey{"pk_genres", {"GenreId"}});
    REQUIRE(genres.columns.size() == 4);
    const auto& slug = column_named(genres, "Slug");
    CHECK(slug.type == schema::Type{"text", {}});
    CHECK(slug.generated == "lower(replace(Name, ' ', '-'))");
    CHECK_FALSE(slug.generated_stored);
    CHECK(column_named(genres, "Code").generated == "upper(substr(Name, 1, 3))");
    CHECK_FALSE(column_named(genres, "Code").generated_stored);
    CHECK_FALSE(column_named(genres, "Name").generated);

    const auto& lines = table_named(md, "invoice_lines");
    CHECK(lines.strict);
    CHECK_FALSE(lines.without_rowid);
    const auto& total = column_named(lines, "Total");
    CHECK(total.type == schema::Type{"real", {}});
    CHECK(total.generated == "UnitPrice * Quantity");
    CHECK(total.generated_stored);
    CHECK_FALSE(total.server_default);
    CHECK(column_named(lines, "Note").type == schema::Type{"any", {}});
    CHECK(column_named(lines, "Quantity").server_default == "1");
    REQUIRE(lines.indexes.size() == 1);
    CHECK(lines.indexes[0].elements[0] == schema::IndexElement{"Total", false, true});

    const auto& playlist = table_named(md, "playlist_track");
    CHECK(playlist.without_rowid);
    CHECK_FALSE(playlist.strict);
    CHECK(playlist.primary_key == schema::PrimaryKey{"pk_playlist_track", {"PlaylistId", "TrackId"}});
    REQUIRE(playlist.foreign_keys.size() == 1);

    const auto& details = table_named(md, "Order Details");
    CHECK_FALSE(details.strict);
    CHECK(column_named(details, "LineTotal").generated == "\"UnitPrice\" * \"Quantity\" * (1 - \"Discount\")");
    CHECK(column_named(details, "LineTotal").generated_stored);
    CHECK_FALSE(table_named(md, "artists").strict);
    CHECK(column_named(table_named(md, "artists"), "ArtistId").autoincrement);
}

TEST_CASE("a reflected pagila-like schema renders back into a database that reflects the same", "[postgres]") {
    auto url = test::pg_url();
    if (!url) return;
    auto original = test::ScratchDatabase::postgresql(*url);
    original->conn().execute_script(test::k_pagila_like);
    auto md = dialect::reflect(original->conn());
    auto copy = test::ScratchDatabase::postgresql(*url);
    // The domain is outside the model: the copy needs it before the tables that use it.
    copy->conn().execute_script("CREATE DOMAIN year AS integer");
    test::require_round_trip(copy->conn(), md);
}

TEST_CASE("a reflected chinook-like schema renders back into a database that reflects the same", "[sqlite]") {
    auto original = test::ScratchDatabase::sqlite();
    original->conn().execute_script(test::k_chinook_like);
    auto md = dialect::reflect(original->conn());
    auto copy = test::ScratchDatabase::sqlite();
    test::require_round_trip(copy->conn(), md);
}
