#include <migrate/runtime/detail/prepared_step.hpp>

#include <migrate/db/error.hpp>
#include <migrate/ops/json.hpp>
#include <migrate/runtime/detail/table_runs.hpp>
#include <migrate/runtime/revision_ops.hpp>
#include <migrate/schema/json.hpp>

#include <type_traits>

namespace migrate::runtime::detail {

std::string name_of(const revision::Revision& rev) {
    std::string out = "revision " + rev.id;
    if (!rev.path.empty()) out += " (" + rev.path.filename().string() + ")";
    return out;
}

} // namespace migrate::runtime::detail

namespace migrate::runtime {

std::vector<ops::Op> revision_ops(const revision::Revision& rev, revision::Direction direction) {
    const bool up = direction == revision::Direction::upgrade;
    const auto& list = up ? rev.upgrade : rev.downgrade;
    const std::string field = up ? "upgrade" : "downgrade";
    using Item = std::decay_t<decltype(list)>::value_type;
    std::vector<ops::Op> out;
    out.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        if constexpr (std::is_same_v<Item, ops::Op>) {
            out.push_back(list[i]);
        } else {
            const std::string where = field + "[" + std::to_string(i) + "]";
            try {
                out.push_back(ops::op_from_json(list[i], where));
            } catch (const schema::JsonFieldError& e) {
                throw RevisionError(rev.path.empty() ? "revision " + rev.id : rev.path.string(), e.field(),
                                    e.reason());
            }
        }
    }
    return out;
}

} // namespace migrate::runtime

namespace migrate::runtime::detail {

std::vector<PreparedStep> prepare(const revision::MigrationPlan& plan, const dialect::Dialect& dialect,
                                  bool offline, schema::MetaData* model) {
    std::vector<PreparedStep> steps;
    steps.reserve(plan.steps.size());
    std::vector<std::string> before = plan.heads_before;
    for (const auto& s : plan.steps) {
        PreparedStep step;
        step.revision = s.revision;
        step.direction = s.direction;
        step.heads_before = before;
        step.heads_after = s.heads_after;
        before = s.heads_after;
        for (auto& planned : ops::plan(revision_ops(*s.revision, s.direction), dialect)) {
            if (auto* run = std::get_if<ops::TableRun>(&planned)) {
                PreparedOp p{run->ops.front(), {}, true, *run};
                if (offline && model) p.statements = offline_table_run(*run, *model, dialect);
                if (model)
                    for (const auto& op : run->ops) track(op, *model);
                step.ops.push_back(std::move(p));
                continue;
            }
            auto& op = std::get<ops::Op>(planned);
            if (model) track(op, *model);
            try {
                ops::check_supported(op, dialect);
            } catch (const NotSupported& e) {
                throw NotSupported(name_of(*s.revision) + ": " + e.what());
            }
            PreparedOp p{op, {}, ops::runs_in_transaction(op, dialect)};
            if (offline) {
                for (auto& sql : ops::render(op, dialect)) p.statements.push_back(ops::Statement{std::move(sql), {}, false});
            } else {
                p.statements = ops::render_statements(op, dialect);
            }
            step.ops.push_back(std::move(p));
        }
        steps.push_back(std::move(step));
    }
    return steps;
}

} // namespace migrate::runtime::detail
