// SQL expression text (defaults, checks, index expressions and predicates, view bodies) as
// rendering, reflection and comparison read it: the one canonicaliser, on the base layer's
// scanner, so string literals and quoted identifiers are never touched.
#pragma once

#include <string>
#include <string_view>

namespace migrate::dialect {

class Dialect;

std::string collapse_space(std::string_view text);     // runs of whitespace -> one space, trimmed
std::string lower_unquoted(std::string_view text);     // keywords and bare names to lower case
std::string strip_outer_parens(std::string_view text); // "((x))" -> "x"; "(a) + (b)" unchanged

// The form two expressions are compared in: the dialect's normalise_default, then no
// whitespace or comments, no casts ("::numeric"), no parentheses around a single operand, no
// outer parentheses. Used only to decide equality, never written anywhere.
std::string canonical_expression(std::string_view expression, const Dialect* dialect);

} // namespace migrate::dialect
