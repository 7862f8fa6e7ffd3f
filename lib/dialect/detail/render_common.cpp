// Text helpers shared by the SQLite and PostgreSQL renderers.
#include <migrate/dialect/detail/render_common.hpp>

#include <migrate/base/sql_scanner.hpp>

#include <cctype>
#include <charconv>
#include <cmath>

namespace migrate::dialect::detail {
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

bool is_plain_default(std::string_view text) {
    auto tokens = base::sql_tokens(text, base::SqlSyntax::sqlite, /*with_space_and_comments=*/false);
    bool signed_number = tokens.size() == 2 && tokens[0].kind == base::SqlTokenKind::punct &&
                         (text[tokens[0].begin] == '-' || text[tokens[0].begin] == '+');
    if (tokens.size() != 1 && !signed_number) return false;
    const auto& t = tokens.back();
    std::string_view value = t.text(text);
    if (t.kind == base::SqlTokenKind::number) return value.find_first_not_of("0123456789.eE+-") == std::string_view::npos;
    if (signed_number) return false;
    if (t.kind == base::SqlTokenKind::string) return value.front() == '\'' || value.front() == 'x' || value.front() == 'X';
    if (t.kind != base::SqlTokenKind::word) return false;
    for (auto word : {"null", "true", "false", "current_time", "current_date", "current_timestamp"})
        if (base::same_word(value, word)) return true;
    return false;
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
