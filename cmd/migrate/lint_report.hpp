// Lint findings as the CLI shows them, shared by `migrate lint` (its document, stdout) and the
// lint gate of `upgrade` (a `lint` line of the run, or text on stderr).
#pragma once

#include "output.hpp"

#include <migrate/lint/finding.hpp>
#include <migrate/runtime/migrator.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace migrate::cli {

struct LintCounts {
    std::size_t error = 0, warning = 0, info = 0, ignored = 0;
};
LintCounts count_findings(const std::vector<lint::Finding>& findings);

// The lint_finding object of docs/json-output.md.
Json finding_json(const lint::Finding& finding);
// The fields `migrate lint`'s document and the gate's `lint` line share: revisions, findings and
// the counts.
Json findings_fields(const runtime::LintResult& result);

// Each finding as two lines ("REV upgrade[I]: SEVERITY RULE: message" and its safer way or the
// reason it is ignored); `errors_only` leaves out the others.
void print_findings(std::ostream& out, const std::vector<lint::Finding>& findings, bool errors_only);

// "3 errors", "1 warning".
std::string plural(std::size_t n, const std::string& word);

} // namespace migrate::cli
