// A minimal SQL scanner: enough to tell identifiers from literals and comments.
#include <migrate/ops/detail/sql_names.hpp>

#include <cctype>

namespace migrate::ops::detail {

namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

// Calls `on_ident(name)` for every identifier token; stops early when it returns true.
template <class F>
bool scan_identifiers(std::string_view s, F on_ident) {
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == '\'') { // string literal, '' escapes
            ++i;
            while (i < s.size()) {
                if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'') i += 2;
                else if (s[i] == '\'') { ++i; break; }
                else ++i;
            }
        } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            while (i < s.size() && s[i] != '\n') ++i;
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            auto end = s.find("*/", i + 2);
            i = end == std::string_view::npos ? s.size() : end + 2;
        } else if (c == '"' || c == '`' || c == '[') {
            char close = c == '[' ? ']' : c;
            std::string name;
            ++i;
            while (i < s.size()) {
                if (s[i] == close && close != ']' && i + 1 < s.size() && s[i + 1] == close) {
                    name += close;
                    i += 2;
                } else if (s[i] == close) {
                    ++i;
                    break;
                } else {
                    name += s[i++];
                }
            }
            if (on_ident(std::string_view(name))) return true;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            while (i < s.size() && ident_char(s[i])) ++i; // numbers, 0x.., 1e5
        } else if (ident_char(c)) {
            std::size_t start = i;
            while (i < s.size() && ident_char(s[i])) ++i;
            if (on_ident(s.substr(start, i - start))) return true;
        } else {
            ++i;
        }
    }
    return false;
}

std::string trim(std::string_view s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return "";
    auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

} // namespace

bool same_name(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (fold(a[i]) != fold(b[i])) return false;
    return true;
}

bool mentions(std::string_view sql, std::string_view name) {
    return scan_identifiers(sql, [&](std::string_view ident) { return same_name(ident, name); });
}

bool is_constant_default(std::string_view text) {
    std::string t = trim(text);
    if (t.empty()) return false;
    std::string lower;
    for (char c : t) lower += fold(c);
    if (lower == "null" || lower == "true" || lower == "false") return true;
    if (t.size() >= 2 && t.front() == '\'' && t.back() == '\'') {
        // one literal, not 'a' || 'b'
        for (std::size_t i = 1; i + 1 < t.size(); ++i) {
            if (t[i] == '\'') {
                if (t[i + 1] != '\'') return false;
                ++i;
            }
        }
        return true;
    }
    if ((lower[0] == 'x') && t.size() >= 3 && t[1] == '\'' && t.back() == '\'') return true;
    std::size_t i = (t[0] == '-' || t[0] == '+') ? 1 : 0;
    if (i >= t.size()) return false;
    bool digit = false;
    for (; i < t.size(); ++i) {
        char c = lower[i];
        if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
        else if (c != '.' && c != 'e' && c != '+' && c != '-' && c != 'x' && !(c >= 'a' && c <= 'f')) return false;
    }
    return digit;
}

} // namespace migrate::ops::detail
