#include "json_text.hpp"

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

} // namespace migrate::revision::detail
