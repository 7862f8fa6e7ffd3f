// Reading revision files and templates: JSON with `//` and `/* */` comments (nlohmann's own
// parser skips them), with errors naming the line and column in the file as written.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace migrate::revision::detail {

struct TextPosition {
    std::size_t line = 1;   // 1-based
    std::size_t column = 1; // 1-based, in characters (UTF-8 continuation bytes not counted)
};

// The line and column of byte `offset` in `text` (an offset past the end is clamped).
TextPosition position_of(std::string_view text, std::size_t offset);

// `text` parsed as JSON with comments. Throws RevisionError naming `file` and the line and
// column of malformed JSON or of an unterminated comment's opening.
nlohmann::json parse_commented_json(std::string_view text, const std::string& file);

} // namespace migrate::revision::detail
