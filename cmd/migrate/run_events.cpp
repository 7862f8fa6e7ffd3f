#include "run_events.hpp"

#include <migrate/db/url.hpp>

#include <memory>

namespace migrate::cli {

namespace {

Json step_fields(const runtime::StepEvent& e) {
    Json out;
    out["revision"] = e.revision;
    out["message"] = e.message;
    out["file"] = e.file.empty() ? Json(nullptr) : Json(e.file);
    out["direction"] = runtime::to_string(e.direction);
    out["index"] = e.index;
    out["total"] = e.total;
    return out;
}

// What the statement lines need to know of the run, shared by the callbacks.
struct RunState {
    bool started = false;  // statements before run_started (taking the lock, reading the version
                           // table) are the run's preparation, not the run: no lines for them
    std::string revision;  // the revision running, between its started and finished events
};

} // namespace

void report_run_as_json(runtime::Migrator& migrator, bool statements) {
    auto state = std::make_shared<RunState>();
    auto* m = &migrator;
    migrator.on_run([m, state](const runtime::RunScript& script) {
        state->started = true;
        Json fields;
        fields["kind"] = runtime::to_string(script.kind);
        fields["database"] = db::mask_password(m->config().url);
        fields["mode"] = "online";
        fields["from"] = script.heads_before;
        fields["to"] = script.heads_after;
        fields["revisions"] = script.revisions;
        output().run_started(fields);
    });
    migrator.on_progress([state](const runtime::StepEvent& e) {
        switch (e.phase) {
        case runtime::StepEvent::Phase::started:
            state->revision = e.revision;
            output().line("revision_started", step_fields(e));
            break;
        case runtime::StepEvent::Phase::finished: {
            state->revision.clear();
            Json fields = step_fields(e);
            fields["duration_ms"] = e.duration.count();
            output().line("revision_finished", fields);
            break;
        }
        case runtime::StepEvent::Phase::failed:
            state->revision.clear();
            output().failed_step(FailedStep{e.revision, e.file, e.op_index});
            break;
        case runtime::StepEvent::Phase::retrying: {
            Json fields = step_fields(e);
            fields["op_index"] = e.op_index ? Json(*e.op_index) : Json(nullptr);
            fields["attempt"] = e.attempt;
            fields["tries"] = e.tries;
            fields["delay_ms"] = e.delay.count();
            fields["reason"] = e.reason;
            output().line("revision_retrying", fields);
            break;
        }
        case runtime::StepEvent::Phase::progress: {
            Json fields = step_fields(e);
            fields["op_index"] = e.op_index.value_or(0);
            fields["rows"] = e.rows;
            fields["batches"] = e.batches;
            fields["resumed"] = e.resumed;
            output().line("backfill_progress", fields);
            break;
        }
        }
    });
    if (!statements) return;
    migrator.on_statement([state](const std::string& sql, const db::Params& params, db::StatementKind) {
        if (!state->started) return;
        Json fields;
        fields["revision"] = state->revision.empty() ? Json(nullptr) : Json(state->revision);
        fields["sql"] = db::mask_password(sql);
        fields["parameters"] = params.size();
        output().line("statement", fields);
    });
}

void finish_run_as_json(const runtime::RunResult& result) {
    Json fields;
    fields["steps"] = result.steps;
    fields["heads"] = result.heads_after;
    output().run_finished("done", 0, fields);
}

} // namespace migrate::cli
