// Migrator's `migrate lint`: which revisions to lint (what an upgrade would apply, or a range)
// and with which facts (the live database, or none offline).
#include <migrate/runtime/migrator.hpp>

#include <migrate/dialect/dialect.hpp>
#include <migrate/lint/lint.hpp>
#include <migrate/runtime/detail/offline_range.hpp>

namespace migrate::runtime {

namespace {

LintResult lint_plan(const revision::MigrationPlan& plan, const dialect::Dialect& dialect, db::Connection* conn,
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

} // namespace

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
