#include <migrate/lint/lint.hpp>

#include <migrate/base/error.hpp>
#include <migrate/ops/json.hpp>
#include <migrate/ops/table_recreation.hpp>
#include <migrate/schema/json_fields.hpp>

#include "detail/context.hpp"

#include <algorithm>

namespace migrate::lint {

namespace {

using detail::Ignores;
using detail::RevisionContext;

std::string file_of(const revision::Revision& rev) {
    return rev.path.empty() ? "revision " + rev.id : rev.path.generic_string();
}

// The ignores of one object ("upgrade[2]" or the revision), every rule checked to exist.
Ignores ignores_of(const nlohmann::json& object, const std::string& path, const std::string& file) {
    Ignores out;
    try {
        out = ops::lint_ignores(object, path);
    } catch (const schema::JsonFieldError& e) {
        throw RevisionError(file, e.field(), e.reason());
    }
    for (const auto& [rule, reason] : out)
        if (!find_rule(rule))
            throw RevisionError(file, schema::join_path(schema::join_path(path, "lint.ignore"), rule),
                                "unknown lint rule (known: " + rule_list() + ")");
    return out;
}

// The index of the first op of each table recreation SQLite may do, for the recreation rule.
std::vector<std::size_t> recreation_starts(const std::vector<ops::Op>& list, const dialect::Dialect& dialect) {
    std::vector<std::size_t> first_op;
    auto planned = ops::plan(list, dialect, &first_op);
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < planned.size(); ++k)
        if (std::holds_alternative<ops::TableRun>(planned[k])) out.push_back(first_op[k]);
    return out;
}

void lint_revision(const revision::Revision& rev, const dialect::Dialect& dialect, detail::TableFacts& facts,
                   const Settings& settings, std::vector<Finding>& out) {
    const std::string file = file_of(rev);
    const auto first_finding = static_cast<std::ptrdiff_t>(out.size());
    const auto list = revision::upgrade_ops(rev);
    const auto& items = rev.ops.upgrade();
    RevisionContext c{rev, file, list, dialect, facts, settings, {}, {}, out};
    c.revision_ignores = ignores_of(nlohmann::json{{"lint", rev.ops.lint()}}, "", file);
    for (std::size_t i = 0; i < items.size(); ++i)
        c.op_ignores.push_back(ignores_of(items[i], "upgrade[" + std::to_string(i) + "]", file));

    detail::check_revision(c);
    const auto recreations = recreation_starts(list, dialect);
    bool lock_timeout_set = rev.ops.settings().lock_timeout_ms.has_value();
    bool lock_reported = false;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& op = list[i];
        if (const auto* sql = std::get_if<ops::Sql>(&op); sql && dialect.sets_lock_timeout(sql->sql))
            lock_timeout_set = true;
        detail::check_op(c, i);
        detail::check_locks(c, i);
        if (!lock_timeout_set && !lock_reported && detail::locks_table_with_rows(c, i)) {
            lock_reported = true;
            c.report("missing_lock_timeout", i,
                     ops::describe(op) + " takes a lock on " + ops::display_name(*ops::target_table(op)) +
                         " that blocks its writers (" + c.facts.describe(*ops::target_table(op)) +
                         ") and no lock_timeout is set before it in revision " + rev.id);
        }
        if (std::find(recreations.begin(), recreations.end(), i) != recreations.end()) {
            const auto table = *ops::target_table(op);
            if (facts.holds_more_than(table, settings.sqlite_recreate_rows))
                c.report("sqlite_table_recreation", i,
                         ops::describe(op) + " may be done by copying " + ops::display_name(table) +
                             " into a new table (" + facts.describe(table) + ", over the " +
                             std::to_string(settings.sqlite_recreate_rows) + " of [lint] sqlite_recreate_rows)");
        }
        facts.apply(op);
    }
    // The revision's own findings first, then op by op.
    std::stable_sort(out.begin() + first_finding, out.end(), [](const Finding& a, const Finding& b) {
        return a.op_index.value_or(0) + (a.op_index ? 1 : 0) < b.op_index.value_or(0) + (b.op_index ? 1 : 0);
    });
}

} // namespace

namespace detail {

void RevisionContext::report(std::string_view id, std::optional<std::size_t> op, std::string message,
                             std::string safer) {
    const Rule* rule = find_rule(id);
    auto severity = rule ? settings.severity_of(*rule) : std::nullopt;
    if (!severity) return;
    Finding f;
    f.rule = std::string(id);
    f.severity = *severity;
    f.revision = rev.id;
    f.file = rev.path.empty() ? std::string() : rev.path.generic_string();
    f.op_index = op;
    if (op) f.op = ops::describe(ops[*op]);
    f.message = std::move(message);
    f.safer = safer.empty() ? std::string(rule->safer) : std::move(safer);
    const Ignores* scopes[] = {op ? &op_ignores[*op] : nullptr, &revision_ignores};
    for (const Ignores* scope : scopes) {
        if (!scope) continue;
        if (auto it = scope->find(f.rule); it != scope->end()) {
            f.ignored = it->second;
            break;
        }
    }
    out.push_back(std::move(f));
}

} // namespace detail

std::vector<Finding> lint(const std::vector<const revision::Revision*>& revisions, const dialect::Dialect& dialect,
                          db::Connection* connection, const Settings& settings) {
    // Rows are counted up to one past the recreation threshold where there is no estimate.
    detail::TableFacts facts(dialect, connection, std::max<std::int64_t>(settings.sqlite_recreate_rows + 1, 1000));
    std::vector<Finding> out;
    for (const auto* rev : revisions) lint_revision(*rev, dialect, facts, settings, out);
    return out;
}

bool has_errors(const std::vector<Finding>& findings) {
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding& f) { return !f.ignored && f.severity == Severity::error; });
}

} // namespace migrate::lint
