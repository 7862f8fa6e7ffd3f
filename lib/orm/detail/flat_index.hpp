// A hash index from 64-bit keys (object addresses, integer primary keys) to positions in a
// vector: open addressing with linear probing in one array, so an entry costs no allocation of
// its own. The Session indexes its objects by address with one; integer keys fall back to one
// when they are too sparse for an IntegerIndex. Private to lib/orm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace migrate::orm::detail {

class FlatIndex {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    std::size_t size() const { return size_; }

    // The position stored for `key`, or npos.
    std::size_t find(std::uint64_t key) const {
        if (slots_.empty()) return npos;
        for (std::size_t i = home(key);; i = (i + 1) & mask()) {
            const Slot& s = slots_[i];
            if (s.value == npos) return npos;
            if (s.key == key) return s.value;
        }
    }

    // Stores key -> value unless the key is present; returns the position the key maps to.
    std::size_t insert(std::uint64_t key, std::size_t value) {
        if ((size_ + 1) * 2 > slots_.size()) grow((size_ + 1) * 2);
        std::size_t i = home(key);
        for (; slots_[i].value != npos; i = (i + 1) & mask())
            if (slots_[i].key == key) return slots_[i].value;
        slots_[i] = {key, value};
        ++size_;
        return value;
    }

    void erase(std::uint64_t key) {
        if (slots_.empty()) return;
        std::size_t hole = home(key);
        for (;; hole = (hole + 1) & mask()) {
            if (slots_[hole].value == npos) return;
            if (slots_[hole].key == key) break;
        }
        // Backward shift: entries after the hole that may live there move into it, so every
        // probe sequence stays unbroken without tombstones.
        for (std::size_t j = (hole + 1) & mask(); slots_[j].value != npos; j = (j + 1) & mask()) {
            std::size_t h = home(slots_[j].key);
            bool stays = hole < j ? (h > hole && h <= j) : (h > hole || h <= j);
            if (stays) continue;
            slots_[hole] = slots_[j];
            hole = j;
        }
        slots_[hole].value = npos;
        --size_;
    }

    void reserve(std::size_t n) {
        if (n * 2 > slots_.size()) grow(n * 2);
    }

    void clear() {
        slots_.clear();
        size_ = 0;
        shift_ = 64;
    }

private:
    struct Slot {
        std::uint64_t key = 0;
        std::size_t value = npos; // npos: empty
    };

    std::size_t mask() const { return slots_.size() - 1; }
    // Fibonacci hashing: the high bits of key * 2^64/phi, which spreads aligned addresses and
    // consecutive integers alike.
    std::size_t home(std::uint64_t key) const {
        return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
    }

    void grow(std::size_t at_least) {
        std::size_t capacity = 16;
        unsigned bits = 4;
        while (capacity < at_least) {
            capacity *= 2;
            ++bits;
        }
        std::vector<Slot> old(capacity);
        old.swap(slots_);
        shift_ = 64 - bits;
        size_ = 0;
        for (const Slot& s : old)
            if (s.value != npos) insert(s.key, s.value);
    }

    std::vector<Slot> slots_; // a power of two, at most half full
    std::size_t size_ = 0;
    unsigned shift_ = 64;
};

} // namespace migrate::orm::detail
