// The statement splitter and classifier of target .sql files (see sql_script.hpp).
#include <migrate/autogen/detail/sql_script.hpp>

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
    std::size_t i = 0;
    while (i < s.size()) {
        if (std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        else if (s.compare(i, 2, "--") == 0) {
            auto nl = s.find('\n', i);
            i = nl == std::string::npos ? s.size() : nl + 1;
        } else if (s.compare(i, 2, "/*") == 0) {
            auto end = s.find("*/", i + 2);
            i = end == std::string::npos ? s.size() : end + 2;
        } else {
            break;
        }
    }
    return s.substr(i);
}

std::vector<ScriptStatement> split_script(std::string_view sql) {
    std::vector<ScriptStatement> out;
    std::string cur;
    std::size_t line = 1, start_line = 1;
    bool in_body = false;  // inside BEGIN ... END of a trigger or BEGIN ATOMIC function body
    std::string last_word; // the last bare word seen, upper case
    auto flush = [&] {
        if (!strip_leading_comments(cur).empty()) out.push_back({cur, start_line});
        cur.clear();
        in_body = false;
        last_word.clear();
    };
    std::size_t i = 0;
    auto at_line_start = [&](std::size_t p) { return p == 0 || sql[p - 1] == '\n'; };
    while (i < sql.size()) {
        char c = sql[i];
        if (strip_leading_comments(cur).empty() && c == '\\' && at_line_start(i)) { // psql meta-command
            while (i < sql.size() && sql[i] != '\n') ++i;
            continue;
        }
        if (strip_leading_comments(cur).empty() && !std::isspace(static_cast<unsigned char>(c))) start_line = line;
        if (c == '\n') ++line;
        if (c == '\'' || c == '"') {
            bool backslash = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !is_word(sql[i - 2]));
            std::size_t j = i + 1;
            while (j < sql.size()) {
                if (backslash && sql[j] == '\\') {
                    j += 2;
                    continue;
                }
                if (sql[j] == c) {
                    if (j + 1 < sql.size() && sql[j + 1] == c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            j = std::min(j + 1, sql.size());
            for (std::size_t k = i + 1; k < j; ++k) line += sql[k] == '\n';
            cur.append(sql.substr(i, j - i));
            i = j;
            continue;
        }
        if (sql.compare(i, 2, "--") == 0) {
            auto nl = sql.find('\n', i);
            std::size_t j = nl == std::string_view::npos ? sql.size() : nl;
            cur.append(sql.substr(i, j - i));
            i = j;
            continue;
        }
        if (sql.compare(i, 2, "/*") == 0) {
            auto end = sql.find("*/", i + 2);
            std::size_t j = end == std::string_view::npos ? sql.size() : end + 2;
            for (std::size_t k = i; k < j; ++k) line += sql[k] == '\n';
            cur.append(sql.substr(i, j - i));
            i = j;
            continue;
        }
        if (c == '$' && (i == 0 || !is_word(sql[i - 1]))) { // $tag$ ... $tag$
            std::size_t j = i + 1;
            while (j < sql.size() && is_word(sql[j]) && !std::isdigit(static_cast<unsigned char>(sql[i + 1]))) ++j;
            if (j < sql.size() && sql[j] == '$') {
                std::string tag(sql.substr(i, j - i + 1));
                auto end = sql.find(tag, j + 1);
                std::size_t k = end == std::string_view::npos ? sql.size() : end + tag.size();
                for (std::size_t p = i; p < k; ++p) line += sql[p] == '\n';
                cur.append(sql.substr(i, k - i));
                i = k;
                continue;
            }
        }
        if (is_word(c) && (i == 0 || !is_word(sql[i - 1]))) {
            std::size_t j = i;
            while (j < sql.size() && is_word(sql[j])) ++j;
            std::string w;
            for (std::size_t k = i; k < j; ++k) w += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[k])));
            std::string head = upper_words(strip_leading_comments(cur), 5);
            if (w == "BEGIN" && (starts(head, "CREATE TRIGGER") || starts(head, "CREATE TEMP TRIGGER") ||
                                 starts(head, "CREATE TEMPORARY TRIGGER")))
                in_body = true;
            if (w == "ATOMIC" && last_word == "BEGIN") in_body = true;
            last_word = w;
            cur.append(sql.substr(i, j - i));
            i = j;
            continue;
        }
        if (c == ';') {
            if (in_body && last_word != "END") {
                cur += c;
                ++i;
                continue;
            }
            flush();
            ++i;
            continue;
        }
        if (!std::isspace(static_cast<unsigned char>(c))) last_word.clear();
        cur += c;
        ++i;
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
