#include <migrate/base/sha256.hpp>

#include <migrate/base/error.hpp>

#include <openssl/evp.h>

namespace migrate::base {

namespace {
[[noreturn]] void fail(const char* step) { throw Error(std::string("SHA-256 (OpenSSL): ") + step + " failed"); }
} // namespace

void Sha256::Free::operator()(evp_md_ctx_st* ctx) const noexcept { EVP_MD_CTX_free(ctx); }

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_) fail("allocation");
    if (EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) fail("init");
}

void Sha256::update(std::string_view bytes) {
    if (EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) != 1) fail("update");
}

std::array<std::uint8_t, 32> Sha256::finish() {
    std::array<std::uint8_t, 32> digest{};
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), digest.data(), &size) != 1 || size != digest.size()) fail("final");
    return digest;
}

std::string sha256_hex(std::string_view bytes) {
    std::array<std::uint8_t, 32> digest{};
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) fail("digest");
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(64);
    for (auto byte : digest) {
        hex += k_hex[byte >> 4];
        hex += k_hex[byte & 0xf];
    }
    return hex;
}

} // namespace migrate::base
