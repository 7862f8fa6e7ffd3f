#include "json_text.hpp"

#include <migrate/db/error.hpp>

namespace migrate::revision::detail {

std::string blank_json_comments(std::string_view text) {
    std::string out(text);
    enum class State { code, string, string_escape, line_comment, block_comment };
    State state = State::code;
    std::size_t comment_start = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        char c = out[i];
        switch (state) {
        case State::code:
            if (c == '"') {
                state = State::string;
            } else if (c == '/' && i + 1 < out.size() && (out[i + 1] == '/' || out[i + 1] == '*')) {
                state = out[i + 1] == '/' ? State::line_comment : State::block_comment;
                comment_start = i;
                out[i] = ' ';
                out[++i] = ' ';
            }
            break;
        case State::string:
            if (c == '\\') state = State::string_escape;
            else if (c == '"') state = State::code;
            // A raw newline inside a string is a JSON error; leave it for the parser to report.
            break;
        case State::string_escape:
            state = State::string;
            break;
        case State::line_comment:
            if (c == '\n') state = State::code;
            else if (c != '\r') out[i] = ' ';
            break;
        case State::block_comment:
            if (c == '*' && i + 1 < out.size() && out[i + 1] == '/') {
                out[i] = ' ';
                out[++i] = ' ';
                state = State::code;
            } else if (c != '\n' && c != '\r') {
                out[i] = ' ';
            }
            break;
        }
    }
    if (state == State::block_comment) throw UnterminatedComment(comment_start);
    return out;
}

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

} // namespace

nlohmann::json parse_commented_json(std::string_view text, const std::string& file) {
    std::string code;
    try {
        code = detail::blank_json_comments(text);
    } catch (const detail::UnterminatedComment& e) {
        throw RevisionError(file, at_position(text, e.offset), "unterminated /* comment");
    }
    try {
        return nlohmann::json::parse(code);
    } catch (const nlohmann::json::parse_error& e) {
        std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        // nlohmann points at a token's last character; for a string, point at its opening quote.
        if (offset < code.size() && code[offset] == '"' && offset > 0) {
            std::size_t open = offset - 1;
            while (open > 0 && !(code[open] == '"' && code[open - 1] != '\\')) --open;
            if (code[open] == '"') offset = open;
        }
        throw RevisionError(file, at_position(text, offset), "malformed JSON: " + parse_error_reason(e));
    }
}

} // namespace migrate::revision::detail
