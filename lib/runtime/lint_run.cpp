// Migrator's `migrate lint`: which revisions to lint (what an upgrade would apply, or a range)
// and with which facts (the live database, or none offline).
#include <migrate/runtime/migrator.hpp>

#include <migrate/base/error.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/lint/lint.hpp>
#include <migrate/runtime/detail/offline_range.hpp>

#include <algorithm>

namespace migrate::runtime {

LintResult Migrator::lint_plan(const revision::MigrationPlan& plan, const dialect::Dialect& dialect, db::Connection* conn,
                     const lint::Settings& settings) {
    LintResult result;
    std::vector<const revision::Revision*> revisions;
    for (const auto& step : plan.steps) {
        revisions.push_back(step.revision);
        result.revisions.push_back(step.revision->id);
    }
    result.findings = lint::lint(revisions, dialect, conn, settings);
    result.live = conn != nullptr;
    return result;
}

void Migrator::lint_gate(const revision::MigrationPlan& plan, const dialect::Dialect& dialect) {
    if (config_.lint_gate == LintGate::off || plan.steps.empty()) return;
    auto result = lint_plan(plan, dialect, &connection(), config_.lint);
    // Info findings (a sql op not analysed) and ignored ones alone are not worth a word on every run.
    const bool worth_reporting = std::any_of(result.findings.begin(), result.findings.end(), [](const lint::Finding& f) {
        return !f.ignored && f.severity != lint::Severity::info;
    });
    if (!worth_reporting) return;
    if (on_lint_) on_lint_(result, config_.lint_gate);
    if (config_.lint_gate != LintGate::error || !lint::has_errors(result.findings)) return;
    std::size_t errors = 0;
    for (const auto& f : result.findings)
        if (!f.ignored && f.severity == lint::Severity::error) ++errors;
    throw Disagreement("upgrade refused: lint found " + std::to_string(errors) + " error" + (errors == 1 ? "" : "s") +
                       " in the revisions to apply ([lint] upgrade = \"error\"); nothing was changed. Rewrite the "
                       "ops the safer way, or silence a rule on the op with \"lint\": {\"ignore\": {\"RULE\": "
                       "\"REASON\"}}");
}

LintResult Migrator::lint_pending() {
    const auto& g = graph();
    auto& conn = connection();
    auto plan = revision::plan_upgrade(g, current(), "heads");
    // A tenant whose schema is not made yet has no tables to read facts of; the search path
    // would show another schema's instead.
    return lint_plan(plan, dialect::dialect_for(conn.backend()), schema_exists() ? &conn : nullptr, config_.lint);
}

LintResult Migrator::lint_range(std::string_view range) {
    auto offline = detail::offline_range(graph(), revision::Direction::upgrade, range);
    return lint_plan(offline.plan, dialect::dialect_for(backend()), nullptr, config_.lint);
}

} // namespace migrate::runtime
