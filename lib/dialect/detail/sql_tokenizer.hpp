// A small SQL tokenizer and a reader for the CREATE TABLE / CREATE INDEX / CREATE VIEW text
// that SQLite stores in sqlite_schema: what the pragmas do not tell (constraint names, CHECKs,
// AUTOINCREMENT, COLLATE, DEFERRABLE, generated columns, STRICT / WITHOUT ROWID, index
// expressions and predicates) is recovered here.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::dialect::detail {

enum class TokenKind {
    word,       // bare identifier or keyword
    quoted,     // "ident", `ident`, [ident]
    string,     // 'literal' (also X'..' blob literals)
    number,
    punct,      // ( ) , ; . and operators
};

struct Token {
    TokenKind kind;
    std::string value;  // unquoted identifier / literal content; the raw text otherwise
    std::size_t begin;  // byte offsets into the source
    std::size_t end;

    bool is_word(std::string_view keyword) const; // case-insensitive, bare words only
    bool is_punct(std::string_view p) const { return kind == TokenKind::punct && value == p; }
    bool is_name() const { return kind == TokenKind::word || kind == TokenKind::quoted || kind == TokenKind::string; }
};

// Splits SQL into tokens, dropping whitespace and comments. Never throws: an unterminated
// quote runs to the end of the text.
std::vector<Token> tokenize(std::string_view sql);

// Collapses runs of whitespace outside quotes and literals to one space, drops comments,
// trims, and removes a trailing ';'. Used for view definitions so that layout is not a diff.
std::string collapse_whitespace(std::string_view sql);

// ----- CREATE TABLE ------------------------------------------------------------------------

struct ParsedForeignKey {
    std::optional<std::string> name;
    std::vector<std::string> columns;
    std::string ref_table;
    std::vector<std::string> ref_columns;
    bool deferrable = false;
    bool initially_deferred = false;
};

struct ParsedCheck {
    std::optional<std::string> name;
    std::string expression; // source text between the parentheses, trimmed
};

struct ParsedKey { // PRIMARY KEY or UNIQUE
    std::optional<std::string> name;
    std::vector<std::string> columns;
};

struct ParsedColumn {
    std::string name;
    std::string type;                      // declared type text, as written
    std::optional<std::string> collation;
    bool autoincrement = false;
    bool primary_key_desc = false;         // "INTEGER PRIMARY KEY DESC" is not a rowid alias
    std::optional<std::string> generated;  // [GENERATED ALWAYS] AS (expression): the text inside, trimmed
    bool generated_stored = false;         // STORED (VIRTUAL is the default)
};

struct ParsedTable {
    std::string name;
    std::vector<ParsedColumn> columns;
    std::optional<ParsedKey> primary_key;  // column-level or table-level
    std::vector<ParsedKey> uniques;
    std::vector<ParsedCheck> checks;       // column-level and table-level, in source order
    std::vector<ParsedForeignKey> foreign_keys;
    bool without_rowid = false;
    bool strict = false;
};

// Reads a CREATE TABLE statement; nullopt when the text is not one (e.g. CREATE VIRTUAL TABLE).
std::optional<ParsedTable> parse_create_table(std::string_view sql);

// ----- CREATE INDEX / CREATE VIEW ----------------------------------------------------------

struct ParsedIndexElement {
    std::string text;        // source text of the element, without COLLATE/ASC/DESC
    bool is_column = false;  // a single (possibly quoted) name: `text` is then unquoted
    bool descending = false;
};

struct ParsedIndex {
    std::string name;
    std::string table;
    bool unique = false;
    std::vector<ParsedIndexElement> elements;
    std::optional<std::string> where; // source text after WHERE, trimmed
};

std::optional<ParsedIndex> parse_create_index(std::string_view sql);

// The SELECT of a CREATE VIEW statement (source text after AS, trimmed, no trailing ';').
std::optional<std::string> parse_create_view(std::string_view sql);

} // namespace migrate::dialect::detail
