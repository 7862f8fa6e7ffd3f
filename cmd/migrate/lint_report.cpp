#include "lint_report.hpp"

namespace migrate::cli {

LintCounts count_findings(const std::vector<lint::Finding>& findings) {
    LintCounts c;
    for (const auto& f : findings) {
        if (f.ignored) ++c.ignored;
        else if (f.severity == lint::Severity::error) ++c.error;
        else if (f.severity == lint::Severity::warning) ++c.warning;
        else ++c.info;
    }
    return c;
}

Json finding_json(const lint::Finding& f) {
    auto text_or_null = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
    return Json{{"rule", f.rule},
                {"severity", std::string(lint::to_string(f.severity))},
                {"revision", f.revision},
                {"file", text_or_null(f.file)},
                {"op_index", f.op_index ? Json(*f.op_index) : Json(nullptr)},
                {"op", text_or_null(f.op)},
                {"message", f.message},
                {"safer", f.safer},
                {"ignored", f.ignored ? Json(*f.ignored) : Json(nullptr)}};
}

Json findings_fields(const runtime::LintResult& result) {
    Json findings = Json::array();
    for (const auto& f : result.findings) findings.push_back(finding_json(f));
    const LintCounts c = count_findings(result.findings);
    return Json{{"revisions", result.revisions}, {"findings", findings}, {"errors", c.error},
                {"warnings", c.warning},         {"infos", c.info},     {"ignored", c.ignored}};
}

void print_findings(std::ostream& out, const std::vector<lint::Finding>& findings, bool errors_only) {
    for (const auto& f : findings) {
        if (errors_only && (f.ignored || f.severity != lint::Severity::error)) continue;
        out << f.revision << (f.op_index ? " upgrade[" + std::to_string(*f.op_index) + "]" : std::string()) << ": "
            << (f.ignored ? std::string("ignored") : std::string(lint::to_string(f.severity))) << " " << f.rule << ": "
            << f.message << '\n';
        if (f.ignored) out << "    ignored because: " << *f.ignored << '\n';
        else out << "    safer: " << f.safer << '\n';
    }
}

std::string plural(std::size_t n, const std::string& word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

} // namespace migrate::cli
