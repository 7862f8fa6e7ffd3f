// The exception hierarchy of the whole library, below every layer so that the layers without a
// database (schema, revision) throw without linking one. The CLI maps these to exit codes in one
// place: UsageError, RevisionError, NotSupported -> 2 (bad input); Disagreement -> 3; Interrupted ->
// 128 + the signal (130 SIGINT, 143 SIGTERM); DatabaseError and other Error -> 1.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

namespace migrate {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Bad input from the user: a bad URL, an unknown option value, an ambiguous target.
class UsageError : public Error {
public:
    using Error::Error;
};

// Something the dialect (or this tool) cannot do, named in the message.
class NotSupported : public Error {
public:
    using Error::Error;
};

// A check found what it looks for: drift between the database and the target, a revision
// file that no longer matches what was applied. The message says what disagrees.
class Disagreement : public Error {
public:
    using Error::Error;
};

// The run was stopped by a signal (SIGINT, SIGTERM): the running statement was cancelled and
// what was not committed rolled back. The message says where the run stopped.
class Interrupted : public Error {
public:
    Interrupted(int signal, const std::string& what) : Error(what), signal_(signal) {}
    int signal() const noexcept { return signal_; }

private:
    int signal_;
};

// A revision file or the revision graph is invalid; names the file and the field.
class RevisionError : public Error {
public:
    RevisionError(std::string file, std::string field, const std::string& what)
        : Error(file.empty() ? what : file + (field.empty() ? "" : ": " + field) + ": " + what),
          file_(std::move(file)), field_(std::move(field)) {}
    explicit RevisionError(const std::string& what) : Error(what) {}
    const std::string& file() const noexcept { return file_; }
    const std::string& field() const noexcept { return field_; }

private:
    std::string file_;
    std::string field_;
};

// The database refused something. `code` is the SQLSTATE on PostgreSQL ("42P01") or the
// extended result code on SQLite ("2067" for SQLITE_CONSTRAINT_UNIQUE, see sqlite_code()).
class DatabaseError : public Error {
public:
    DatabaseError(const std::string& what, std::string code, std::string statement, int sqlite_code = 0)
        : Error(what), code_(std::move(code)), statement_(std::move(statement)), sqlite_code_(sqlite_code) {}
    const std::string& code() const noexcept { return code_; }
    const std::string& statement() const noexcept { return statement_; }
    int sqlite_code() const noexcept { return sqlite_code_; }
    // Set when one row of a batch (db::Connection::execute_many) failed: its index, from 0.
    std::optional<std::size_t> row() const noexcept { return row_; }
    // The same error, said of row `row` of a batch of `rows`.
    DatabaseError at_row(std::size_t row, std::size_t rows) const {
        return restated("row " + std::to_string(row) + " of " + std::to_string(rows) + ": ", row);
    }
    // The same error with `prefix` before its message (what failed, in the caller's words).
    DatabaseError restated(const std::string& prefix, std::optional<std::size_t> row) const {
        DatabaseError e(prefix + what(), code_, statement_, sqlite_code_);
        e.row_ = row;
        return e;
    }

private:
    std::string code_;
    std::string statement_;
    int sqlite_code_;
    std::optional<std::size_t> row_;
};

// No connection came free in a connection pool within its timeout; the message names the pool's
// state (db::Pool).
class PoolTimeout : public DatabaseError {
public:
    explicit PoolTimeout(const std::string& what) : DatabaseError(what, "", "") {}
};

} // namespace migrate
