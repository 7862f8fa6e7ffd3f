#include <migrate/runtime/detail/table_runs.hpp>

#include <migrate/db/error.hpp>
#include <migrate/ops/apply.hpp>
#include <migrate/runtime/revision_ops.hpp>

namespace migrate::runtime::detail {

void track(const ops::Op& op, schema::MetaData& model) {
    try {
        ops::apply(op, model);
    } catch (const NotSupported&) {
        throw; // what no database can do (a server default on a generated column)
    } catch (const Error&) {
        // Unknown to the tracker (created by raw SQL): nothing to follow.
    }
}

void track(const revision::MigrationPlan& plan, schema::MetaData& model) {
    for (const auto& step : plan.steps)
        for (const auto& op : revision_ops(*step.revision, step.direction)) track(op, model);
}

std::vector<ops::Statement> offline_table_run(const ops::TableRun& run, const schema::MetaData& model,
                                              const dialect::Dialect& dialect) {
    auto state = ops::table_state(model, run.table, dialect);
    auto sql = ops::render_table_run(run, state, dialect, /*bind=*/false);
    auto out = std::move(sql.statements);
    for (auto& s : ops::foreign_key_check_statements(sql, state, dialect)) out.push_back(ops::Statement{std::move(s), {}, false});
    return out;
}

} // namespace migrate::runtime::detail
