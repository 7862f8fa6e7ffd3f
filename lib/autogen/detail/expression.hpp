// Text matching for autogenerate: shell-style globs for include/exclude lists, and the
// dialect's canonical form of expressions (dialect/expression.hpp) under the name the diff uses.
#pragma once

#include <string_view>

#include <migrate/dialect/expression.hpp>

namespace migrate::autogen::detail {

using dialect::canonical_expression;

// Shell-style glob (`*`, `?`) on the whole text.
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace migrate::autogen::detail
