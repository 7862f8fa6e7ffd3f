// Reading identifiers out of SQL expression text (CHECKs, index expressions, predicates, view
// and trigger bodies), so the schema tracker and the SQLite recreate planner know what mentions
// a column or a table. Private to lib/ops.
#pragma once

#include <string>
#include <string_view>

namespace migrate::ops::detail {

// SQLite compares identifiers ASCII-case-insensitively.
bool same_name(std::string_view a, std::string_view b);

// True when `sql` has an identifier token (bare, "quoted", `quoted` or [quoted]) equal to
// `name`, outside string literals and comments. Conservative: `t.x` mentions both t and x.
bool mentions(std::string_view sql, std::string_view name);

// A default SQLite accepts in ALTER TABLE ADD COLUMN: a literal (number, string, blob, NULL,
// TRUE/FALSE), optionally signed. CURRENT_TIMESTAMP and (expressions) are not constant.
bool is_constant_default(std::string_view text);

} // namespace migrate::ops::detail
