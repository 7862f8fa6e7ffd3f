// The Session's private indexes: addresses and integer keys to positions, checked against
// std::unordered_map under inserts and erases in awkward orders.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <unordered_map>

#include <migrate/orm/detail/flat_index.hpp>
#include <migrate/orm/detail/integer_index.hpp>

using migrate::orm::detail::FlatIndex;
using migrate::orm::detail::IntegerIndex;

namespace {

// Runs the same random inserts, repeated inserts and erases on `index` and a reference map.
template <class Index, class Draw> void matches_reference(Index& index, Draw draw, int steps) {
    std::unordered_map<std::int64_t, std::size_t> reference;
    std::mt19937_64 random(42);
    for (int step = 0; step < steps; ++step) {
        std::int64_t key = draw(random);
        if (random() % 3 == 0) {
            index.erase(key);
            reference.erase(key);
        } else {
            auto [it, fresh] = reference.try_emplace(key, static_cast<std::size_t>(step));
            REQUIRE(index.insert(key, static_cast<std::size_t>(step)) == it->second);
        }
        REQUIRE(index.size() == reference.size());
    }
    for (auto& [key, value] : reference) REQUIRE(index.find(key) == value);
    for (int probe = 0; probe < 1000; ++probe) {
        std::int64_t key = draw(random);
        auto it = reference.find(key);
        REQUIRE(index.find(key) == (it == reference.end() ? Index::npos : it->second));
    }
}

} // namespace

TEST_CASE("a flat index keeps every key findable through erases (backward shift)") {
    FlatIndex index;
    // Few distinct keys spaced like aligned addresses: long probe runs, many erases inside them.
    matches_reference(index, [](auto& r) { return static_cast<std::int64_t>(r() % 500) * 64; }, 20000);
    index.clear();
    CHECK(index.find(64) == FlatIndex::npos);
    CHECK(index.insert(64, 7) == std::size_t{7});
    CHECK(index.insert(64, 8) == std::size_t{7}); // present: the stored position stays
}

TEST_CASE("an integer index stays dense for serial keys in either order and hashes sparse ones") {
    IntegerIndex serial;
    for (std::int64_t k = 100000; k > 0; --k) serial.insert(k, static_cast<std::size_t>(k)); // descending
    for (std::int64_t k = 100001; k <= 200000; ++k) serial.insert(k, static_cast<std::size_t>(k));
    CHECK(serial.size() == 200000);
    CHECK(serial.find(1) == std::size_t{1});
    CHECK(serial.find(200000) == std::size_t{200000});
    CHECK(serial.find(0) == IntegerIndex::npos);
    CHECK(serial.find(200001) == IntegerIndex::npos);

    IntegerIndex mixed; // dense at first, then keys far apart: it must switch without losing any
    matches_reference(mixed, [](auto& r) { return r() % 4 ? static_cast<std::int64_t>(r() % 3000) : static_cast<std::int64_t>(r()); },
                      20000);

    IntegerIndex extremes;
    constexpr auto lowest = std::numeric_limits<std::int64_t>::min(), highest = std::numeric_limits<std::int64_t>::max();
    for (std::int64_t k : {highest, highest - 1, lowest, lowest + 1, std::int64_t{0}, std::int64_t{-1}})
        extremes.insert(k, static_cast<std::size_t>(k & 0xff));
    CHECK(extremes.find(highest) == std::size_t{0xff});
    CHECK(extremes.find(lowest + 1) == std::size_t{1});
    CHECK(extremes.find(-1) == std::size_t{0xff});
    CHECK(extremes.find(1) == IntegerIndex::npos);
}
