#include "output.hpp"

#include <migrate/base/error.hpp>
#include <migrate/db/url.hpp>

#include <iostream>

namespace migrate::cli {

Format parse_format(const std::string& text, const std::string& option) {
    if (text == "text") return Format::text;
    if (text == "json") return Format::json;
    throw UsageError(option + ": unknown format '" + text + "' (expected text or json)");
}

Output& output() {
    static Output one;
    return one;
}

namespace {

// One document or line per call, flushed so a pipeline sees each event as it happens.
void emit(const Json& document) { std::cout << document.dump() << std::endl; }

Json text_or_null(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

} // namespace

Json Output::header() const {
    Json out;
    out["format_version"] = k_format_version;
    return out;
}

void Output::set_result(Json fields) { result_ = std::move(fields); }

void Output::line(const std::string& event, const Json& fields) {
    if (!json()) return;
    Json out = header();
    out["event"] = event;
    for (const auto& [key, value] : fields.items()) out[key] = value;
    emit(out);
}

void Output::run_started(const Json& fields) {
    run_open_ = true;
    line("run_started", fields);
}

void Output::run_finished(const std::string& result, int exit_status, const Json& fields) {
    run_open_ = false;
    Json out;
    out["result"] = result;
    out["exit_status"] = exit_status;
    for (const auto& [key, value] : fields.items()) out[key] = value;
    line("run_finished", out);
}

void Output::finish() {
    if (!json() || lines_ || !result_) return;
    Json out = header();
    out["command"] = command_;
    for (const auto& [key, value] : result_->items()) out[key] = value;
    out["error"] = nullptr;
    emit(out);
}

Json Output::error_object(const Failure& f, const std::optional<FailedStep>& step) {
    Json out;
    out["exit_status"] = f.exit_status;
    out["message"] = f.message;
    out["sqlstate"] = text_or_null(f.sqlstate);
    out["sqlite_code"] = f.sqlite_code != 0 ? Json(f.sqlite_code) : Json(nullptr);
    out["revision"] = step ? text_or_null(step->revision) : Json(nullptr);
    out["op_index"] = step && step->op_index ? Json(*step->op_index) : Json(nullptr);
    // A revision file that fails to load names itself; a run that fails names the file it ran.
    out["file"] = !f.file.empty() ? Json(f.file) : step ? text_or_null(step->file) : Json(nullptr);
    out["field"] = text_or_null(f.field);
    return out;
}

int Output::fail(const Failure& f) {
    // stderr keeps the human line in both formats: it is what a CI log shows.
    std::cerr << "error: " << f.message << '\n';
    if (!json()) return f.exit_status;
    const Json error = error_object(f, failed_);
    if (lines_) {
        line("error", Json{{"error", error}});
        if (run_open_)
            run_finished(f.exit_status >= 128 ? "interrupted" : "failed", f.exit_status,
                         Json{{"steps", nullptr}, {"heads", nullptr}});
        return f.exit_status;
    }
    Json out = header();
    out["command"] = command_.empty() ? Json(nullptr) : Json(command_);
    if (result_)
        for (const auto& [key, value] : result_->items()) out[key] = value;
    out["error"] = error;
    emit(out);
    return f.exit_status;
}

} // namespace migrate::cli
