// What PostgreSQL does to a model on the way in and out: literal casts on defaults, implicit
// NOT NULL, identity for autoincrement, and the names it chooses for unnamed constraints
// (the rules of makeObjectName / ChooseConstraintName in its source, re-stated here).
#include <migrate/dialect/postgresql.hpp>

#include <cctype>
#include <limits>
#include <map>
#include <set>

#include <migrate/base/sql_scanner.hpp>
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
// constraint table_column_check). Bare words are folded to lower case, quoted ones kept; a name
// after a '.' or before a '(' (a call) is no column.
std::optional<std::string> only_column(const std::string& expr, const schema::Table& t) {
    std::set<std::string> found;
    auto toks = base::sql_tokens(expr, base::SqlSyntax::postgresql, /*with_space_and_comments=*/false);
    for (std::size_t i = 0; i < toks.size(); ++i) {
        std::string word;
        if (toks[i].kind == base::SqlTokenKind::quoted) word = base::sql_unquote(toks[i].text(expr));
        else if (toks[i].kind == base::SqlTokenKind::word) word = lower_unquoted(toks[i].text(expr));
        else continue;
        bool after_dot = i > 0 && toks[i - 1].end == toks[i].begin && toks[i - 1].kind == base::SqlTokenKind::punct &&
                         expr[toks[i - 1].begin] == '.';
        bool is_call = i + 1 < toks.size() && toks[i + 1].kind == base::SqlTokenKind::punct && expr[toks[i + 1].begin] == '(';
        if (!after_dot && !is_call && t.column(word)) found.insert(word);
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
    static const std::set<std::string> k_numeric_types = {"integer", "bigint", "smallint", "numeric", "real",
                                                          "double precision", "int", "int4", "int8", "int2",
                                                          "float8", "float4", "decimal"};
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
    const std::string s = strip_outer_parens(expression);
    const auto toks = base::sql_tokens(s, base::SqlSyntax::postgresql);
    auto punct = [&](std::size_t j, char c) {
        return j < toks.size() && toks[j].kind == base::SqlTokenKind::punct && s[toks[j].begin] == c;
    };
    auto name = [&](std::size_t j) {
        return j < toks.size() && (toks[j].kind == base::SqlTokenKind::word || toks[j].kind == base::SqlTokenKind::quoted);
    };
    // The words that continue a type name after a space: character varying, double precision,
    // timestamp with(out) time zone.
    auto more_words = [&](std::size_t j) -> std::size_t {
        static const std::vector<std::vector<std::string_view>> k_more = {
            {"varying"}, {"precision"}, {"without", "time", "zone"}, {"with", "time", "zone"}};
        for (const auto& words : k_more) {
            std::size_t k = j;
            bool match = true;
            for (auto w : words) {
                if (!(k + 1 < toks.size() && toks[k].kind == base::SqlTokenKind::space && s[toks[k].begin] == ' ' &&
                      toks[k].end == toks[k].begin + 1 && toks[k + 1].text(s) == w)) {
                    match = false;
                    break;
                }
                k += 2;
            }
            if (match) return k - j;
        }
        return 0;
    };
    std::string out;
    for (std::size_t i = 0; i < toks.size();) {
        const auto& t = toks[i];
        bool string = t.kind == base::SqlTokenKind::string && s[t.begin] != '$'; // '..', E'..'
        bool null = t.kind == base::SqlTokenKind::word && base::same_word(t.text(s), "null");
        if (!string && !null) {
            out += t.text(s);
            ++i;
            continue;
        }
        std::string text(t.text(s));
        std::string value = string ? base::sql_unquote(text) : std::string();
        ++i;
        // Drop every ::type cast that follows the literal; a number keeps its digits only.
        while (punct(i, ':') && punct(i + 1, ':') && name(i + 2)) {
            std::size_t j = i + 2;
            std::string type(toks[j++].text(s));
            while (true) {
                if (std::size_t n = more_words(j)) {
                    for (std::size_t k = j; k < j + n; ++k) type += toks[k].text(s);
                    j += n;
                } else if (punct(j, '.') && name(j + 1)) {
                    type += "." + std::string(toks[j + 1].text(s));
                    j += 2;
                } else if (punct(j, '(')) {
                    while (j < toks.size() && !punct(j, ')')) ++j;
                    j = std::min(j + 1, toks.size());
                } else if (punct(j, '[') && punct(j + 1, ']')) {
                    j += 2;
                } else {
                    break;
                }
            }
            if (k_numeric_types.count(lower_unquoted(type)) && is_number(value)) text = value;
            i = j;
        }
        out += text;
    }
    return lower_unquoted(strip_outer_parens(out));
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
            if (c.generated) c.generated = strip_outer_parens(*c.generated); // as CHECK expressions
        }
        if (t.primary_key) {
            for (const auto& pk_col : t.primary_key->columns)
                if (auto* c = t.column(pk_col)) c->nullable = false;
            if (!t.primary_key->name) t.primary_key->name = n.choose(t.name, std::nullopt, "pkey");
        }
        for (auto& u : t.unique_constraints)
            if (!u.name) u.name = n.choose(t.name, join_columns(u.columns), "key");
        for (auto& ck : t.check_constraints) {
            ck.expression = strip_outer_parens(ck.expression);
            if (!ck.name) ck.name = n.choose(t.name, only_column(ck.expression, t), "check");
        }
        for (auto& fk : t.foreign_keys) {
            if (!fk.name) fk.name = n.choose(t.name, join_columns(fk.columns), "fkey");
            if (fk.initially_deferred) fk.deferrable = true;
        }
        for (auto& ix : t.indexes) {
            if (ix.method == "btree") ix.method.reset();
            if (ix.where) ix.where = strip_outer_parens(*ix.where);
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
