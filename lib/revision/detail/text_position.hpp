// Line and column of a byte offset, for the errors of revision files (nlohmann reports bytes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace migrate::revision::detail {

struct TextPosition {
    std::size_t line = 1;   // 1-based
    std::size_t column = 1; // 1-based, in characters (UTF-8 continuation bytes not counted)
};

// The line and column of byte `offset` in `text` (an offset past the end is clamped).
TextPosition position_of(std::string_view text, std::size_t offset);

} // namespace migrate::revision::detail
