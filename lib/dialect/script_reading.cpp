// Statements and comments of a foreign SQL script, walked with the one SQL scanner.
#include <migrate/dialect/script_reading.hpp>

#include <migrate/base/sql_scanner.hpp>

namespace migrate::dialect {

namespace {

base::SqlSyntax syntax_of(const Dialect& dialect) {
    return dialect.backend() == db::Backend::postgresql ? base::SqlSyntax::postgresql : base::SqlSyntax::sqlite;
}

std::string trimmed(std::string_view s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

} // namespace

std::vector<ScriptStatement> read_script(std::string_view script, const Dialect& dialect) {
    std::vector<ScriptStatement> out;
    ScriptStatement current;
    std::size_t start = std::string_view::npos; // where the current statement's first token begins
    std::size_t last = 0;                       // where its last token ends
    base::SqlScanner scanner(script, syntax_of(dialect));
    base::SqlToken t;
    while (scanner.next(t)) {
        if (t.kind == base::SqlTokenKind::space) continue;
        const auto text = t.text(script);
        if (t.kind == base::SqlTokenKind::comment && start == std::string_view::npos) {
            if (text.substr(0, 2) == "--") current.comments.push_back(trimmed(text.substr(2)));
            continue;
        }
        if (t.kind == base::SqlTokenKind::punct && text == ";") {
            if (start != std::string_view::npos) current.sql = trimmed(script.substr(start, last - start));
            if (!current.sql.empty() || !current.comments.empty()) out.push_back(std::move(current));
            current = ScriptStatement{};
            start = std::string_view::npos;
            continue;
        }
        if (start == std::string_view::npos) start = t.begin;
        last = t.end;
    }
    if (start != std::string_view::npos) current.sql = trimmed(script.substr(start, last - start));
    if (!current.sql.empty() || !current.comments.empty()) out.push_back(std::move(current));
    return out;
}

bool is_transaction_control(std::string_view statement, const Dialect& dialect) {
    auto tokens = base::sql_tokens(statement, syntax_of(dialect), /*with_space_and_comments=*/false);
    if (tokens.empty() || tokens.size() > 2 || tokens[0].kind != base::SqlTokenKind::word) return false;
    const auto first = tokens[0].text(statement);
    const auto second = tokens.size() == 2 ? tokens[1].text(statement) : std::string_view();
    if (base::same_word(first, "BEGIN") || base::same_word(first, "COMMIT") || base::same_word(first, "END"))
        return second.empty() || base::same_word(second, "TRANSACTION") || base::same_word(second, "WORK");
    return base::same_word(first, "START") && base::same_word(second, "TRANSACTION");
}

bool names_table(std::string_view statement, std::string_view table, const Dialect& dialect) {
    for (const auto& t : base::sql_tokens(statement, syntax_of(dialect), /*with_space_and_comments=*/false)) {
        if (t.kind == base::SqlTokenKind::word && base::same_word(t.text(statement), table)) return true;
        if (t.kind == base::SqlTokenKind::quoted && base::sql_unquote(t.text(statement)) == table) return true;
    }
    return false;
}

} // namespace migrate::dialect
