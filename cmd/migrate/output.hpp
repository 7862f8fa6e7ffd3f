// What the CLI writes on stdout for a machine: with `--format json`, one JSON document per query
// command, JSON Lines for a run, and an error object for any failure (docs/json-output.md lists
// every field). With `--format text` (the default) it only keeps the state the human printers
// read: commands print their own text.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace migrate::cli {

enum class Format { text, json };

// "text" or "json"; UsageError naming `option` for anything else.
Format parse_format(const std::string& text, const std::string& option);

// Every document and line carries it; raised when a field changes meaning or goes away.
inline constexpr int k_format_version = 1;

using Json = nlohmann::ordered_json;

// What report_current_exception knows about a failure, as the error object carries it.
struct Failure {
    int exit_status = 1;
    std::string message;                // masked
    std::string sqlstate;               // PostgreSQL's SQLSTATE
    int sqlite_code = 0;                // SQLite's extended result code
    std::string file;                   // a RevisionError's file
    std::string field;                  // a RevisionError's field
};

// Where a run failed, from the runtime's `failed` event.
struct FailedStep {
    std::string revision;
    std::string file;
    std::optional<std::size_t> op_index;
};

// The one stdout of the process (a process has one): which format, which command, and what of
// its output is still to come.
class Output {
public:
    Format format() const { return format_; }
    bool json() const { return format_ == Format::json; }
    void set_format(Format format) { format_ = format; }
    void set_command(std::string name) { command_ = std::move(name); }

    // A query command's result: printed with "error": null when the command ends, or with the
    // error object when it ends in one (verify, check and test exit 3 with their result).
    void set_result(Json fields);

    // Run commands print JSON Lines instead of one document.
    void begin_lines() { lines_ = true; }
    // One line: {"format_version": 1, "event": event, fields...}, flushed at once.
    void line(const std::string& event, const Json& fields);
    // A run_started line opens the run; run_finished closes it. A run open at an error gets
    // its run_finished line after the error line.
    void run_started(const Json& fields);
    void run_finished(const std::string& result, int exit_status, const Json& fields);
    void failed_step(FailedStep step) { failed_ = std::move(step); }

    // The command ended without an exception: prints the result document, if any.
    void finish();
    // The command ended in `failure`: in text, "error: MESSAGE" on stderr; in JSON, the error
    // object on stdout (in the result document, as an error line, or alone). Returns the status.
    int fail(const Failure& failure);

    // The error object of `failure` (docs/json-output.md), naming the revision and op of `step`.
    static Json error_object(const Failure& failure, const std::optional<FailedStep>& step);

private:
    Json header() const;

    Format format_ = Format::text;
    std::string command_;
    std::optional<Json> result_;
    bool lines_ = false;
    bool run_open_ = false;
    std::optional<FailedStep> failed_;
};

Output& output();

} // namespace migrate::cli
