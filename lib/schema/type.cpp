// Type normalisation: one canonical spelling per type, so comparison is plain equality.
#include <migrate/schema/type.hpp>

#include <migrate/base/sql_quote.hpp>
#include <migrate/base/sql_scanner.hpp>

#include <algorithm>
#include <array>
#include <iterator>
#include <cctype>
#include <charconv>
#include <string_view>
#include <utility>

namespace migrate::schema {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Words that must stay quoted to mean an identifier: SQL reserved words, and the words that
// would be read as a built-in type name ("int" quoted is a user's type, unquoted it is integer).
constexpr std::string_view k_keywords[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "between", "bigint", "binary", "bit", "blob", "bool", "boolean", "both", "bpchar", "bytea", "case",
    "cast", "char", "character", "check", "coalesce", "collate", "collation", "column",
    "concurrently", "constraint", "create", "cross", "current_catalog", "current_date",
    "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "date",
    "dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "double", "else", "end",
    "except", "exists", "extract", "false", "fetch", "float", "float4", "float8", "for", "foreign",
    "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner", "int",
    "int2", "int4", "int8", "integer", "intersect", "interval", "into", "is", "isnull", "join",
    "json", "jsonb", "lateral", "leading", "left", "like", "limit", "localtime", "localtimestamp",
    "national", "natural", "nchar", "not", "notnull", "null", "numeric", "offset", "on", "only",
    "or", "order", "outer", "overlaps", "placing", "precision", "primary", "real", "references",
    "returning", "right", "row", "select", "session_user", "setof", "similar", "smallint", "some",
    "symmetric", "table", "tablesample",
};
constexpr std::string_view k_more_keywords[] = {
    "text", "then", "time", "timestamp", "timestamptz", "timetz", "to", "trailing", "true", "union",
    "unique", "user", "using", "uuid", "values", "varchar", "variadic", "verbose", "when", "where",
    "window", "with", "double precision", "varying", "zone", "serial",
};

bool is_keyword(std::string_view word) {
    return std::find(std::begin(k_keywords), std::end(k_keywords), word) != std::end(k_keywords) ||
           std::find(std::begin(k_more_keywords), std::end(k_more_keywords), word) != std::end(k_more_keywords);
}

// A name that reads the same unquoted: lower-case ASCII letters, digits, '_' and '$', not a keyword.
bool is_plain_identifier(std::string_view s) {
    if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_')) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) return false;
    return !is_keyword(s);
}

std::string spell_identifier(std::string_view s) {
    return is_plain_identifier(s) ? std::string(s) : base::quote_identifier(s);
}

// One spelling: whitespace collapsed and dropped around punctuation, unquoted text outside
// parentheses lower-cased, quoted identifiers unquoted only where that changes nothing,
// string literals and parenthesised modifiers kept verbatim.
std::string canonical(std::string_view text) {
    std::string out;
    bool pending_space = false;
    int depth = 0;
    auto emit = [&](char c) {
        if (pending_space && !out.empty() && std::string_view("(,.[").find(out.back()) == std::string_view::npos &&
            std::string_view("(),.[]").find(c) == std::string_view::npos)
            out += ' ';
        pending_space = false;
        out += c;
    };
    for (const auto& t : base::sql_tokens(text, base::SqlSyntax::postgresql)) {
        std::string_view piece = t.text(text);
        if (t.kind == base::SqlTokenKind::space) {
            pending_space = true;
        } else if (t.kind == base::SqlTokenKind::quoted || t.kind == base::SqlTokenKind::string) {
            std::string spelled = t.kind == base::SqlTokenKind::quoted ? spell_identifier(base::sql_unquote(piece))
                                                                        : std::string(piece);
            emit(spelled[0]);
            out += spelled.substr(1);
        } else {
            for (char c : piece) {
                if (c == '(') ++depth;
                if (c == ')' && depth > 0) --depth;
                emit(depth > 0 || c == ')' ? c : lower(c));
            }
        }
    }
    return out;
}

bool parse_int(std::string_view s, int& value) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    return !s.empty() && ec == std::errc{} && ptr == s.data() + s.size();
}

