// What lint knows of each table while it walks a run of revisions: created within the run (new
// and empty), found in the database with its rows, missing, or unknown (offline). Private to
// lib/lint.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <migrate/db/connection.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/ops/op.hpp>

namespace migrate::lint::detail {

class TableFacts {
public:
    // `connection` null: offline. `bound`: rows are counted up to it where there is no estimate.
    TableFacts(const dialect::Dialect& dialect, db::Connection* connection, std::int64_t bound);

    // Whether an op on `table` can hurt rows or block a busy table: it exists before the run
    // and holds rows, or it is not known (offline).
    bool holds_rows(const dialect::ObjectName& table);
    // More than `threshold` rows (unknown offline counts as more).
    bool holds_more_than(const dialect::ObjectName& table, std::int64_t threshold);
    // Whether the table was there before the run (true when unknown offline).
    bool existed_before(const dialect::ObjectName& table);
    // The facts in words, for messages: "books holds about 1200 rows", "books: rows unknown
    // (linted offline)".
    std::string describe(const dialect::ObjectName& table);

    // Follows what `op` does to tables (created, dropped, renamed) for the ops after it.
    void apply(const ops::Op& op);

private:
    enum class Kind { created, existing, missing, unknown };
    struct Fact {
        Kind kind = Kind::unknown;
        std::int64_t rows = 0; // for existing
    };
    Fact& at(const dialect::ObjectName& table);

    const dialect::Dialect& dialect_;
    db::Connection* connection_;
    std::int64_t bound_;
    std::map<std::string, Fact> facts_; // by display name
};

} // namespace migrate::lint::detail
