// A planned step turned into what the runtime executes or prints: its ops parsed and checked
// against the dialect, rendered to statements, before anything touches the database.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <migrate/dialect/dialect.hpp>
#include <migrate/ops/op.hpp>
#include <migrate/ops/render.hpp>
#include <migrate/ops/table_recreation.hpp>
#include <migrate/revision/migration_plan.hpp>

namespace migrate::runtime::detail {

struct PreparedOp {
    ops::Op op;
    std::vector<ops::Statement> statements; // online form (bulk_insert bound)
    bool in_transaction = true;             // false: PostgreSQL CONCURRENTLY
    // SQLite: ops on one table run together, by recreation when needed; online, its statements
    // come from the live table (ops::execute_table_run), offline they are in `statements`.
    std::optional<ops::TableRun> run;
};

struct PreparedStep {
    const revision::Revision* revision = nullptr;
    revision::Direction direction = revision::Direction::upgrade;
    std::vector<std::string> heads_before;
    std::vector<std::string> heads_after;
    std::vector<PreparedOp> ops;
};

// Parses and checks every op of every step (RevisionError naming the file and the op's field;
// NotSupported naming the op) and renders it. Pure: no database.
// `offline`: statements with values inlined as literals (ops::render), for --sql scripts.
// `model`: the schema before the plan, tracked through its ops (offline table recreation).
std::vector<PreparedStep> prepare(const revision::MigrationPlan& plan, const dialect::Dialect& dialect,
                                  bool offline = false, schema::MetaData* model = nullptr);

// "revision ab12 (versions/ab12_add.json)".
std::string name_of(const revision::Revision& rev);

// Rethrows the exception being handled with `where` ("revision ab12 (...), op ...") before its
// message, keeping its class (and so its exit status) and a DatabaseError's code and statement.
// Call only inside a catch block.
[[noreturn]] void rethrow_in(const std::string& where);

} // namespace migrate::runtime::detail
