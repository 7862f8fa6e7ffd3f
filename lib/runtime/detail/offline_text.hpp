// The text of offline (--sql) scripts, shared by upgrade/downgrade and stamp.
#pragma once

#include <string>

#include <migrate/db/url.hpp>

namespace migrate::runtime::detail {

// Appends `sql` as one statement: trailing semicolons and blanks trimmed, then ";\n".
void emit_statement(std::string& out, std::string sql);
// "-- migrate <what> (<dialect>, generated <UTC time>)" and a blank line.
std::string offline_header(const std::string& what, db::Backend backend);

} // namespace migrate::runtime::detail
