// Primary keys as the Session looks objects up by them: a single integer (the common case) in an
// IntegerIndex, any other key (composite, text) hashed by value. Private to lib/orm.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <unordered_map>
#include <vector>

#include <migrate/db/value.hpp>
#include <migrate/orm/detail/integer_index.hpp>

namespace migrate::orm::detail {

using Key = std::vector<db::Value>;
using KeyView = std::span<const db::Value>;

// Transparent, so a lookup by KeyView needs no Key.
struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(KeyView key) const noexcept;
};
struct KeyEqual {
    using is_transparent = void;
    bool operator()(KeyView a, KeyView b) const noexcept { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }
};

// Key values -> a position (an object's state, an owner in a batch).
class KeyIndex {
public:
    static constexpr std::size_t npos = IntegerIndex::npos;

    std::size_t find(KeyView key) const {
        if (const auto* i = single_integer(key)) return integers_.find(*i);
        auto it = others_.find(key);
        return it == others_.end() ? npos : it->second;
    }
    // Stores key -> value unless the key is present; returns the position the key maps to.
    std::size_t insert(KeyView key, std::size_t value) {
        if (const auto* i = single_integer(key)) return integers_.insert(*i, value);
        return others_.try_emplace(Key(key.begin(), key.end()), value).first->second;
    }
    void erase(KeyView key) {
        if (const auto* i = single_integer(key)) integers_.erase(*i);
        else if (auto it = others_.find(key); it != others_.end()) others_.erase(it);
    }
    std::size_t size() const { return integers_.size() + others_.size(); }
    void reserve(std::size_t n) { integers_.reserve(n); }
    void clear() {
        integers_.clear();
        others_.clear();
    }

private:
    static const std::int64_t* single_integer(KeyView key) {
        return key.size() == 1 ? std::get_if<std::int64_t>(&key.front().storage()) : nullptr;
    }
    IntegerIndex integers_;
    std::unordered_map<Key, std::size_t, KeyHash, KeyEqual> others_;
};

} // namespace migrate::orm::detail
