#include <migrate/runtime/detail/table_runs.hpp>

#include <migrate/base/error.hpp>
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

} // namespace migrate::runtime::detail
