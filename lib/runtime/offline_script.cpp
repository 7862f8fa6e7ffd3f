// Migrator's offline mode (--sql): the same prepared steps as an online run, printed as one
// SQL script with the version-table statements and the transaction statements, no database.
#include <migrate/runtime/migrator.hpp>

#include <migrate/db/error.hpp>
#include <migrate/db/url.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/ops/op.hpp>
#include <migrate/revision/target.hpp>
#include <migrate/runtime/detail/offline_text.hpp>
#include <migrate/runtime/detail/prepared_step.hpp>
#include <migrate/runtime/detail/table_runs.hpp>

#include <algorithm>

namespace migrate::runtime {

namespace {

using revision::Direction;

std::string join(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
    return out.empty() ? "<base>" : out;
}

// An empty plan whose TO names other revisions than FROM: the range was written the wrong way
// round (`upgrade head:base`), not "already there" (`upgrade ae10:ae10`).
bool range_goes_backwards(const revision::RevisionGraph& g, const std::vector<std::string>& from_ids,
                          const std::string& to) {
    std::vector<std::string> to_ids;
    try {
        for (auto i : revision::resolve_revisions(g, to)) to_ids.push_back(g.at(i).id);
    } catch (const UsageError&) {
        return false; // relative to FROM ("+1"): the planner has judged it
    }
    auto a = revision::normalize_heads(g, from_ids), b = revision::normalize_heads(g, to_ids);
    return a != b;
}

} // namespace

std::string Migrator::upgrade_sql(std::string_view range) { return offline(Direction::upgrade, range); }
std::string Migrator::downgrade_sql(std::string_view range) { return offline(Direction::downgrade, range); }

std::string Migrator::offline(Direction direction, std::string_view range) {
    const auto& g = graph();
    const auto& dialect = dialect::dialect_for(backend());
    const bool up = direction == Direction::upgrade;

    std::string from = "base";
    std::string to(range);
    if (auto colon = range.find(':'); colon != std::string_view::npos) {
        from = std::string(range.substr(0, colon));
        to = std::string(range.substr(colon + 1));
    } else if (!up) {
        throw UsageError("downgrade --sql needs a range FROM:TO (e.g. head:base): offline mode cannot read the "
                         "current revision from the database");
    }
    if (from.empty() || to.empty()) throw UsageError("bad range '" + std::string(range) + "': expected FROM:TO");

    std::vector<std::string> current;
    if (from != "base")
        for (auto i : revision::resolve_revisions(g, from)) current.push_back(g.at(i).id);
    auto plan = up ? revision::plan_upgrade(g, current, to) : revision::plan_downgrade(g, current, to);
    if (plan.empty() && range_goes_backwards(g, current, to))
        throw UsageError("range '" + std::string(range) + "': " + from + " is " + (up ? "above " : "below ") + to +
                         ", so this " + (up ? "upgrade" : "downgrade") + " would do nothing; did you mean " + to + ":" +
                         from + (up ? " with downgrade" : " with upgrade") + "?");
    // The schema at `from`, replayed from base, gives table recreations their table.
    schema::MetaData model;
    if (!current.empty()) detail::track(revision::plan_upgrade(g, {}, from), model);
    auto steps = detail::prepare(plan, dialect, /*offline=*/true, &model);
    const bool recreates = std::any_of(steps.begin(), steps.end(), [](const detail::PreparedStep& s) {
        return std::any_of(s.ops.begin(), s.ops.end(), [](const detail::PreparedOp& o) { return o.run.has_value(); });
    });

    const VersionTable versions(dialect.backend(), config_.version_table, config_.history_table);
    const bool per_revision = config_.transaction_per_revision;
    std::string out;
    out += detail::offline_header(std::string(up ? "upgrade " : "downgrade ") + from + ":" + to, dialect.backend());
    // SQLite table recreation: foreign keys off outside the transaction (SQLite ignores the
    // pragma inside one), checked with foreign_key_check after each recreation, on again at the end.
    if (recreates) out += "PRAGMA foreign_keys = OFF;\n";
    out += "BEGIN;\n\n";
    for (const auto& s : versions.create_statements()) detail::emit_statement(out, s);
    bool open = true;
    for (const auto& step : steps) {
        const auto& rev = *step.revision;
        if (!open) {
            out += "BEGIN;\n";
            open = true;
        }
        out += "\n-- " + std::string(up ? "upgrade " : "downgrade ") + join(step.heads_before) + " -> " +
               join(step.heads_after) + ": " + rev.id + (rev.message.empty() ? "" : " (" + rev.message + ")") + "\n";
        for (const auto& op : step.ops) {
            if (!op.in_transaction) out += "COMMIT;\n-- " + ops::describe(op.op) + " runs outside a transaction\n";
            for (const auto& s : op.statements) detail::emit_statement(out, s.sql);
            if (!op.in_transaction) out += "BEGIN;\n";
        }
        for (const auto& s : versions.move_heads(step.heads_before, step.heads_after)) detail::emit_statement(out, s);
        detail::emit_statement(out, versions.record(rev.id, up ? "upgrade" : "downgrade", std::nullopt, rev.sha256));
        if (per_revision) {
            out += "COMMIT;\n";
            open = false;
        }
    }
    if (open) out += "\nCOMMIT;\n";
    if (recreates) out += "PRAGMA foreign_keys = ON;\n";
    return out;
}

namespace detail {

void emit_statement(std::string& out, std::string sql) {
    while (!sql.empty() && (sql.back() == ';' || sql.back() == ' ' || sql.back() == '\n' || sql.back() == '\t' ||
                            sql.back() == '\r'))
        sql.pop_back();
    if (sql.empty()) return;
    out += sql;
    out += ";\n";
}

std::string offline_header(const std::string& what, db::Backend backend) {
    return "-- migrate " + what + " (" + std::string(dialect::dialect_for(backend).name()) + ", generated " +
           revision::utc_timestamp() + ")\n\n";
}

} // namespace detail

} // namespace migrate::runtime
