// Canonical forms of SQL expressions (checks, index expressions and predicates, view bodies),
// so that the same expression spelled by a user and deparsed by the database compares equal.
#pragma once

#include <string>
#include <string_view>

#include <migrate/dialect/dialect.hpp>

namespace migrate::autogen::detail {

// The dialect's default normalisation, then: no whitespace outside quotes, no casts
// ("::numeric"), no parentheses around a single operand, no outer parentheses. Used only to
// decide equality, never written anywhere.
std::string canonical_expression(std::string_view expression, const dialect::Dialect* dialect);

// Shell-style glob (`*`, `?`) on the whole text.
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace migrate::autogen::detail
