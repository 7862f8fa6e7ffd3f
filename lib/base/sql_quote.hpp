// Quoting for SQL text, the same in both databases: "identifier" and 'literal' with the quote
// doubled inside. The dialect adds its checks (empty names, length limits) on top; the schema
// layer uses it to spell type names.
#pragma once

#include <string>
#include <string_view>

namespace migrate::base {

inline std::string quote_with(std::string_view text, char quote) {
    std::string out;
    out.reserve(text.size() + 2);
    out += quote;
    for (char c : text) {
        out += c;
        if (c == quote) out += quote;
    }
    out += quote;
    return out;
}

inline std::string quote_identifier(std::string_view name) { return quote_with(name, '"'); }
inline std::string quote_literal(std::string_view text) { return quote_with(text, '\''); }

} // namespace migrate::base