struct Alias {
    std::string_view spelling;
    std::string_view name;
};
constexpr Alias k_aliases[] = {
    {"integer", "integer"}, {"int", "integer"}, {"int4", "integer"},
    {"smallint", "smallint"}, {"int2", "smallint"},
    {"bigint", "bigint"}, {"int8", "bigint"},
    {"varchar", "varchar"}, {"character varying", "varchar"}, {"char varying", "varchar"},
    {"char", "char"}, {"character", "char"}, {"bpchar", "char"},
    {"text", "text"},
    {"numeric", "numeric"}, {"decimal", "numeric"}, {"dec", "numeric"},
    {"real", "real"}, {"float4", "real"},
    {"double", "double"}, {"double precision", "double"}, {"float8", "double"},
    {"boolean", "boolean"}, {"bool", "boolean"},
    {"date", "date"},
    {"time", "time"}, {"time without time zone", "time"},
    {"timetz", "timetz"}, {"time with time zone", "timetz"},
    {"timestamp", "timestamp"}, {"timestamp without time zone", "timestamp"},
    {"timestamptz", "timestamptz"}, {"timestamp with time zone", "timestamptz"},
    {"bytea", "blob"}, {"blob", "blob"},
    {"uuid", "uuid"},
};

std::optional<std::string_view> portable_name(std::string_view spelling) {
    for (const auto& a : k_aliases)
        if (a.spelling == spelling) return a.name;
    if (spelling == "json" || spelling == "jsonb") return spelling;
    return std::nullopt;
}

} // namespace

Type Type::parse(const std::string& text) {
    std::string s = canonical(text);
    // Arrays: any number of [] / [n] suffixes mean the same array type.
    if (!s.empty() && s.back() == ']' && s.find('[') != std::string::npos && s.front() != '"') {
        std::size_t cut = s.size();
        while (cut > 0 && s[cut - 1] == ']') {
            std::size_t open = s.rfind('[', cut - 1);
            if (open == std::string::npos) break;
            cut = open;
        }
        if (cut > 0 && cut < s.size()) return Type{parse(s.substr(0, cut)).to_string() + "[]", {}};
    }
    if (s.size() > 6 && s.ends_with(" array") && s.find('"') == std::string::npos)
        return Type{parse(s.substr(0, s.size() - 6)).to_string() + "[]", {}};

    std::string base = s;
    std::vector<int> args;
    bool quoted = s.find('"') != std::string::npos || s.find('\'') != std::string::npos;
    std::size_t open = quoted ? std::string::npos : s.find('(');
    if (open != std::string::npos) {
        std::size_t close = s.find(')', open);
        if (close == std::string::npos) return Type{s, {}};
        std::string inner = s.substr(open + 1, close - open - 1);
        std::string suffix = s.substr(close + 1);
        if (!suffix.empty() && suffix.front() == ' ') suffix.erase(0, 1);
        std::size_t start = 0;
        while (true) {
            std::size_t comma = inner.find(',', start);
            int v = 0;
            if (!parse_int(std::string_view(inner).substr(start, comma == std::string::npos ? std::string::npos : comma - start), v))
                return Type{s, {}};
            args.push_back(v);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        base = s.substr(0, open);
        if (!suffix.empty()) base += " " + suffix;
        if (!suffix.empty() && !portable_name(base)) return Type{s, {}}; // "foo(3) bar": keep as written
    }
    if (quoted) return Type{s, {}};

    if (base == "float") { // SQL: float(p) is real up to 24 bits of precision, double beyond
        bool single = args.size() == 1 && args[0] >= 1 && args[0] <= 24;
        if (args.size() <= 1) return Type{single ? "real" : "double", {}};
    }
    auto name = portable_name(base);
    if (!name) return Type{base, std::move(args)};
    Type t{std::string(*name), std::move(args)};
    if (t.name == "numeric" && t.args.size() == 1) t.args.push_back(0);            // numeric(p) == numeric(p,0)
    if (t.name == "char" && t.args.empty() && base != "bpchar") t.args.push_back(1); // char == char(1)
    return t;
}

std::string Type::to_string() const {
    if (name == "char" && args.empty()) return "bpchar"; // plain "char" would mean char(1)
    if (args.empty()) return name;
    std::string out = name + "(";
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i) out += ",";
        out += std::to_string(args[i]);
    }
    return out + ")";
}

Type Type::named(const std::optional<std::string>& schema, const std::string& name) {
    std::string out = schema ? spell_identifier(*schema) + "." : std::string();
    return Type{out + spell_identifier(name), {}};
}

bool Type::is_portable() const {
    static constexpr std::array<std::string_view, 19> k_portable = {
        "integer", "smallint", "bigint", "varchar", "char", "text", "numeric", "real", "double", "boolean",
        "date", "time", "timetz", "timestamp", "timestamptz", "uuid", "json", "jsonb", "blob"};
    return std::find(k_portable.begin(), k_portable.end(), name) != k_portable.end();
}

bool Type::is_array() const { return name.size() > 2 && name.ends_with("[]"); }

Type Type::element() const { return is_array() ? parse(name.substr(0, name.size() - 2)) : *this; }

} // namespace migrate::schema
