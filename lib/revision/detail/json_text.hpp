// Reading revision files as JSON with `//` and `/* */` comments: the comments are blanked
// out in place so byte offsets, and hence the line and column of any error, stay true.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace migrate::revision::detail {

// An unterminated block comment; `offset` is where the comment starts.
struct UnterminatedComment : std::runtime_error {
    explicit UnterminatedComment(std::size_t offset)
        : std::runtime_error("unterminated /* comment"), offset(offset) {}
    std::size_t offset;
};

// `text` with every comment outside a string replaced by spaces (newlines kept).
std::string blank_json_comments(std::string_view text);

struct TextPosition {
    std::size_t line = 1;   // 1-based
    std::size_t column = 1; // 1-based, in characters (UTF-8 continuation bytes not counted)
};

// The line and column of byte `offset` in `text` (an offset past the end is clamped).
TextPosition position_of(std::string_view text, std::size_t offset);

// `text` parsed as JSON with comments. Throws RevisionError naming `file` and the line and
// column of malformed JSON or an unterminated comment.
nlohmann::json parse_commented_json(std::string_view text, const std::string& file);

} // namespace migrate::revision::detail
