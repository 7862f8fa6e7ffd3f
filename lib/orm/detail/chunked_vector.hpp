// A sequence that grows without moving its elements: fixed-size chunks of default-constructed
// elements. The Session's object states live in one, so its 100,000th object moves none of the
// others (a std::vector would move every state each time it grows). Private to lib/orm.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace migrate::orm::detail {

template <class T> class ChunkedVector {
public:
    std::size_t size() const { return size_; }
    T& operator[](std::size_t i) { return chunks_[i >> k_chunk_bits][i & k_mask]; }
    const T& operator[](std::size_t i) const { return chunks_[i >> k_chunk_bits][i & k_mask]; }
    // The next element, as default-constructed.
    T& emplace_back() {
        if (size_ == chunks_.size() << k_chunk_bits) chunks_.push_back(std::make_unique<T[]>(k_mask + 1));
        return (*this)[size_++];
    }
    void clear() {
        chunks_.clear();
        size_ = 0;
    }

private:
    static constexpr std::size_t k_chunk_bits = 10, k_mask = (std::size_t{1} << k_chunk_bits) - 1;
    std::vector<std::unique_ptr<T[]>> chunks_;
    std::size_t size_ = 0;
};

} // namespace migrate::orm::detail
