// Text helpers shared by the SQLite and PostgreSQL renderers.
#include <migrate/dialect/detail/render_common.hpp>

#include <cctype>
#include <charconv>
#include <cmath>

namespace migrate::dialect::detail {
namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Index just past the quoted run starting at text[i] (a ' or " quote; doubled quotes escape).
std::size_t skip_quoted(std::string_view text, std::size_t i) {
    char q = text[i];
    for (std::size_t j = i + 1; j < text.size(); ++j) {
        if (text[j] != q) continue;
        if (j + 1 < text.size() && text[j + 1] == q) {
            ++j;
            continue;
        }
        return j + 1;
    }
    return text.size();
}
} // namespace

std::string quoted_list(const Dialect& d, const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        if (!out.empty()) out += ", ";
        out += d.quote(n);
    }
    return out;
}

std::string fk_action_sql(schema::FkAction action) {
    switch (action) {
    case schema::FkAction::no_action: return "NO ACTION";
    case schema::FkAction::restrict: return "RESTRICT";
    case schema::FkAction::cascade: return "CASCADE";
    case schema::FkAction::set_null: return "SET NULL";
    case schema::FkAction::set_default: return "SET DEFAULT";
    }
    return "NO ACTION";
}

std::string references_clause(const Dialect& d, const std::optional<std::string>& ref_schema,
                              const schema::ForeignKey& fk, bool with_deferrable) {
    std::string out = "REFERENCES " + d.qualified(ref_schema, fk.ref_table);
    if (!fk.ref_columns.empty()) out += " (" + quoted_list(d, fk.ref_columns) + ")";
    if (fk.on_delete != schema::FkAction::no_action) out += " ON DELETE " + fk_action_sql(fk.on_delete);
    if (fk.on_update != schema::FkAction::no_action) out += " ON UPDATE " + fk_action_sql(fk.on_update);
    if (with_deferrable && (fk.deferrable || fk.initially_deferred))
        out += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
    return out;
}

void append_table_constraints(const Dialect& d, const schema::Table& t, std::vector<std::string>& parts,
                              bool primary_key, bool foreign_keys, bool qualify_references) {
    if (primary_key && t.primary_key)
        parts.push_back(constraint_prefix(d, t.primary_key->name) + "PRIMARY KEY (" +
                        quoted_list(d, t.primary_key->columns) + ")");
    for (const auto& u : t.unique_constraints)
        parts.push_back(constraint_prefix(d, u.name) + "UNIQUE (" + quoted_list(d, u.columns) + ")");
    for (const auto& ck : t.check_constraints)
        parts.push_back(constraint_prefix(d, ck.name) + "CHECK (" + ck.expression + ")");
    if (foreign_keys)
        for (const auto& fk : t.foreign_keys)
            parts.push_back(constraint_prefix(d, fk.name) + "FOREIGN KEY (" + quoted_list(d, fk.columns) + ") " +
                            references_clause(d, qualify_references ? fk.ref_schema : std::nullopt, fk, true));
}

std::string constraint_prefix(const Dialect& d, const std::optional<std::string>& name) {
    return name ? "CONSTRAINT " + d.quote(*name) + " " : std::string();
}

std::string index_elements(const Dialect& d, const schema::Index& index) {
    std::string out = "(";
    for (std::size_t i = 0; i < index.elements.size(); ++i) {
        const auto& e = index.elements[i];
        if (i) out += ", ";
        out += e.is_expression ? "(" + e.text + ")" : d.quote(e.text);
        if (e.descending) out += " DESC";
    }
    return out + ")";
}

std::string collapse_space(std::string_view text) {
    std::string out;
    bool pending = false;
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if (is_space(c)) {
            pending = true;
            ++i;
            continue;
        }
        if (pending && !out.empty()) out += ' ';
        pending = false;
        if (c == '\'' || c == '"') {
            std::size_t end = skip_quoted(text, i);
            out.append(text.substr(i, end - i));
            i = end;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

std::string lower_unquoted(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '\'' || c == '"') {
            std::size_t end = skip_quoted(text, i);
            out.append(text.substr(i, end - i));
            i = end;
        } else {
            out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
            ++i;
        }
    }
    return out;
}

std::string strip_outer_parens(std::string_view text) {
    std::string s = collapse_space(text);
    while (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
        // Only when the first '(' closes at the very end.
        int depth = 0;
        std::size_t close = std::string::npos;
        for (std::size_t i = 0; i < s.size();) {
            if (s[i] == '\'' || s[i] == '"') {
                i = skip_quoted(s, i);
                continue;
            }
            if (s[i] == '(') ++depth;
            if (s[i] == ')' && --depth == 0) {
                close = i;
                break;
            }
            ++i;
        }
        if (close != s.size() - 1) break;
        s = collapse_space(std::string_view(s).substr(1, s.size() - 2));
    }
    return s;
}

bool is_plain_default(std::string_view text) {
    std::string s = lower_unquoted(collapse_space(text));
    if (s.empty()) return false;
    if (s == "null" || s == "true" || s == "false" || s == "current_time" || s == "current_date" ||
        s == "current_timestamp")
        return true;
    if (s.front() == '\'' ) return skip_quoted(s, 0) == s.size();
    if ((s.front() == 'x') && s.size() > 1 && s[1] == '\'') return skip_quoted(s, 1) == s.size();
    std::size_t i = (s.front() == '-' || s.front() == '+') ? 1 : 0;
    if (i == s.size()) return false;
    bool digit = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
        else if (c != '.' && c != 'e' && c != '-' && c != '+') return false;
    }
    return digit;
}

std::pair<std::string, std::string> split_owned_by(const std::string& owned_by) {
    auto dot = owned_by.rfind('.');
    if (dot == std::string::npos) return {std::string(), owned_by};
    return {owned_by.substr(0, dot), owned_by.substr(dot + 1)};
}

namespace {

std::string real_literal(double finite_value) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, finite_value);
    std::string s(buf, end);
    if (s.find_first_of(".eE") == std::string::npos) s += ".0"; // stay a REAL, not an integer
    return s;
}

std::string hex_digits(const std::vector<std::uint8_t>& bytes) {
    static const char* k_hex = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto byte : bytes) {
        out += k_hex[byte >> 4];
        out += k_hex[byte & 15];
    }
    return out;
}

} // namespace

std::string literal(const Dialect& d, const db::Value& value, const LiteralSpelling& spelling) {
    const auto& v = value.storage();
    if (std::holds_alternative<std::monostate>(v)) return "NULL";
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* b = std::get_if<bool>(&v)) return *b ? spelling.true_value : spelling.false_value;
    if (const auto* x = std::get_if<double>(&v)) {
        if (std::isnan(*x)) return spelling.nan;
        if (std::isinf(*x)) return *x > 0 ? spelling.infinity : spelling.negative_infinity;
        return real_literal(*x);
    }
    if (const auto* s = std::get_if<std::string>(&v)) return d.quote_literal(*s);
    return spelling.blob_prefix + hex_digits(std::get<db::Blob>(v).bytes) + spelling.blob_suffix;
}

} // namespace migrate::dialect::detail
