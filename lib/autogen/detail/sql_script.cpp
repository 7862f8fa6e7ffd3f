// The statement splitter and classifier of target .sql files (see sql_script.hpp).
#include <migrate/autogen/detail/sql_script.hpp>

#include <migrate/base/sql_scanner.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace migrate::autogen::detail {
namespace {

std::string upper_words(const std::string& s, std::size_t max_words) {
    std::string out;
    std::size_t words = 0;
    for (std::size_t i = 0; i < s.size() && words < max_words;) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        if (i >= s.size()) break;
        std::size_t j = i;
        while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
        if (!out.empty()) out += ' ';
        for (std::size_t k = i; k < j; ++k) out += static_cast<char>(std::toupper(static_cast<unsigned char>(s[k])));
        ++words;
        i = j;
    }
    return out;
}

bool starts(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `word` in `s` as a whole word (not part of a longer name such as exclude_list).
bool has_word(const std::string& s, const std::string& word) {
    for (auto at = s.find(word); at != std::string::npos; at = s.find(word, at + 1)) {
        bool before = at > 0 && is_word(s[at - 1]);
        bool after = at + word.size() < s.size() && is_word(s[at + word.size()]);
        if (!before && !after) return true;
    }
    return false;
}

} // namespace

std::string strip_leading_comments(const std::string& s) {
    base::SqlScanner scanner(s, base::SqlSyntax::postgresql);
    for (base::SqlToken t{}; scanner.next(t);)
        if (t.kind != base::SqlTokenKind::space && t.kind != base::SqlTokenKind::comment) return s.substr(t.begin);
    return {};
}

std::vector<ScriptStatement> split_script(std::string_view sql) {
    std::vector<ScriptStatement> out;
    std::string cur;
    bool has_code = false;  // cur holds more than blanks and comments
    std::size_t line = 1, start_line = 1;
    bool in_body = false;  // inside BEGIN ... END of a trigger or BEGIN ATOMIC function body
    std::string last_word; // the last bare word seen, upper case
    auto flush = [&] {
        if (has_code) out.push_back({cur, start_line});
        cur.clear();
        has_code = false;
        in_body = false;
        last_word.clear();
    };
    base::SqlScanner scanner(sql, base::SqlSyntax::postgresql);
    for (base::SqlToken t{}; scanner.next(t);) {
        std::string_view text = t.text(sql);
        bool code = t.kind != base::SqlTokenKind::space && t.kind != base::SqlTokenKind::comment;
        if (!has_code && text == "\\" && (t.begin == 0 || sql[t.begin - 1] == '\n')) { // psql meta-command
            auto nl = sql.find('\n', t.begin);
            scanner.seek(nl == std::string_view::npos ? sql.size() : nl);
            continue;
        }
        if (code && !has_code) start_line = line;
        line += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
        if (t.kind == base::SqlTokenKind::word || t.kind == base::SqlTokenKind::number) {
            std::string w;
            for (char c : text) w += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (w == "BEGIN") {
                std::string head = upper_words(strip_leading_comments(cur), 5);
                if (starts(head, "CREATE TRIGGER") || starts(head, "CREATE TEMP TRIGGER") ||
                    starts(head, "CREATE TEMPORARY TRIGGER"))
                    in_body = true;
            }
            if (w == "ATOMIC" && last_word == "BEGIN") in_body = true;
            last_word = std::move(w);
        } else if (text == ";") {
            if (!in_body || last_word == "END") {
                flush();
                continue;
            }
        } else if (t.kind == base::SqlTokenKind::punct) {
            last_word.clear();
        }
        has_code = has_code || code;
        cur.append(text);
    }
    flush();
    return out;
}

std::vector<std::string> not_compared_warning(const std::map<std::string, int>& kinds, const std::string& source) {
    if (kinds.empty()) return {};
    std::string list;
    for (const auto& [kind, n] : kinds) list += (list.empty() ? "" : ", ") + kind + " (" + std::to_string(n) + ")";
    return {source + ": not compared, outside the schema model (ignored on both sides): " + list};
}

void merge_kinds(std::map<std::string, int>& kinds, const std::map<std::string, int>& more) {
    for (const auto& [kind, n] : more) kinds[kind] = std::max(kinds[kind], n);
}

StatementUse classify(const std::string& statement, std::string& kind) {
    kind.clear();
    std::string s = strip_leading_comments(statement);
    std::string head = upper_words(s, 6);
    std::string all = upper_words(s, 1u << 20);
    if (starts(head, "GRANT ") || starts(head, "REVOKE ") || starts(head, "ALTER DEFAULT PRIVILEGES") ||
        starts(head, "SET ROLE") || starts(head, "RESET ROLE") || starts(head, "SET SESSION AUTHORIZATION") ||
        starts(head, "COMMENT ON EXTENSION") || starts(head, "SECURITY LABEL") ||
        starts(head, "CREATE PUBLICATION") || starts(head, "ALTER PUBLICATION") ||
        starts(head, "CREATE SUBSCRIPTION") || starts(head, "ALTER SUBSCRIPTION"))
        return StatementUse::skip;
    if (starts(head, "ALTER ") && all.find(" OWNER TO ") != std::string::npos) return StatementUse::skip;
    if (starts(head, "CREATE FUNCTION") || starts(head, "CREATE OR REPLACE FUNCTION")) kind = "functions";
    else if (starts(head, "CREATE PROCEDURE") || starts(head, "CREATE OR REPLACE PROCEDURE")) kind = "procedures";
    else if (all.find(" TRIGGER ") != std::string::npos && starts(head, "CREATE")) kind = "triggers";
    else if (starts(head, "CREATE DOMAIN")) kind = "domains";
    else if (starts(head, "CREATE EXTENSION")) kind = "extensions";
    else if (starts(head, "CREATE MATERIALIZED VIEW")) kind = "materialized views";
    else if (starts(head, "CREATE AGGREGATE")) kind = "aggregates";
    else if (starts(head, "CREATE OPERATOR")) kind = "operators";
    else if (starts(head, "CREATE RULE") || starts(head, "CREATE OR REPLACE RULE")) kind = "rules";
    else if (starts(head, "CREATE POLICY") || all.find("ROW LEVEL SECURITY") != std::string::npos) kind = "row security";
    else if (all.find(" PARTITION OF ") != std::string::npos || all.find("ATTACH PARTITION") != std::string::npos ||
             all.find(" PARTITION BY ") != std::string::npos)
        kind = "partitioning";
    else if (starts(head, "CREATE TYPE") && all.find(" AS ENUM") == std::string::npos) kind = "composite and range types";
    else if (starts(head, "CREATE STATISTICS")) kind = "statistics";
    else if (starts(head, "CREATE VIRTUAL TABLE")) kind = "virtual tables";
    else if ((starts(head, "CREATE TABLE") || starts(head, "ALTER TABLE")) && has_word(all, "EXCLUDE"))
        kind = "exclusion constraints";
    else if (starts(head, "CREATE TABLE") && has_word(all, "INHERITS")) kind = "table inheritance";
    return StatementUse::run;
}

} // namespace migrate::autogen::detail
