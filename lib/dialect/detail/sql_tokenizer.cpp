// Tokenizer and CREATE-statement readers for SQLite's stored schema text. Grammar followed:
// https://www.sqlite.org/lang_createtable.html, lang_createindex.html, lang_createview.html.
#include <migrate/dialect/detail/sql_tokenizer.hpp>

#include <migrate/base/sql_scanner.hpp>

#include <cctype>

namespace migrate::dialect::detail {

namespace {

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

// A cursor over the tokens of one statement.
class Reader {
public:
    Reader(std::string_view sql) : sql_(sql), toks_(tokenize(sql)) {}

    bool done() const { return pos_ >= toks_.size(); }
    const Token* peek(std::size_t ahead = 0) const {
        return pos_ + ahead < toks_.size() ? &toks_[pos_ + ahead] : nullptr;
    }
    bool at_word(std::string_view w, std::size_t ahead = 0) const {
        auto* t = peek(ahead);
        return t && t->is_word(w);
    }
    bool at_punct(std::string_view p) const {
        auto* t = peek();
        return t && t->is_punct(p);
    }
    bool accept_word(std::string_view w) {
        if (!at_word(w)) return false;
        ++pos_;
        return true;
    }
    bool accept_punct(std::string_view p) {
        if (!at_punct(p)) return false;
        ++pos_;
        return true;
    }
    const Token* next() { return done() ? nullptr : &toks_[pos_++]; }
    std::size_t pos() const { return pos_; }
    void seek(std::size_t p) { pos_ = p; }
    const Token& at(std::size_t i) const { return toks_[i]; }
    std::size_t size() const { return toks_.size(); }

    // A name, possibly schema-qualified: returns the last part.
    std::optional<std::string> name() {
        auto* t = peek();
        if (!t || !t->is_name()) return std::nullopt;
        ++pos_;
        std::string n = t->value;
        while (at_punct(".") && peek(1) && peek(1)->is_name()) {
            ++pos_;
            n = next()->value;
        }
        return n;
    }

    // At '(' : skips to after the matching ')' and returns the source text inside.
    std::optional<std::string> parenthesised() {
        if (!at_punct("(")) return std::nullopt;
        std::size_t open = pos_;
        std::size_t close = matching(open);
        pos_ = close + 1;
        if (close >= toks_.size()) return trim(sql_.substr(toks_[open].end));
        return trim(sql_.substr(toks_[open].end, toks_[close].begin - toks_[open].end));
    }

    // Index of the ')' closing the '(' at `open` (size() when unbalanced).
    std::size_t matching(std::size_t open) const {
        int depth = 0;
        for (std::size_t i = open; i < toks_.size(); ++i) {
            if (toks_[i].is_punct("(")) ++depth;
            else if (toks_[i].is_punct(")") && --depth == 0) return i;
        }
        return toks_.size();
    }

    // Token ranges [first, last) split by top-level commas inside the parens at `open`.
    std::vector<std::pair<std::size_t, std::size_t>> split_list(std::size_t open) const {
        std::vector<std::pair<std::size_t, std::size_t>> parts;
        std::size_t close = matching(open), start = open + 1;
        int depth = 0;
        for (std::size_t i = open + 1; i < close; ++i) {
            if (toks_[i].is_punct("(")) ++depth;
            else if (toks_[i].is_punct(")")) --depth;
            else if (depth == 0 && toks_[i].is_punct(",")) {
                parts.emplace_back(start, i);
                start = i + 1;
            }
        }
        if (start < close) parts.emplace_back(start, close);
        return parts;
    }

    std::string text(std::size_t first, std::size_t last) const { // tokens [first, last)
        if (first >= last) return {};
        return trim(sql_.substr(toks_[first].begin, toks_[last - 1].end - toks_[first].begin));
    }

    // `(a, "b", c)` at the cursor -> {a, b, c}
    std::vector<std::string> name_list() {
        std::vector<std::string> names;
        if (!at_punct("(")) return names;
        std::size_t open = pos_;
        for (auto [b, e] : split_list(open))
            if (toks_[b].is_name()) names.push_back(toks_[b].value);
        pos_ = matching(open) + 1;
        return names;
    }

