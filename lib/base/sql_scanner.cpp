// Lexical rules followed: PostgreSQL's "Lexical Structure" chapter and SQLite's tokenizer.
#include <migrate/base/sql_scanner.hpp>

namespace migrate::base {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool word_start(char c) { return is_alpha(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
bool word_char(char c) { return word_start(c) || is_digit(c) || c == '$'; }
char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

} // namespace

std::size_t SqlScanner::quoted_end(std::size_t open, char close, bool backslash_escapes) const {
    for (std::size_t i = open + 1; i < sql_.size(); ++i) {
        if (backslash_escapes && sql_[i] == '\\') {
            ++i;
        } else if (sql_[i] == close) {
            if (close != ']' && i + 1 < sql_.size() && sql_[i + 1] == close) ++i; // doubled: an escape
            else return i + 1;
        }
    }
    return sql_.size();
}

std::size_t SqlScanner::comment_end(std::size_t open) const {
    const bool nested = syntax_ == SqlSyntax::postgresql;
    int depth = 0;
    for (std::size_t i = open; i + 1 < sql_.size();) {
        if (sql_[i] == '/' && sql_[i + 1] == '*' && (nested || depth == 0)) {
            ++depth;
            i += 2;
        } else if (sql_[i] == '*' && sql_[i + 1] == '/') {
            i += 2;
            if (--depth == 0) return i;
        } else {
            ++i;
        }
    }
    return sql_.size();
}

std::size_t SqlScanner::dollar_end(std::size_t open) const {
    // $$ or $tag$ where the tag is a word without '$' that does not start with a digit ($1 is a
    // parameter).
    std::size_t i = open + 1;
    if (i < sql_.size() && word_start(sql_[i]))
        while (i < sql_.size() && word_char(sql_[i]) && sql_[i] != '$') ++i;
    if (i >= sql_.size() || sql_[i] != '$') return std::string_view::npos;
    std::string_view tag = sql_.substr(open, i + 1 - open);
    std::size_t close = sql_.find(tag, i + 1);
    return close == std::string_view::npos ? sql_.size() : close + tag.size();
}

bool SqlScanner::next(SqlToken& token) {
    const std::size_t n = sql_.size(), b = pos_;
    if (b >= n) return false;
    const char c = sql_[b];
    const char next = b + 1 < n ? sql_[b + 1] : '\0';
    const bool postgresql = syntax_ == SqlSyntax::postgresql;
    SqlTokenKind kind = SqlTokenKind::punct;
    std::size_t e = b + 1;
    if (is_space(c)) {
        kind = SqlTokenKind::space;
        while (e < n && is_space(sql_[e])) ++e;
    } else if (c == '-' && next == '-') {
        kind = SqlTokenKind::comment;
        e = sql_.find('\n', b);
        if (e == std::string_view::npos) e = n;
    } else if (c == '/' && next == '*') {
        kind = SqlTokenKind::comment;
        e = comment_end(b);
    } else if (c == '\'') {
        kind = SqlTokenKind::string;
        e = quoted_end(b, '\'', false);
    } else if (next == '\'' && (c == 'x' || c == 'X' || (postgresql && (c == 'e' || c == 'E')))) {
        kind = SqlTokenKind::string;
        e = quoted_end(b + 1, '\'', c == 'e' || c == 'E');
    } else if (c == '"' || (!postgresql && (c == '`' || c == '['))) {
        kind = SqlTokenKind::quoted;
        e = quoted_end(b, c == '[' ? ']' : c, false);
    } else if (word_start(c)) {
        kind = SqlTokenKind::word;
        while (e < n && word_char(sql_[e])) ++e;
    } else if (is_digit(c) || (c == '.' && is_digit(next))) {
        kind = SqlTokenKind::number;
        while (e < n) {
            char d = sql_[e];
            bool exponent_sign = (d == '+' || d == '-') && (sql_[e - 1] == 'e' || sql_[e - 1] == 'E');
            if (!(is_alpha(d) || is_digit(d) || d == '.' || exponent_sign)) break;
            ++e;
        }
    } else if (c == '$' && postgresql) {
        if (std::size_t end = dollar_end(b); end != std::string_view::npos) {
            kind = SqlTokenKind::string;
            e = end;
        }
    }
    token = {kind, b, e};
    pos_ = e;
    return true;
}

std::vector<SqlToken> sql_tokens(std::string_view sql, SqlSyntax syntax, bool with_space_and_comments) {
    std::vector<SqlToken> out;
    SqlScanner scanner(sql, syntax);
    for (SqlToken t{}; scanner.next(t);)
        if (with_space_and_comments || (t.kind != SqlTokenKind::space && t.kind != SqlTokenKind::comment))
            out.push_back(t);
    return out;
}

std::string sql_unquote(std::string_view text) {
    if (text.size() >= 2 && text[1] == '\'' && text[0] != '\'') text.remove_prefix(1); // E'..', X'..'
    if (text.empty()) return {};
    char open = text.front();
    if (open == '$') { // $tag$body$tag$
        auto tag_end = text.find('$', 1);
        if (tag_end == std::string_view::npos) return std::string(text);
        std::size_t tag = tag_end + 1;
        if (text.size() < 2 * tag) return std::string(text.substr(tag));
        return std::string(text.substr(tag, text.size() - 2 * tag));
    }
    char close = open == '[' ? ']' : open;
    if (open != '\'' && open != '"' && open != '`' && open != '[') return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (text[i] != close) {
            out += text[i];
        } else if (close != ']' && i + 1 < text.size() && text[i + 1] == close) {
            out += close;
            ++i;
        } else {
            break; // the closing quote
        }
    }
    return out;
}

bool same_word(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (fold(a[i]) != fold(b[i])) return false;
    return true;
}

} // namespace migrate::base
