// build_script: a plan becomes the run's items, the one place that decides the order of
// locks, transactions, foreign-key switches, op statements and version-table updates.
#include <migrate/runtime/run_script.hpp>

#include <algorithm>

#include <migrate/base/error.hpp>
#include <migrate/runtime/detail/revision_errors.hpp>
#include <migrate/runtime/detail/table_runs.hpp>
#include <migrate/runtime/revision_ops.hpp>
#include <migrate/runtime/version_table.hpp>

namespace migrate::runtime {

std::string backfill_progress_table(const std::string& version_table) { return version_table + "_backfill"; }

const char* to_string(RunKind kind) {
    switch (kind) {
    case RunKind::upgrade: return "upgrade";
    case RunKind::downgrade: return "downgrade";
    case RunKind::stamp: return "stamp";
    }
    return "";
}

std::vector<ops::Op> revision_ops(const revision::Revision& rev, revision::Direction direction) {
    return direction == revision::Direction::upgrade ? revision::upgrade_ops(rev) : revision::downgrade_ops(rev);
}

namespace {

using revision::Direction;

RunScript frame(RunKind kind, const dialect::Dialect& dialect, const ScriptOptions& options) {
    RunScript s;
    s.kind = kind;
    s.title = options.title;
    s.backend = dialect.backend();
    s.version_table = options.version_table;
    s.history_table = options.history_table;
    return s;
}

// What a revision's ops need to know of it besides the ops.
struct RevisionFrame {
    std::vector<std::string> timeouts; // SET LOCAL ..., at the start of each of its transactions
    std::string progress_table;        // of backfills
};

// After a commit inside a revision: the next transaction, with the revision's timeouts.
void begin_again(std::vector<script::Item>& items, const RevisionFrame& frame) {
    items.emplace_back(script::Begin{});
    if (!frame.timeouts.empty()) items.emplace_back(script::Timeouts{frame.timeouts});
}

// The items of one op that does not run in the revision's transaction: what came before it is
// committed first; it runs outside any transaction, statement by statement in transactions of
// its own, or batch by batch (a backfill); then the revision goes on in a new transaction.
void add_outside(std::vector<script::Item>& items, script::RunOp item, ops::Placement placement,
                 const dialect::Dialect& dialect, const ScriptOptions& options, const RevisionFrame& frame) {
    items.emplace_back(script::Commit{script::Commit::Reason::outside_transaction, item.description});
    if (const auto* backfill = std::get_if<ops::Backfill>(&item.op)) {
        script::Backfill b{item.revision, item.op_index, item.description, *backfill, frame.progress_table,
                           frame.timeouts, {}};
        if (options.offline) {
            b.statements = dialect.create_backfill_progress(frame.progress_table);
            for (auto& st : item.statements) b.statements.push_back(std::move(st.sql));
        }
        items.emplace_back(std::move(b));
    } else if (placement == ops::Placement::own_transactions) {
        for (auto& st : item.statements) {
            begin_again(items, frame);
            script::RunOp part = item;
            part.statements = {std::move(st)};
            items.emplace_back(std::move(part));
            items.emplace_back(script::Commit{script::Commit::Reason::step, item.description});
        }
    } else {
        item.in_transaction = false;
        items.emplace_back(std::move(item));
    }
    begin_again(items, frame);
}

// The items of one revision's ops: each op parsed, checked against the dialect and rendered;
// SQLite's runs of ops on one table grouped (rendered here only offline, from `model`).
void add_ops(std::vector<script::Item>& items, const revision::MigrationStep& step, const std::vector<ops::Op>& ops,
             const dialect::Dialect& dialect, const ScriptOptions& options, schema::MetaData* model,
             const RevisionFrame& frame) {
    const auto& rev = *step.revision;
    std::vector<std::size_t> first_op;
    auto planned = ops::plan(ops, dialect, &first_op);
    for (std::size_t k = 0; k < planned.size(); ++k) {
        if (auto* run = std::get_if<ops::TableRun>(&planned[k])) {
            script::TableRun item{rev.id, first_op[k], run->ops.size(), ops::describe(*run), *run, {}, {}};
            try {
                if (options.offline && model) {
                    auto state = ops::table_state(*model, run->table, dialect);
                    auto sql = ops::render_table_run(*run, state, dialect, /*bind=*/false);
                    item.statements = std::move(sql.statements);
                    item.checks = ops::foreign_key_check_statements(sql, state, dialect);
                }
                if (model)
                    for (const auto& op : run->ops) detail::track(op, *model);
            } catch (const Error&) {
                detail::rethrow_in(detail::name_of(rev) + ", op " + item.description);
            }
            items.emplace_back(std::move(item));
            continue;
        }
        auto& op = std::get<ops::Op>(planned[k]);
        try {
            if (model) detail::track(op, *model);
            ops::check_supported(op, dialect);
        } catch (const Error&) {
            detail::rethrow_in(detail::name_of(rev));
        }
        script::RunOp item{rev.id, first_op[k], ops::describe(op), op, ops::runs_in_transaction(op, dialect), {}};
        if (options.offline) {
            for (auto& sql : ops::render(op, dialect)) item.statements.push_back(ops::Statement{std::move(sql), {}, false});
        } else {
            item.statements = ops::render_statements(op, dialect);
        }
        const auto placement = ops::placement(op, dialect);
        if (placement != ops::Placement::transaction && options.single_transaction)
            throw UsageError(detail::name_of(rev) + ", op " + item.description +
                             ": runs outside the revision's transaction (in a session of its own, or in transactions "
                             "of its own), which PgBouncer's transaction pooling (pgbouncer = true) does not give: a "
                             "commit would release the migration lock; run it over a direct connection to the server");
        if (placement == ops::Placement::transaction) items.emplace_back(std::move(item));
        else add_outside(items, std::move(item), placement, dialect, options, frame);
    }
}

bool has_backfill(const std::vector<ops::Op>& ops) {
    return std::any_of(ops.begin(), ops.end(), [](const ops::Op& op) { return std::holds_alternative<ops::Backfill>(op); });
}

bool recreates(const std::vector<script::Item>& items) {
    return std::any_of(items.begin(), items.end(),
                       [](const script::Item& i) { return std::holds_alternative<script::TableRun>(i); });
}

} // namespace

RunScript build_script(const revision::MigrationPlan& plan, const dialect::Dialect& dialect,
                       const ScriptOptions& options) {
    revision::check_runnable(plan); // online and offline alike, before anything runs or prints
    revision::check_downgrade(plan);
    const bool up = plan.direction == Direction::upgrade;
    RunScript s = frame(up ? RunKind::upgrade : RunKind::downgrade, dialect, options);
    s.heads_before = plan.heads_before;
    s.heads_after = plan.heads_after();
    s.revisions = plan.steps.size();
    const VersionTable versions(dialect, options.version_table, options.history_table);
    // Offline, the schema is tracked through the ops so that table runs know their table.
    std::optional<schema::MetaData> tracked;
    if (options.model) tracked = *options.model;
    schema::MetaData* model = tracked ? &*tracked : nullptr;

    // The revisions' items first: every op is checked before the script exists.
    std::vector<script::Item> body;
    bool open = true;
    std::vector<std::string> before = plan.heads_before;
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const auto& step = plan.steps[i];
        const auto& rev = *step.revision;
        const auto ops = revision_ops(rev, step.direction);
        const auto& settings = rev.ops.settings();
        // A revision that retries after a lock timeout runs in transactions of its own, so that a
        // retry rolls back nothing of another revision.
        const bool own_transaction = options.transaction_per_revision || settings.retries > 0;
        if (settings.retries > 0 && options.single_transaction)
            throw UsageError(detail::name_of(rev) + ": \"retries\" runs the revision in a transaction of its own, whose "
                             "commit would release the migration lock PgBouncer's transaction pooling (pgbouncer = "
                             "true) allows; leave retries out, or run it over a direct connection to the server");
        if (settings.retries > 0 && open && i > 0) body.emplace_back(script::Commit{script::Commit::Reason::end_of_revision, {}});
        if (!open || (settings.retries > 0 && i > 0)) body.emplace_back(script::Begin{});
        open = true;
        const RevisionFrame frame{dialect.set_local_timeouts(settings.lock_timeout_ms, settings.statement_timeout_ms),
                                  backfill_progress_table(options.version_table)};
        script::RevisionStart start{rev.id, rev.message, rev.path.empty() ? "" : rev.path.filename().string(),
                                    step.direction, i + 1, plan.steps.size(), ops.size(), before, step.heads_after};
        start.retries = settings.retries;
        body.emplace_back(std::move(start));
        if (!frame.timeouts.empty()) body.emplace_back(script::Timeouts{frame.timeouts});
        add_ops(body, step, ops, dialect, options, model, frame);
        script::MoveHeads move{rev.id, versions.move_heads(before, step.heads_after)};
        // A finished backfill's progress goes with the revision's record: applied again after a
        // downgrade, it starts from the first row.
        if (has_backfill(ops)) move.statements.push_back(dialect.delete_backfill_progress(frame.progress_table, rev.id));
        body.emplace_back(std::move(move));
        body.emplace_back(script::History{rev.id, to_string(step.direction), rev.sha256, true});
        if (own_transaction) {
            body.emplace_back(script::Commit{script::Commit::Reason::end_of_revision, {}});
            open = false;
        }
        body.emplace_back(script::RevisionEnd{rev.id, i + 1, plan.steps.size()});
        before = step.heads_after;
    }

