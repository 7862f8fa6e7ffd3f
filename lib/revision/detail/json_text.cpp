#include "json_text.hpp"

#include <algorithm>

#include <migrate/base/error.hpp>

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

namespace {

std::string at_position(std::string_view text, std::size_t offset) {
    auto pos = detail::position_of(text, offset);
    return "line " + std::to_string(pos.line) + ", column " + std::to_string(pos.column);
}

// nlohmann's message without its "[json.exception...] parse error at line 1, column 2: " prefix.
std::string parse_error_reason(const nlohmann::json::parse_error& e) {
    std::string_view what = e.what();
    auto start = what.find("parse error");
    auto colon = start == std::string_view::npos ? start : what.find(": ", start);
    return std::string(colon == std::string_view::npos ? what : what.substr(colon + 2));
}

// Where an unclosed /* comment opens: nlohmann reports it at the end of the text.
std::size_t unclosed_comment_start(std::string_view text) {
    bool in_string = false;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (in_string) {
            if (text[i] == '\\') ++i;
            else if (text[i] == '"') in_string = false;
        } else if (text[i] == '"') {
            in_string = true;
        } else if (text.compare(i, 2, "//") == 0) {
            i = text.find('\n', i);
            if (i == std::string_view::npos) break;
        } else if (text.compare(i, 2, "/*") == 0) {
            auto close = text.find("*/", i + 2);
            if (close == std::string_view::npos) return i;
            i = close + 1;
        }
    }
    return text.size();
}

} // namespace

nlohmann::json parse_commented_json(std::string_view text, const std::string& file) {
    try {
        return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
    } catch (const nlohmann::json::parse_error& e) {
        std::string reason = parse_error_reason(e);
        if (reason.find("missing closing '*/'") != std::string::npos)
            throw RevisionError(file, at_position(text, unclosed_comment_start(text)), "unterminated /* comment");
        // nlohmann counts the end of the text as read, and points at a token's last character;
        // for a string, point at its opening quote.
        std::size_t offset = std::min<std::size_t>(e.byte, text.size());
        offset = offset > 0 ? offset - 1 : 0;
        if (offset < text.size() && text[offset] == '"' && offset > 0) {
            std::size_t open = offset - 1;
            while (open > 0 && !(text[open] == '"' && text[open - 1] != '\\')) --open;
            if (text[open] == '"') offset = open;
        }
        throw RevisionError(file, at_position(text, offset), "malformed JSON: " + reason);
    }
}

} // namespace migrate::revision::detail
