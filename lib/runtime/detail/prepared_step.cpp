#include <migrate/runtime/detail/prepared_step.hpp>

#include <migrate/db/error.hpp>
#include <migrate/runtime/detail/table_runs.hpp>
#include <migrate/runtime/revision_ops.hpp>

namespace migrate::runtime::detail {

std::string name_of(const revision::Revision& rev) {
    std::string out = "revision " + rev.id;
    if (!rev.path.empty()) out += " (" + rev.path.filename().string() + ")";
    return out;
}

void rethrow_in(const std::string& where) {
    try {
        throw;
    } catch (const DatabaseError& e) {
        throw DatabaseError(where + ": " + e.what(), e.code(), e.statement(), e.sqlite_code());
    } catch (const NotSupported& e) {
        throw NotSupported(where + ": " + e.what());
    } catch (const UsageError& e) {
        throw UsageError(where + ": " + e.what());
    } catch (const RevisionError&) {
        throw; // names its file already
    } catch (const Interrupted&) {
        throw; // the run names where it stopped
    } catch (const Error& e) {
        throw Error(where + ": " + e.what());
    }
}

} // namespace migrate::runtime::detail

namespace migrate::runtime {

std::vector<ops::Op> revision_ops(const revision::Revision& rev, revision::Direction direction) {
    return direction == revision::Direction::upgrade ? revision::upgrade_ops(rev) : revision::downgrade_ops(rev);
}

} // namespace migrate::runtime

namespace migrate::runtime::detail {

std::vector<PreparedStep> prepare(const revision::MigrationPlan& plan, const dialect::Dialect& dialect,
                                  bool offline, schema::MetaData* model) {
    revision::check_downgrade(plan); // online and offline alike, before anything runs or prints
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
                try {
                    if (offline && model) p.statements = offline_table_run(*run, *model, dialect);
                    if (model)
                        for (const auto& op : run->ops) track(op, *model);
                } catch (const Error&) {
                    rethrow_in(name_of(*s.revision) + ", op " + ops::describe(*run));
                }
                step.ops.push_back(std::move(p));
                continue;
            }
            auto& op = std::get<ops::Op>(planned);
            try {
                if (model) track(op, *model);
                ops::check_supported(op, dialect);
            } catch (const Error&) {
                rethrow_in(name_of(*s.revision));
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