    // SQLite table recreation needs foreign-key enforcement off, which SQLite only allows
    // outside a transaction: off before the first BEGIN, back on after the last COMMIT.
    const bool switch_fks = recreates(body);
    s.items.emplace_back(script::Lock{});
    if (switch_fks) s.items.emplace_back(script::ForeignKeys{false, dialect.set_foreign_keys(false)});
    s.items.emplace_back(script::Begin{});
    s.items.emplace_back(script::VersionTables{versions.create_statements()});
    for (auto& item : body) s.items.push_back(std::move(item));
    if (open) s.items.emplace_back(script::Commit{script::Commit::Reason::end_of_run, {}});
    if (switch_fks) s.items.emplace_back(script::ForeignKeys{true, dialect.set_foreign_keys(true)});
    s.items.emplace_back(script::Unlock{});
    return s;
}

RunScript build_script(const StampPlan& plan, const dialect::Dialect& dialect, const ScriptOptions& options) {
    RunScript s = frame(RunKind::stamp, dialect, options);
    s.heads_before = plan.heads_before;
    s.heads_after = plan.heads_after;
    const VersionTable versions(dialect, options.version_table, options.history_table);
    s.items.emplace_back(script::Lock{});
    s.items.emplace_back(script::Begin{});
    s.items.emplace_back(script::VersionTables{versions.create_statements()});
    script::MoveHeads move;
    if (plan.purge) move.statements.push_back(versions.delete_all_heads());
    for (auto& m : versions.move_heads(plan.purge ? std::vector<std::string>{} : plan.heads_before, plan.heads_after))
        move.statements.push_back(std::move(m));
    s.items.emplace_back(std::move(move));
    for (const auto* rev : plan.stamped) s.items.emplace_back(script::History{rev->id, "stamp", rev->sha256, false, plan.by});
    s.items.emplace_back(script::Commit{script::Commit::Reason::end_of_run, {}});
    s.items.emplace_back(script::Unlock{});
    return s;
}

} // namespace migrate::runtime
