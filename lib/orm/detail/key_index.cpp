// Hashing key values of any type (the fallback of KeyIndex for keys that are not one integer).
#include <migrate/orm/detail/key_index.hpp>

#include <functional>

namespace migrate::orm::detail {

std::size_t KeyHash::operator()(KeyView key) const noexcept {
    std::size_t h = key.size();
    for (auto& v : key) {
        std::size_t x = std::visit(
            [](const auto& s) -> std::size_t {
                using S = std::decay_t<decltype(s)>;
                if constexpr (std::is_same_v<S, std::monostate>) return 0;
                else if constexpr (std::is_same_v<S, db::Blob>) return s.bytes.size();
                else return std::hash<S>{}(s);
            },
            v.storage());
        h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    }
    return h;
}

} // namespace migrate::orm::detail
