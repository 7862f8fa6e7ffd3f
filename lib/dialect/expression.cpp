// Expression text helpers and the canonical form for comparison (see expression.hpp). Expressions
// are read with PostgreSQL's lexical rules, which cover what SQLite stores in these places.
#include <migrate/dialect/expression.hpp>

#include <migrate/base/sql_scanner.hpp>
#include <migrate/dialect/dialect.hpp>

#include <algorithm>
#include <cctype>
#include <vector>

namespace migrate::dialect {
namespace {

using base::SqlToken;
using base::SqlTokenKind;

constexpr auto k_syntax = base::SqlSyntax::postgresql;

bool is_quoted(const SqlToken& t) { return t.kind == SqlTokenKind::string || t.kind == SqlTokenKind::quoted; }
bool is_punct(const SqlToken& t, std::string_view s, char c) { return t.kind == SqlTokenKind::punct && s[t.begin] == c; }

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Whether the '(' that opens `s` closes at its very end.
bool wrapped_whole(std::string_view s) {
    if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
    int depth = 0;
    for (const auto& t : base::sql_tokens(s, k_syntax)) {
        if (is_punct(t, s, '(')) ++depth;
        else if (is_punct(t, s, ')') && --depth == 0) return t.end == s.size();
    }
    return false;
}

// Lower case outside quotes, without whitespace and comments.
std::string squeeze(std::string_view s) {
    std::string out;
    for (const auto& t : base::sql_tokens(s, k_syntax, /*with_space_and_comments=*/false))
        out += is_quoted(t) ? std::string(t.text(s)) : lower(t.text(s));
    return out;
}

// Removes "::type" (a name, dotted parts, "(..)" and "[]" suffixes) from squeezed text.
std::string drop_casts(std::string_view s) {
    auto toks = base::sql_tokens(s, k_syntax);
    auto name = [&](std::size_t j) {
        return j < toks.size() && (toks[j].kind == SqlTokenKind::word || toks[j].kind == SqlTokenKind::quoted);
    };
    std::string out;
    for (std::size_t i = 0; i < toks.size();) {
        if (!(i + 1 < toks.size() && is_punct(toks[i], s, ':') && is_punct(toks[i + 1], s, ':'))) {
            out += toks[i++].text(s);
            continue;
        }
        std::size_t j = i + 2;
        if (name(j)) ++j;
        while (j + 1 < toks.size() && is_punct(toks[j], s, '.') && name(j + 1)) j += 2;
        if (j < toks.size() && is_punct(toks[j], s, '(')) {
            while (j < toks.size() && !is_punct(toks[j], s, ')')) ++j;
            j = std::min(j + 1, toks.size());
        }
        while (j + 1 < toks.size() && is_punct(toks[j], s, '[') && is_punct(toks[j + 1], s, ']')) j += 2;
        i = j;
    }
    return out;
}

// "(x)" -> "x" in squeezed text, where x is a single operand and the parenthesis is no call.
std::string drop_atom_parens(std::string_view s) {
    auto toks = base::sql_tokens(s, k_syntax);
    auto operand_part = [&](const SqlToken& t) {
        return t.kind != SqlTokenKind::punct || is_punct(t, s, '-') || is_punct(t, s, '.') || is_punct(t, s, '$');
    };
    std::string out;
    for (std::size_t i = 0; i < toks.size(); ++i) {
        bool after_name = !out.empty() && (out.back() == '_' || out.back() == '$' || out.back() == '.' ||
                                           std::isalnum(static_cast<unsigned char>(out.back())));
        if (is_punct(toks[i], s, '(') && !after_name) {
            std::size_t j = i + 1;
            while (j < toks.size() && operand_part(toks[j])) ++j;
            if (j < toks.size() && j > i + 1 && is_punct(toks[j], s, ')')) {
                out += s.substr(toks[i + 1].begin, toks[j].begin - toks[i + 1].begin);
                i = j;
                continue;
            }
        }
        out += toks[i].text(s);
    }
    return out;
}

} // namespace

std::string collapse_space(std::string_view text) {
    std::string out;
    bool pending = false;
    for (const auto& t : base::sql_tokens(text, k_syntax)) {
        if (t.kind == SqlTokenKind::space) {
            pending = true;
            continue;
        }
        if (pending && !out.empty()) out += ' ';
        pending = false;
        out += t.text(text);
    }
    return out;
}

std::string lower_unquoted(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const auto& t : base::sql_tokens(text, k_syntax)) out += is_quoted(t) ? std::string(t.text(text)) : lower(t.text(text));
    return out;
}

std::string strip_outer_parens(std::string_view text) {
    std::string s = collapse_space(text);
    while (wrapped_whole(s)) s = collapse_space(std::string_view(s).substr(1, s.size() - 2));
    return s;
}

std::string canonical_expression(std::string_view expression, const Dialect* dialect) {
    std::string s = squeeze(dialect ? dialect->normalise_default(expression) : std::string(expression));
    for (int round = 0; round < 8; ++round) {
        std::string next = drop_atom_parens(drop_casts(s));
        while (wrapped_whole(next)) next = next.substr(1, next.size() - 2);
        if (next == s) break;
        s = std::move(next);
    }
    return s;
}

} // namespace migrate::dialect
