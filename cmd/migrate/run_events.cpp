#include "run_events.hpp"

#include <migrate/db/url.hpp>

#include <memory>

namespace migrate::cli {

namespace {

const char* direction_name(revision::Direction d) { return d == revision::Direction::upgrade ? "upgrade" : "downgrade"; }

Json step_fields(const runtime::StepEvent& e) {
    Json out;
    out["revision"] = e.revision;
    out["message"] = e.message;
    out["file"] = e.file.empty() ? Json(nullptr) : Json(e.file);
    out["direction"] = direction_name(e.direction);
    out["index"] = e.index;
    out["total"] = e.total;
    return out;
}

} // namespace

void report_run_as_json(runtime::Migrator& migrator, bool statements) {
    // The revision a statement belongs to: set between a revision's started and its end.
    auto running = std::make_shared<std::string>();
    auto* m = &migrator;
    migrator.on_run([m](const runtime::RunScript& script) {
        Json fields;
        fields["kind"] = runtime::to_string(script.kind);
        fields["database"] = db::mask_password(m->config().url);
        fields["mode"] = "online";
        fields["from"] = script.heads_before;
        fields["to"] = script.heads_after;
        fields["revisions"] = script.revisions;
        output().run_started(fields);
    });
    migrator.on_progress([running](const runtime::StepEvent& e) {
        switch (e.phase) {
        case runtime::StepEvent::Phase::started:
            *running = e.revision;
            output().line("revision_started", step_fields(e));
            break;
        case runtime::StepEvent::Phase::finished: {
            running->clear();
            Json fields = step_fields(e);
            fields["duration_ms"] = e.duration.count();
            output().line("revision_finished", fields);
            break;
        }
        case runtime::StepEvent::Phase::failed:
            running->clear();
            output().failed_step(FailedStep{e.revision, e.file, e.op_index});
            break;
        }
    });
    if (!statements) return;
    migrator.on_statement([running](const std::string& sql, const db::Params& params, db::StatementKind) {
        Json fields;
        fields["revision"] = running->empty() ? Json(nullptr) : Json(*running);
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
