// A small reader of Python's module level, enough for an Alembic revision file's header: the
// text is split into tokens and logical lines (brackets, continuations, strings, comments, as
// Python's own tokenizer does); only a module-level assignment of literals is taken as a value.
#include <migrate/revision/alembic_script.hpp>

#include <migrate/base/error.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <optional>

namespace migrate::revision {

namespace {

struct Token {
    enum class Kind { name, string, other };
    Kind kind = Kind::other;
    std::string text;  // a name, an operator, or a string's value
    bool raw_ok = true; // a string that needs no Python (not an f-string)
    int line = 0;
    std::size_t column = 0;
};

struct LogicalLine {
    std::vector<Token> tokens;
    bool indented = false; // does not start at column 0: inside a block
};

std::string where(const std::filesystem::path& file, int line) {
    return file.generic_string() + ":" + std::to_string(line);
}

class Tokenizer {
public:
    Tokenizer(std::string_view text, const std::filesystem::path& file) : text_(text), file_(file) {}

    std::vector<LogicalLine> lines() {
        std::vector<LogicalLine> out;
        LogicalLine current;
        int depth = 0;
        auto finish = [&] {
            if (!current.tokens.empty()) out.push_back(std::move(current));
            current = LogicalLine{};
        };
        while (pos_ < text_.size()) {
            char c = text_[pos_];
            if (c == '\n') {
                ++pos_;
                ++line_;
                line_start_ = pos_;
                if (depth == 0) finish();
            } else if (c == '#') {
                while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
            } else if (c == '\\' && pos_ + 1 < text_.size() && (text_[pos_ + 1] == '\n' || text_[pos_ + 1] == '\r')) {
                pos_ += text_[pos_ + 1] == '\r' && pos_ + 2 < text_.size() && text_[pos_ + 2] == '\n' ? 3 : 2;
                ++line_;
                line_start_ = pos_;
            } else if (std::isspace(static_cast<unsigned char>(c))) {
                ++pos_;
            } else {
                Token t = next_token();
                if (current.tokens.empty()) current.indented = t.column != 0;
                if (t.kind == Token::Kind::other && t.text.size() == 1) {
                    if (t.text == "(" || t.text == "[" || t.text == "{") ++depth;
                    if ((t.text == ")" || t.text == "]" || t.text == "}") && depth > 0) --depth;
                }
                current.tokens.push_back(std::move(t));
            }
        }
        finish();
        return out;
    }

private:
    Token next_token() {
        Token t;
        t.line = line_;
        t.column = pos_ - line_start_;
        std::size_t start = pos_;
        // A string, with up to two prefix letters (r, b, u, f in either case).
        std::size_t p = pos_;
        while (p < text_.size() && p - start < 2 && text_[p] != '\0' && std::strchr("rRbBuUfF", text_[p])) ++p;
        if (p < text_.size() && (text_[p] == '\'' || text_[p] == '"')) {
            std::string prefix(text_.substr(start, p - start));
            pos_ = p;
            return string_token(std::move(t), prefix);
        }
        char c = text_[pos_];
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
            while (pos_ < text_.size() &&
                   (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' ||
                    static_cast<unsigned char>(text_[pos_]) >= 0x80))
                ++pos_;
            t.kind = Token::Kind::name;
        } else {
            ++pos_;
            // Two-character operators matter only as "not a plain `=`" (`+=`, `==`, `->`, `:=`).
            if (pos_ < text_.size() && text_[pos_] == '=' && std::strchr("+-*/%&|^<>=!:@", c)) ++pos_;
            t.kind = Token::Kind::other;
        }
        t.text = std::string(text_.substr(start, pos_ - start));
        return t;
    }

