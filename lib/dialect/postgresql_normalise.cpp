// What PostgreSQL does to a model on the way in and out: literal casts on defaults, implicit
// NOT NULL, identity for autoincrement, and the names it chooses for unnamed constraints
// (the rules of makeObjectName / ChooseConstraintName in its source, re-stated here).
#include <migrate/dialect/postgresql.hpp>

#include <cctype>
#include <limits>
#include <map>
#include <set>

#include <migrate/dialect/detail/render_common.hpp>

namespace migrate::dialect {
namespace {

constexpr std::size_t k_max_name = 63;

std::size_t clip_utf8(const std::string& s, std::size_t n) {
    while (n > 0 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return n;
}

// name1_name2_label, shortening the longer of name1 / name2 until it fits in 63 bytes.
std::string object_name(const std::string& name1, const std::optional<std::string>& name2, const std::string& label) {
    std::size_t n1 = name1.size(), n2 = name2 ? name2->size() : 0;
    std::size_t overhead = label.size() + 1 + (name2 ? 1 : 0);
    std::size_t avail = k_max_name - overhead;
    while (n1 + n2 > avail) {
        if (n1 > n2) --n1;
        else --n2;
    }
    std::string out = name1.substr(0, clip_utf8(name1, n1));
    if (name2) out += "_" + name2->substr(0, clip_utf8(*name2, n2));
    return out + "_" + label;
}

std::string join_columns(const std::vector<std::string>& cols) {
    std::string out;
    for (const auto& c : cols) out += (out.empty() ? "" : "_") + c;
    return out;
}

// The single column a CHECK expression mentions, if exactly one (PostgreSQL then names the
// constraint table_column_check). Bare words are folded to lower case, quoted ones kept.
std::optional<std::string> only_column(const std::string& expr, const schema::Table& t) {
    std::set<std::string> found;
    for (std::size_t i = 0; i < expr.size();) {
        char c = expr[i];
        if (c == '\'') {
            std::size_t j = i + 1;
            while (j < expr.size() && !(expr[j] == '\'' && (j + 1 >= expr.size() || expr[j + 1] != '\''))) j += expr[j] == '\'' ? 2 : 1;
            i = j + 1;
            continue;
        }
        std::string word;
        std::size_t j = i;
        if (c == '"') {
            for (j = i + 1; j < expr.size(); ++j) {
                if (expr[j] == '"') {
                    if (j + 1 < expr.size() && expr[j + 1] == '"') {
                        word += '"';
                        ++j;
                        continue;
                    }
                    break;
                }
                word += expr[j];
            }
            ++j;
        } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (static_cast<unsigned char>(c) & 0x80)) {
            while (j < expr.size() && (std::isalnum(static_cast<unsigned char>(expr[j])) || expr[j] == '_' || expr[j] == '$' ||
                                       (static_cast<unsigned char>(expr[j]) & 0x80)))
                word += static_cast<char>(std::tolower(static_cast<unsigned char>(expr[j++])));
        } else {
            ++i;
            continue;
        }
        bool preceded_by_dot = i > 0 && expr[i - 1] == '.';
        std::size_t k = j;
        while (k < expr.size() && expr[k] == ' ') ++k;
        bool is_call = k < expr.size() && expr[k] == '(';
        if (!preceded_by_dot && !is_call && t.column(word)) found.insert(word);
        i = j;
    }
    if (found.size() == 1) return *found.begin();
    return std::nullopt;
}

class NameChooser {
public:
    void take(const std::string& name) { used_.insert(name); }
    std::string choose(const std::string& table, const std::optional<std::string>& addition, const std::string& label) {
        std::string name = object_name(table, addition, label);
        for (int pass = 1; used_.count(name); ++pass) name = object_name(table, addition, label + std::to_string(pass));
        used_.insert(name);
        return name;
    }

private:
    std::set<std::string> used_;
};

} // namespace

std::string PostgresqlDialect::normalise_default(std::string_view expression) const {
    std::string s = detail::strip_outer_parens(expression);
    std::string out;
    auto numeric_type = [](const std::string& t) {
        static const std::set<std::string> k = {"integer", "bigint", "smallint", "numeric", "real", "double precision",
                                                "int", "int4", "int8", "int2", "float8", "float4", "decimal"};
        return k.count(t) > 0;
    };
    auto is_number = [](const std::string& v) {
        if (v.empty()) return false;
        std::size_t i = (v[0] == '-' || v[0] == '+') ? 1 : 0;
        bool digit = false;
        for (; i < v.size(); ++i) {
            if (std::isdigit(static_cast<unsigned char>(v[i]))) digit = true;
            else if (v[i] != '.' && v[i] != 'e' && v[i] != 'E' && v[i] != '-' && v[i] != '+') return false;
        }
        return digit;
    };
    auto word_char = [&](std::size_t p) { // p == npos (before the start) is no word character
        return p < s.size() && (std::isalnum(static_cast<unsigned char>(s[p])) || s[p] == '_' || s[p] == '$');
    };
    for (std::size_t i = 0; i < s.size();) {
        std::size_t start = i;
        std::string literal_value;
        bool is_literal = false;
        if (s[i] == '\'') {
            std::size_t j = i + 1;
            for (; j < s.size(); ++j) {
                if (s[j] == '\'') {
                    if (j + 1 < s.size() && s[j + 1] == '\'') {
                        literal_value += '\'';
                        ++j;
                        continue;
                    }
                    break;
                }
                literal_value += s[j];
            }
            i = std::min(j + 1, s.size());
            is_literal = true;
        } else if ((s.compare(i, 4, "NULL") == 0 || s.compare(i, 4, "null") == 0) && !word_char(i - 1) && !word_char(i + 4)) {
            i += 4;
            is_literal = true;
        } else if (s[i] == '"') {
            std::size_t j = i + 1;
            while (j < s.size() && !(s[j] == '"' && (j + 1 >= s.size() || s[j + 1] != '"'))) j += s[j] == '"' ? 2 : 1;
            out.append(s, i, std::min(j + 1, s.size()) - i);
            i = std::min(j + 1, s.size());
            continue;
        } else {
            out += s[i++];
            continue;
        }
        std::string text = s.substr(start, i - start);
        // Drop every ::type cast that follows the literal.
        while (is_literal && s.compare(i, 2, "::") == 0) {
            std::size_t j = i + 2;
            std::string type;
            auto word_at = [&](std::size_t p) {
                std::size_t q = p;
                if (q < s.size() && s[q] == '"') {
                    ++q;
                    while (q < s.size() && s[q] != '"') ++q;
                    return q + 1;
                }
                while (q < s.size() && (std::isalnum(static_cast<unsigned char>(s[q])) || s[q] == '_' || s[q] == '$')) ++q;
                return q;
            };
            std::size_t e = word_at(j);
            if (e == j) break;
            type = s.substr(j, e - j);
            j = e;
            while (true) {
                static const char* k_more[] = {" varying", " precision", " without time zone", " with time zone"};
                bool more = false;
                for (const char* m : k_more)
                    if (s.compare(j, std::char_traits<char>::length(m), m) == 0) {
                        type += m;
                        j += std::char_traits<char>::length(m);
                        more = true;
                    }
                if (j < s.size() && s[j] == '.') {
                    std::size_t e2 = word_at(j + 1);
                    type += s.substr(j, e2 - j);
                    j = e2;
                    more = true;
                }
                if (j < s.size() && s[j] == '(') {
                    std::size_t close = s.find(')', j);
                    j = close == std::string::npos ? s.size() : close + 1;
                    more = true;
                }
                if (s.compare(j, 2, "[]") == 0) {
                    j += 2;
                    more = true;
                }
                if (!more) break;
            }
            if (numeric_type(detail::lower_unquoted(type)) && is_number(literal_value)) text = literal_value;
            i = j;
        }
        out += text;
    }
    return detail::lower_unquoted(detail::strip_outer_parens(out));
}

schema::MetaData PostgresqlDialect::normalise(const schema::MetaData& metadata) const {
    schema::MetaData m = metadata;
    std::map<std::optional<std::string>, NameChooser> names; // per schema
    for (const auto& t : m.tables) {
        auto& n = names[t.schema];
        n.take(t.name);
        for (const auto& ix : t.indexes) n.take(ix.name);
        if (t.primary_key && t.primary_key->name) n.take(*t.primary_key->name);
        for (const auto& u : t.unique_constraints)
            if (u.name) n.take(*u.name);
        for (const auto& fk : t.foreign_keys)
            if (fk.name) n.take(*fk.name);
        for (const auto& ck : t.check_constraints)
            if (ck.name) n.take(*ck.name);
    }
    for (const auto& v : m.views) names[v.schema].take(v.name);
    for (const auto& s : m.sequences) names[s.schema].take(s.name);

    for (auto& t : m.tables) {
        auto& n = names[t.schema];
        for (auto& c : t.columns) {
            c.type = parse_type(render_type(c.type));
            if (c.autoincrement) {
                if (c.identity == schema::Identity::none) c.identity = schema::Identity::by_default;
                c.autoincrement = false;
            }
            if (c.identity != schema::Identity::none) c.nullable = false;
            if (c.server_default) c.server_default = normalise_default(*c.server_default);
            if (c.generated) c.generated = detail::strip_outer_parens(*c.generated); // as CHECK expressions
        }
        if (t.primary_key) {
            for (const auto& pk_col : t.primary_key->columns)
                if (auto* c = t.column(pk_col)) c->nullable = false;
            if (!t.primary_key->name) t.primary_key->name = n.choose(t.name, std::nullopt, "pkey");
        }
        for (auto& u : t.unique_constraints)
            if (!u.name) u.name = n.choose(t.name, join_columns(u.columns), "key");
        for (auto& ck : t.check_constraints) {
            ck.expression = detail::strip_outer_parens(ck.expression);
            if (!ck.name) ck.name = n.choose(t.name, only_column(ck.expression, t), "check");
        }
        for (auto& fk : t.foreign_keys) {
            if (!fk.name) fk.name = n.choose(t.name, join_columns(fk.columns), "fkey");
            if (fk.initially_deferred) fk.deferrable = true;
        }
        for (auto& ix : t.indexes) {
            if (ix.method == "btree") ix.method.reset();
            if (ix.where) ix.where = detail::strip_outer_parens(*ix.where);
        }
    }
    for (auto& s : m.sequences) { // PostgreSQL's defaults for a bigint sequence, made explicit
        std::int64_t inc = s.increment.value_or(1);
        s.increment = inc;
        if (!s.min_value) s.min_value = inc > 0 ? 1 : std::numeric_limits<std::int64_t>::min();
        if (!s.max_value) s.max_value = inc > 0 ? std::numeric_limits<std::int64_t>::max() : -1;
        if (!s.start) s.start = inc > 0 ? *s.min_value : *s.max_value;
    }
    return m;
}

} // namespace migrate::dialect
