// A run as JSON Lines (--format json): run_started from the runtime's run script,
// revision_started and revision_finished from its step events, statement lines from the
// connection's statement hook (with --echo). The command prints run_finished; an error ends the
// run through Output::fail. docs/json-output.md lists every field.
#pragma once

#include "output.hpp"

#include <migrate/runtime/migrator.hpp>

namespace migrate::cli {

// Wires `migrator`'s events to output(): every run it starts prints its lines as they happen.
void report_run_as_json(runtime::Migrator& migrator, bool statements);

// The run_finished line of a run that ended without an exception.
void finish_run_as_json(const runtime::RunResult& result);

} // namespace migrate::cli
