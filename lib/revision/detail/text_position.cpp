#include "text_position.hpp"

namespace migrate::revision::detail {

TextPosition position_of(std::string_view text, std::size_t offset) {
    TextPosition pos;
    if (offset > text.size()) offset = text.size();
    for (std::size_t i = 0; i < offset; ++i) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if ((byte & 0xC0) != 0x80) {
            ++pos.column;
        }
    }
    return pos;
}

} // namespace migrate::revision::detail