    Token string_token(Token t, const std::string& prefix) {
        const bool raw = prefix.find_first_of("rR") != std::string::npos;
        t.kind = Token::Kind::string;
        t.raw_ok = prefix.find_first_of("fF") == std::string::npos;
        const char quote = text_[pos_];
        const bool triple = text_.substr(pos_, 3) == std::string(3, quote);
        pos_ += triple ? 3 : 1;
        const int start_line = line_;
        while (true) {
            if (pos_ >= text_.size())
                throw RevisionError(where(file_, start_line) + ": a string that never ends");
            char c = text_[pos_];
            if (c == '\\' && pos_ + 1 < text_.size()) {
                char e = text_[pos_ + 1];
                pos_ += 2;
                if (e == '\n') {
                    ++line_;
                    line_start_ = pos_;
                    if (raw) t.text += "\\\n";
                    continue;
                }
                if (raw) {
                    t.text += '\\';
                    t.text += e;
                    continue;
                }
                switch (e) {
                case 'n': t.text += '\n'; break;
                case 't': t.text += '\t'; break;
                case 'r': t.text += '\r'; break;
                case '\\': t.text += '\\'; break;
                case '\'': t.text += '\''; break;
                case '"': t.text += '"'; break;
                default: t.text += '\\'; t.text += e; break;
                }
                continue;
            }
            if (c == quote && (!triple || text_.substr(pos_, 3) == std::string(3, quote))) {
                pos_ += triple ? 3 : 1;
                return t;
            }
            if (c == '\n') {
                if (!triple) throw RevisionError(where(file_, line_) + ": a string that never ends");
                ++line_;
                line_start_ = pos_ + 1;
            }
            t.text += c;
            ++pos_;
        }
    }

