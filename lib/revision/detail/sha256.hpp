// SHA-256 (FIPS 180-4), used to fingerprint a revision file's canonical content so the
// runtime can tell when an applied revision was edited afterwards. Private to lib/revision.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace migrate::revision::detail {

class Sha256 {
public:
    Sha256();
    void update(std::string_view bytes);
    std::array<std::uint8_t, 32> finish();

private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t total_bytes_ = 0;
};

// The digest of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

} // namespace migrate::revision::detail
