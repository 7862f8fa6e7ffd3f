// Integer keys -> positions. While the keys are dense (serial primary keys, the usual case) they
// index a plain vector: no hashing, and keys loaded in order touch neighbouring memory instead
// of one random cache line each. Once they are sparse, a FlatIndex. Private to lib/orm.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <migrate/orm/detail/flat_index.hpp>

namespace migrate::orm::detail {

class IntegerIndex {
public:
    static constexpr std::size_t npos = FlatIndex::npos;

    std::size_t size() const { return hashed_ ? hash_.size() : count_; }

    std::size_t find(std::int64_t key) const {
        if (hashed_) return hash_.find(static_cast<std::uint64_t>(key));
        std::uint64_t at = offset(key);
        return at < dense_.size() ? dense_[at] : npos;
    }

    // Stores key -> value unless the key is present; returns the position the key maps to.
    std::size_t insert(std::int64_t key, std::size_t value) {
        if (!hashed_ && !cover(key)) to_hash();
        if (hashed_) return hash_.insert(static_cast<std::uint64_t>(key), value);
        std::size_t& slot = dense_[offset(key)];
        if (slot != npos) return slot;
        slot = value;
        ++count_;
        return value;
    }

    void erase(std::int64_t key) {
        if (hashed_) return hash_.erase(static_cast<std::uint64_t>(key));
        std::uint64_t at = offset(key);
        if (at < dense_.size() && dense_[at] != npos) {
            dense_[at] = npos;
            --count_;
        }
    }

    void reserve(std::size_t n) {
        if (hashed_) hash_.reserve(n);
    }

    void clear() {
        dense_.clear();
        hash_.clear();
        low_ = 0;
        count_ = 0;
        hashed_ = false;
    }

private:
    // Unsigned, so that keys below low_ fall outside [0, size) as well.
    std::uint64_t offset(std::int64_t key) const {
        return static_cast<std::uint64_t>(key) - static_cast<std::uint64_t>(low_);
    }

    // Grows the vector to cover `key` while at most half of it (plus some slack) stays empty;
    // false when the keys are too sparse for that.
    bool cover(std::int64_t key) {
        if (dense_.empty()) {
            low_ = key;
            dense_.assign(1, npos);
            return true;
        }
        if (offset(key) < dense_.size()) return true;
        // Unsigned arithmetic throughout: the true values fit, the signed ones may not.
        const auto low = static_cast<std::uint64_t>(low_);
        const std::uint64_t high = low + (dense_.size() - 1);
        const auto k = static_cast<std::uint64_t>(key);
        const bool above = key > static_cast<std::int64_t>(high);
        const std::uint64_t span = above ? k - low : high - k; // the new size, less one
        if (span >= 2 * (count_ + 1) + k_slack) return false;
        // Geometric growth on either side keeps keys arriving in either order amortised O(1),
        // without covering keys an int64 cannot hold.
        std::uint64_t grow = std::max<std::uint64_t>(span + 1 - dense_.size(), dense_.size());
        if (above) {
            grow = std::min(grow, static_cast<std::uint64_t>(INT64_MAX) - high);
            dense_.resize(dense_.size() + grow, npos);
        } else {
            grow = std::min(grow, low - static_cast<std::uint64_t>(INT64_MIN));
            dense_.insert(dense_.begin(), grow, npos);
            low_ = static_cast<std::int64_t>(low - grow);
        }
        return true;
    }

    void to_hash() {
        hash_.reserve(count_ + 1);
        for (std::size_t at = 0; at < dense_.size(); ++at)
            if (dense_[at] != npos) hash_.insert(static_cast<std::uint64_t>(low_) + at, dense_[at]);
        dense_.clear();
        dense_.shrink_to_fit();
        hashed_ = true;
    }

    static constexpr std::size_t k_slack = 1024;
    std::vector<std::size_t> dense_; // npos: no key
    std::int64_t low_ = 0;           // the key of dense_[0]
    std::size_t count_ = 0;          // keys in dense_
    FlatIndex hash_;
    bool hashed_ = false;
};

} // namespace migrate::orm::detail
