// Database URLs: which driver, and what it connects to. Passwords are masked in all output.
#pragma once

#include <string>

namespace migrate::db {

enum class Backend { sqlite, postgresql };

struct Url {
    Backend backend;
    std::string original;   // as given (never print it: use masked())
    std::string sqlite_path; // sqlite only: file path, or ":memory:"
    std::string conninfo;   // postgresql only: the URI handed to libpq

    std::string masked() const;
    bool is_memory() const { return backend == Backend::sqlite && sqlite_path == ":memory:"; }
};

// Throws UsageError naming the (masked) URL for an unknown scheme or a malformed URL.
// sqlite:///relative.db, sqlite:////absolute.db, sqlite://, sqlite:///:memory:,
// postgresql://..., postgres://...
Url parse_url(const std::string& url);

// "postgresql://bob:secret@h/db" -> "postgresql://bob:***@h/db"; also masks password=... query
// parameters and key=value conninfo strings. Safe on any string.
std::string mask_password(const std::string& text);

} // namespace migrate::db
