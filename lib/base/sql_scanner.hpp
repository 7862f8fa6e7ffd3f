// The one SQL scanner of the library: where each string literal, quoted identifier, comment,
// dollar-quoted body, word, number and punctuation character of a text begins and ends. Every
// reader of SQL text (placeholders, SQLite's stored schema, expressions, target files) walks
// these tokens instead of skipping quotes on its own.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::base {

// The lexical rules that differ between the two databases.
enum class SqlSyntax {
    postgresql, // E'..' backslash escapes, $tag$..$tag$ bodies, nested /* */ comments
    sqlite,     // "..", `..` and [..] identifiers, flat comments
};

enum class SqlTokenKind {
    space,
    comment, // -- to the end of the line (without it), or /* */
    string,  // '..', E'..', X'..', $tag$..$tag$
    quoted,  // a quoted identifier: "..", and in SQLite `..` and [..]
    word,    // a bare identifier or keyword
    number,
    punct,   // any other single character
};

struct SqlToken {
    SqlTokenKind kind;
    std::size_t begin; // byte offsets into the text
    std::size_t end;

    std::string_view text(std::string_view sql) const { return sql.substr(begin, end - begin); }
};

// Tokens one at a time. Never throws: an unterminated quote or comment runs to the end.
class SqlScanner {
public:
    SqlScanner(std::string_view sql, SqlSyntax syntax) : sql_(sql), syntax_(syntax) {}

    // The token at the current position, moving past it; false at the end of the text.
    bool next(SqlToken& token);
    std::size_t position() const { return pos_; }
    void seek(std::size_t position) { pos_ = position; }

private:
    std::size_t quoted_end(std::size_t open, char close, bool backslash_escapes) const;
    std::size_t comment_end(std::size_t open) const;
    std::size_t dollar_end(std::size_t open) const; // npos when `$` starts no dollar quote

    std::string_view sql_;
    SqlSyntax syntax_;
    std::size_t pos_ = 0;
};

// All tokens of `sql`, or only the meaningful ones (no spaces and comments).
std::vector<SqlToken> sql_tokens(std::string_view sql, SqlSyntax syntax, bool with_space_and_comments = true);

// The value of a string or quoted-identifier token's text: prefix and quotes removed, doubled
// quotes undone ('it''s' -> it's, "a""b" -> a"b). E'' backslash escapes are kept as written.
std::string sql_unquote(std::string_view token_text);

// ASCII case-insensitive equality, how both databases compare keywords.
bool same_word(std::string_view a, std::string_view b);

} // namespace migrate::base