    std::string_view source() const { return sql_; }

private:
    std::string_view sql_;
    std::vector<Token> toks_;
    std::size_t pos_ = 0;
};

bool skip_create_prefix(Reader& r, std::string_view object) {
    if (!r.accept_word("CREATE")) return false;
    if (!r.accept_word("TEMP")) r.accept_word("TEMPORARY");
    if (object == "INDEX") r.accept_word("UNIQUE");
    if (!r.accept_word(object)) return false;
    if (r.at_word("IF") && r.at_word("NOT", 1) && r.at_word("EXISTS", 2)) {
        r.next(); r.next(); r.next();
    }
    return true;
}

// The words that end a column's type and start its constraints.
bool starts_column_constraint(const Token& t) {
    for (auto w : {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT",
                   "COLLATE", "REFERENCES", "GENERATED", "AS"})
        if (t.is_word(w)) return true;
    return false;
}

// REFERENCES t [(cols)] [ON ...|MATCH x]* [[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]]
void read_references(Reader& r, std::size_t end, ParsedForeignKey& fk) {
    r.accept_word("REFERENCES");
    if (auto n = r.name()) fk.ref_table = *n;
    fk.ref_columns = r.name_list();
    while (r.pos() < end) {
        if (r.accept_word("NOT") && r.accept_word("DEFERRABLE")) {
            fk.deferrable = false;
        } else if (r.accept_word("DEFERRABLE")) {
            fk.deferrable = true;
            if (r.accept_word("INITIALLY")) fk.initially_deferred = r.accept_word("DEFERRED");
        } else {
            r.next();
        }
    }
}

void read_column(Reader& r, std::size_t first, std::size_t last, ParsedTable& table) {
    r.seek(first);
    ParsedColumn col;
    col.name = r.next()->value;
    std::size_t type_begin = r.pos();
    while (r.pos() < last && !starts_column_constraint(*r.peek())) {
        if (r.at_punct("(")) r.seek(r.matching(r.pos()) + 1);
        else r.next();
    }
    col.type = r.text(type_begin, std::min(r.pos(), last));

    std::optional<std::string> name;
    while (r.pos() < last) {
        if (r.accept_word("CONSTRAINT")) {
            name = r.name();
            continue;
        }
        if (r.accept_word("PRIMARY")) {
            r.accept_word("KEY");
            if (r.accept_word("DESC")) col.primary_key_desc = true;
            while (r.pos() < last && !starts_column_constraint(*r.peek())) {
                if (r.accept_word("AUTOINCREMENT")) col.autoincrement = true;
                else r.next();
            }
            table.primary_key = ParsedKey{name, {col.name}};
        } else if (r.accept_word("UNIQUE")) {
            table.uniques.push_back({name, {col.name}});
        } else if (r.accept_word("CHECK")) {
            if (auto e = r.parenthesised()) table.checks.push_back({name, *e});
        } else if (r.accept_word("COLLATE")) {
            col.collation = r.name();
        } else if (r.at_word("REFERENCES")) {
            std::size_t end = r.pos() + 1;
            // the clause runs to the next constraint; NOT, NULL and DEFAULT also occur inside
            // it (NOT DEFERRABLE, SET NULL, SET DEFAULT)
            auto ends_clause = [&](std::size_t i) {
                const Token& t = r.at(i);
                if (t.is_word("NOT") || t.is_word("NULL")) return false;
                if (t.is_word("DEFAULT") && r.at(i - 1).is_word("SET")) return false;
                return starts_column_constraint(t);
            };
            while (end < last && !ends_clause(end)) ++end;
            ParsedForeignKey fk{name, {col.name}, {}, {}, false, false};
            read_references(r, end, fk);
            table.foreign_keys.push_back(std::move(fk));
        } else if (r.accept_word("GENERATED") || r.at_word("AS")) {
            r.accept_word("ALWAYS");
            r.accept_word("AS");
            if (r.at_punct("(")) col.generated = r.parenthesised();
            if (r.accept_word("STORED")) col.generated_stored = true;
            else r.accept_word("VIRTUAL");
        } else if (r.accept_word("DEFAULT")) {
            if (r.at_punct("(")) r.parenthesised();
            else if (r.pos() < last) r.next(); // a literal
        } else {
            r.next(); // NOT, NULL, ON CONFLICT x, STORED, ...
            continue; // a constraint name applies to the next constraint only
        }
        name.reset();
    }
    table.columns.push_back(std::move(col));
}

void read_table_constraint(Reader& r, std::size_t first, std::size_t last, ParsedTable& table) {
    r.seek(first);
    std::optional<std::string> name;
    if (r.accept_word("CONSTRAINT")) name = r.name();
    if (r.accept_word("PRIMARY")) {
        r.accept_word("KEY");
        table.primary_key = ParsedKey{name, r.name_list()};
    } else if (r.accept_word("UNIQUE")) {
        table.uniques.push_back({name, r.name_list()});
    } else if (r.accept_word("CHECK")) {
        if (auto e = r.parenthesised()) table.checks.push_back({name, *e});
    } else if (r.accept_word("FOREIGN")) {
        r.accept_word("KEY");
        ParsedForeignKey fk{name, r.name_list(), {}, {}, false, false};
        read_references(r, last, fk);
        table.foreign_keys.push_back(std::move(fk));
    }
}

} // namespace

bool Token::is_word(std::string_view keyword) const {
    return kind == TokenKind::word && base::same_word(value, keyword);
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    for (const auto& t : base::sql_tokens(s, base::SqlSyntax::sqlite, /*with_space_and_comments=*/false)) {
        switch (t.kind) {
        case base::SqlTokenKind::string: out.push_back({TokenKind::string, base::sql_unquote(t.text(s)), t.begin, t.end}); break;
        case base::SqlTokenKind::quoted: out.push_back({TokenKind::quoted, base::sql_unquote(t.text(s)), t.begin, t.end}); break;
        case base::SqlTokenKind::word: out.push_back({TokenKind::word, std::string(t.text(s)), t.begin, t.end}); break;
        case base::SqlTokenKind::number: out.push_back({TokenKind::number, std::string(t.text(s)), t.begin, t.end}); break;
        default: out.push_back({TokenKind::punct, std::string(t.text(s)), t.begin, t.end}); break;
        }
    }
    return out;
}

std::string collapse_whitespace(std::string_view sql) {
    auto toks = tokenize(sql);
    while (!toks.empty() && toks.back().is_punct(";")) toks.pop_back();
    std::string out;
    for (std::size_t i = 0; i < toks.size(); ++i) {
        if (i > 0 && toks[i].begin > toks[i - 1].end) out += ' ';
        out += sql.substr(toks[i].begin, toks[i].end - toks[i].begin);
    }
    return out;
}

std::optional<ParsedTable> parse_create_table(std::string_view sql) {
    Reader r(sql);
    if (!skip_create_prefix(r, "TABLE")) return std::nullopt;
    ParsedTable table;
    auto name = r.name();
    if (!name || !r.at_punct("(")) return std::nullopt;
    table.name = *name;
    std::size_t open = r.pos();
    for (auto [first, last] : r.split_list(open)) {
        const Token& t = r.at(first);
        bool constraint = t.kind == TokenKind::word &&
                          (t.is_word("CONSTRAINT") || t.is_word("PRIMARY") || t.is_word("UNIQUE") ||
                           t.is_word("CHECK") || t.is_word("FOREIGN"));
        if (constraint) read_table_constraint(r, first, last, table);
        else read_column(r, first, last, table);
    }
    r.seek(r.matching(open) + 1);
    while (!r.done()) {
        if (r.accept_word("WITHOUT") && r.accept_word("ROWID")) table.without_rowid = true;
        else if (r.accept_word("STRICT")) table.strict = true;
        else r.next();
    }
    return table;
}

std::optional<ParsedIndex> parse_create_index(std::string_view sql) {
    Reader r(sql);
    ParsedIndex index;
    index.unique = r.at_word("UNIQUE", 1) || (r.at_word("UNIQUE", 2) && (r.at_word("TEMP", 1) || r.at_word("TEMPORARY", 1)));
    if (!skip_create_prefix(r, "INDEX")) return std::nullopt;
    auto name = r.name();
    if (!name || !r.accept_word("ON")) return std::nullopt;
    index.name = *name;
    auto table = r.name();
    if (!table || !r.at_punct("(")) return std::nullopt;
    index.table = *table;
    std::size_t open = r.pos();
    for (auto [first, last] : r.split_list(open)) {
        ParsedIndexElement el;
        if (last > first && (r.at(last - 1).is_word("ASC") || r.at(last - 1).is_word("DESC"))) {
            el.descending = r.at(last - 1).is_word("DESC");
            --last;
        }
        // a trailing COLLATE name belongs to the element, not to its expression
        if (last >= first + 2 && r.at(last - 2).is_word("COLLATE")) last -= 2;
        el.is_column = last == first + 1 && (r.at(first).kind == TokenKind::word || r.at(first).kind == TokenKind::quoted);
        el.text = el.is_column ? r.at(first).value : r.text(first, last);
        index.elements.push_back(std::move(el));
    }
    r.seek(r.matching(open) + 1);
    if (r.accept_word("WHERE")) {
        std::size_t b = r.pos(), e = r.size();
        while (e > b && r.at(e - 1).is_punct(";")) --e;
        index.where = r.text(b, e);
    }
    return index;
}

std::optional<std::string> parse_create_view(std::string_view sql) {
    Reader r(sql);
    if (!skip_create_prefix(r, "VIEW")) return std::nullopt;
    if (!r.name()) return std::nullopt;
    if (r.at_punct("(")) r.name_list();
    if (!r.accept_word("AS") || r.done()) return std::nullopt;
    return collapse_whitespace(sql.substr(r.peek()->begin));
}

} // namespace migrate::dialect::detail