    std::string_view text_;
    const std::filesystem::path& file_;
    std::size_t pos_ = 0;
    std::size_t line_start_ = 0;
    int line_ = 1;
};

constexpr std::array<std::string_view, 4> k_names = {"revision", "down_revision", "branch_labels", "depends_on"};

struct Assignment {
    std::optional<std::vector<std::string>> value; // nullopt: None
    int line = 0;
};

// The value after `=`: None, adjacent string literals, or a tuple or list of them (brackets
// optional for a tuple, a trailing comma allowed), into `out` (nullopt for None). False when
// it needs Python.
bool literal_value(const std::vector<Token>& tokens, std::size_t i, std::optional<std::vector<std::string>>& out) {
    auto is = [&](std::size_t k, std::string_view text) {
        return k < tokens.size() && tokens[k].kind == Token::Kind::other && tokens[k].text == text;
    };
    if (i + 1 == tokens.size() && tokens[i].kind == Token::Kind::name && tokens[i].text == "None") {
        out.reset();
        return true;
    }
    std::size_t end = tokens.size();
    bool bracketed = false;
    if ((is(i, "(") && is(end - 1, ")")) || (is(i, "[") && is(end - 1, "]"))) {
        ++i;
        --end;
        bracketed = true;
    }
    std::vector<std::string> items;
    while (i < end) {
        if (tokens[i].kind != Token::Kind::string || !tokens[i].raw_ok) return false;
        std::string item;
        while (i < end && tokens[i].kind == Token::Kind::string) {
            if (!tokens[i].raw_ok) return false;
            item += tokens[i++].text;
        }
        items.push_back(std::move(item));
        if (i == end) break;
        if (!is(i, ",")) return false;
        ++i;
    }
    if (items.empty() && !bracketed) return false;
    out = std::move(items);
    return true;
}

std::string trim(std::string_view s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

// "2024-01-02 03:04:05.678901" -> "2024-01-02T03:04:05.678901" (a time zone, if any, kept).
std::string iso_date(const std::string& date) {
    std::string out = date;
    if (out.size() > 10 && out[10] == ' ') out[10] = 'T';
    return out;
}

void read_docstring(const std::string& doc, AlembicScript& out) {
    std::vector<std::string> message;
    bool in_message = true;
    std::size_t start = 0;
    while (start <= doc.size()) {
        auto end = doc.find('\n', start);
        std::string line = trim(std::string_view(doc).substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (line.rfind("Revision ID:", 0) == 0) in_message = false;
        if (in_message) message.push_back(line);
        if (line.rfind("Create Date:", 0) == 0) out.create_date = iso_date(trim(line.substr(12)));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    while (!message.empty() && message.back().empty()) message.pop_back();
    std::string text;
    for (const auto& m : message) text += (text.empty() ? "" : "\n") + m;
    out.message = trim(text);
}

} // namespace

AlembicScript parse_alembic_script(std::string_view text, const std::filesystem::path& file) {
    AlembicScript out;
    out.file = file;
    auto lines = Tokenizer(text, file).lines();
    std::array<std::optional<Assignment>, 4> found;
    bool in_definition = false; // inside a def or class body: its names are its own
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const auto& tokens = lines[n].tokens;
        if (n == 0 && tokens.size() == 1 && tokens[0].kind == Token::Kind::string) read_docstring(tokens[0].text, out);
        if (!lines[n].indented && !tokens.empty()) {
            const auto& first = tokens[0].text;
            if (first == "@") continue; // a decorator: the def follows
            in_definition = first == "def" || first == "class" || first == "async";
        }
        if (lines[n].indented && in_definition) continue;
        if (tokens.empty() || tokens[0].kind != Token::Kind::name) continue;
        auto which = std::find(k_names.begin(), k_names.end(), tokens[0].text);
        if (which == k_names.end()) continue;
        const std::string name(*which);
        const int line = tokens[0].line;
        const auto slot = static_cast<std::size_t>(which - k_names.begin());
        const std::string next = tokens.size() > 1 && tokens[1].kind == Token::Kind::other ? tokens[1].text : "";
        if (next != "=" && next != ":") {
            // `revision, x = ...`, `revision += ...`: an assignment that needs Python to run.
            if (next == "," || (next.size() == 2 && next.back() == '=' && next != "=="))
                throw RevisionError(where(file, line) + ": `" + name +
                                    "` is assigned in a way that needs Python to run; write `" + name +
                                    " = \"...\"` (migrate reads revision files without running them)");
            continue;
        }
        if (lines[n].indented)
            throw RevisionError(where(file, line) + ": `" + name +
                                "` is assigned inside a block (an `if`, a function, ...), which needs Python to "
                                "run; assign it once at module level (migrate reads revision files without "
                                "running them)");
        // `name: annotation = value`: the annotation ends at the first `=` outside brackets.
        std::size_t i = 1;
        int depth = 0;
        for (; i < tokens.size(); ++i) {
            const auto& t = tokens[i];
            if (t.kind != Token::Kind::other) continue;
            if (t.text == "(" || t.text == "[" || t.text == "{") ++depth;
            else if (t.text == ")" || t.text == "]" || t.text == "}") --depth;
            else if (t.text == "=" && depth == 0) break;
        }
        if (i + 1 >= tokens.size())
            throw RevisionError(where(file, line) + ": `" + name + "` has no value");
        Assignment a;
        a.line = line;
        if (!literal_value(tokens, i + 1, a.value))
            throw RevisionError(where(file, line) + ": `" + name +
                                "` is not a static value (a string, a tuple or list of strings, or None); migrate "
                                "reads revision files without running Python");
        if (found[slot])
            throw RevisionError(where(file, line) + ": `" + name + "` is assigned again (first at line " +
                                std::to_string(found[slot]->line) + ")");
        found[slot] = std::move(a);
    }
    for (std::size_t k = 0; k < 2; ++k)
        if (!found[k])
            throw RevisionError(file.generic_string() + ": no module-level `" + std::string(k_names[k]) +
                                " = ...` (an Alembic revision file names its revision and its down_revision)");
    if (!found[0]->value || found[0]->value->size() != 1)
        throw RevisionError(where(file, found[0]->line) + ": `revision` must be one string");
    out.id = found[0]->value->front();
    auto list = [](const std::optional<Assignment>& a) {
        return a && a->value ? *a->value : std::vector<std::string>{};
    };
    out.down_revisions = list(found[1]);
    out.branch_labels = list(found[2]);
    out.depends_on = list(found[3]);
    return out;
}

} // namespace migrate::revision
