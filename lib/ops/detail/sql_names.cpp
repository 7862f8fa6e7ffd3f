// Identifiers out of SQL text, through the base layer's scanner.
#include <migrate/ops/detail/sql_names.hpp>

#include <migrate/base/sql_scanner.hpp>

namespace migrate::ops::detail {

bool same_name(std::string_view a, std::string_view b) { return base::same_word(a, b); }

bool mentions(std::string_view sql, std::string_view name) {
    base::SqlScanner scanner(sql, base::SqlSyntax::sqlite);
    for (base::SqlToken t{}; scanner.next(t);) {
        if (t.kind == base::SqlTokenKind::word && same_name(t.text(sql), name)) return true;
        if (t.kind == base::SqlTokenKind::quoted && same_name(base::sql_unquote(t.text(sql)), name)) return true;
    }
    return false;
}

bool is_constant_default(std::string_view text) {
    auto tokens = base::sql_tokens(text, base::SqlSyntax::sqlite, /*with_space_and_comments=*/false);
    std::size_t first = 0;
    if (tokens.size() == 2 && tokens[0].kind == base::SqlTokenKind::punct &&
        (text[tokens[0].begin] == '-' || text[tokens[0].begin] == '+'))
        first = 1; // a signed number
    if (tokens.size() != first + 1) return false;
    const auto& t = tokens[first];
    if (t.kind == base::SqlTokenKind::number) return true;
    if (first == 1) return false;
    if (t.kind == base::SqlTokenKind::string) return true;
    auto word = t.text(text);
    return t.kind == base::SqlTokenKind::word &&
           (same_name(word, "null") || same_name(word, "true") || same_name(word, "false"));
}

} // namespace migrate::ops::detail
