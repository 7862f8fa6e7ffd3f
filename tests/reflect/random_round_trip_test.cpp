// Round trips of seeded random schemas with hostile identifiers. The seed is printed; rerun a
// failure with MIGRATE_TEST_SEED=<seed> (the failing case's own seed is in the failure message).
#include "random_schema.hpp"
#include "round_trip.hpp"

#include <iostream>

using namespace migrate;

namespace {

constexpr int k_cases = 8;

template <class MakeDb>
void random_round_trips(bool pg, MakeDb make_db) {
    const std::uint64_t base = test::test_seed();
    std::cerr << "random schema round trips (" << (pg ? "postgresql" : "sqlite") << "): MIGRATE_TEST_SEED=" << base << "\n";
    // With MIGRATE_TEST_SEED set, run exactly that case; otherwise a few derived from the base.
    const bool pinned = std::getenv("MIGRATE_TEST_SEED") != nullptr;
    for (int i = 0; i < (pinned ? 1 : k_cases); ++i) {
        const std::uint64_t seed = base + static_cast<std::uint64_t>(i);
        INFO("reproduce with MIGRATE_TEST_SEED=" << seed);
        auto model = test::RandomSchema(seed, pg).generate();
        auto db = make_db();
        test::require_round_trip(db->conn(), model);
    }
}

} // namespace

TEST_CASE("sqlite round trip of random schemas with hostile identifiers", "[sqlite]") {
    random_round_trips(false, [] { return test::ScratchDatabase::sqlite(); });
}

TEST_CASE("postgres round trip of random schemas with hostile identifiers", "[postgres]") {
    auto url = test::pg_url();
    if (!url) return;
    random_round_trips(true, [&] { return test::ScratchDatabase::postgresql(*url); });
}

TEST_CASE("the random schema generator is reproducible from its seed") {
    CHECK(test::RandomSchema(42, true).generate() == test::RandomSchema(42, true).generate());
    CHECK_FALSE(test::RandomSchema(42, true).generate() == test::RandomSchema(43, true).generate());
}
