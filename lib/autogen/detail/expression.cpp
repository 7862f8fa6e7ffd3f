// Expression canonicalisation for comparison only (see expression.hpp).
#include <migrate/autogen/detail/expression.hpp>

#include <cctype>

namespace migrate::autogen::detail {
namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.'; }

// Index just past the quoted run starting at `i` ('...' or "..."), doubled quotes included.
std::size_t skip_quoted(const std::string& s, std::size_t i) {
    char q = s[i];
    std::size_t j = i + 1;
    while (j < s.size()) {
        if (s[j] == q) {
            if (j + 1 < s.size() && s[j + 1] == q) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        ++j;
    }
    return s.size();
}

std::string lower_and_squeeze(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '\'' || s[i] == '"') {
            std::size_t j = skip_quoted(s, i);
            out.append(s, i, j - i);
            i = j;
        } else {
            if (!std::isspace(static_cast<unsigned char>(s[i])))
                out += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
            ++i;
        }
    }
    return out;
}

// Removes "::type" (a word, optional "(..)" and "[]" suffixes) everywhere outside quotes.
std::string drop_casts(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '\'' || s[i] == '"') {
            std::size_t j = skip_quoted(s, i);
            out.append(s, i, j - i);
            i = j;
        } else if (s.compare(i, 2, "::") == 0) {
            std::size_t j = i + 2;
            if (j < s.size() && s[j] == '"') j = skip_quoted(s, j);
            while (j < s.size() && word_char(s[j])) ++j;
            if (j < s.size() && s[j] == '(') {
                std::size_t close = s.find(')', j);
                j = close == std::string::npos ? s.size() : close + 1;
            }
            while (s.compare(j, 2, "[]") == 0) j += 2;
            i = j;
        } else {
            out += s[i++];
        }
    }
    return out;
}

// "(x)" -> "x" where x is a single operand and the parenthesis is no function call.
std::string drop_atom_parens(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '\'' || s[i] == '"') {
            std::size_t j = skip_quoted(s, i);
            out.append(s, i, j - i);
            i = j;
            continue;
        }
        if (s[i] == '(' && (out.empty() || !word_char(out.back()))) {
            std::size_t j = i + 1;
            bool atom = true;
            while (j < s.size() && s[j] != ')') {
                if (s[j] == '\'' || s[j] == '"') j = skip_quoted(s, j);
                else if (word_char(s[j]) || s[j] == '-') ++j;
                else {
                    atom = false;
                    break;
                }
            }
            if (atom && j < s.size() && j > i + 1) {
                out.append(s, i + 1, j - i - 1);
                i = j + 1;
                continue;
            }
        }
        out += s[i++];
    }
    return out;
}

bool wrapped_whole(const std::string& s) {
    if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
    int depth = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\'' || s[i] == '"') {
            i = skip_quoted(s, i) - 1;
            continue;
        }
        if (s[i] == '(') ++depth;
        else if (s[i] == ')' && --depth == 0 && i + 1 != s.size()) return false;
    }
    return true;
}

} // namespace

std::string canonical_expression(std::string_view expression, const dialect::Dialect* dialect) {
    std::string s = dialect ? dialect->normalise_default(expression) : std::string(expression);
    s = lower_and_squeeze(s);
    for (int round = 0; round < 8; ++round) {
        std::string next = drop_atom_parens(drop_casts(s));
        while (wrapped_whole(next)) next = next.substr(1, next.size() - 2);
        if (next == s) break;
        s = std::move(next);
    }
    return s;
}

bool glob_match(std::string_view p, std::string_view t) {
    std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
    while (ti < t.size()) {
        if (pi < p.size() && (p[pi] == '?' || p[pi] == t[ti])) {
            ++pi;
            ++ti;
        } else if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = ti;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            ti = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

} // namespace migrate::autogen::detail
