// Errors raised while a revision is built or run name the revision, its file and the op.
#pragma once

#include <string>

#include <migrate/revision/revision.hpp>

namespace migrate::runtime::detail {

// "revision ab12 (ab12_add.json)".
std::string name_of(const revision::Revision& rev);
std::string name_of(const std::string& revision, const std::string& file);

// Rethrows the exception being handled with `where` ("revision ab12 (...), op ...") before its
// message, keeping its class (and so its exit status) and a DatabaseError's code and statement.
// Call only inside a catch block.
[[noreturn]] void rethrow_in(const std::string& where);

} // namespace migrate::runtime::detail
