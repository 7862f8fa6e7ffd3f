// migrate verify: every applied revision's file still holds what was applied (checksums), and
// `--accept REV` records an edited file's checksum once a human has judged the edit harmless.
#include "commands/command.hpp"
#include "commands/common.hpp"

#include <migrate/base/error.hpp>

#include <iostream>

namespace migrate::cli {

namespace {

struct VerifyOptions {
    std::vector<std::string> accept;
    TenantOptions tenants;
};

Json problem_json(const runtime::VerifyProblem& p) {
    auto text_or_null = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
    return Json{{"kind", p.kind == runtime::VerifyProblem::Kind::modified ? "modified" : "missing"},
                {"revision", p.revision},
                {"file", text_or_null(p.file.string())},
                {"recorded", text_or_null(p.recorded)},
                {"current", text_or_null(p.current)}};
}

Json verify_json(const runtime::VerifyResult& result) {
    Json problems = Json::array();
    for (const auto& p : result.problems) problems.push_back(problem_json(p));
    return Json{{"ok", result.ok()},
                {"matched", result.matched},
                {"unrecorded", result.unrecorded},
                {"problems", problems}};
}

std::string matched_text(const runtime::VerifyResult& result) {
    return std::to_string(result.matched) +
           (result.matched == 1 ? " applied revision matches its file" : " applied revisions match their files");
}

void run_verify_tenants(const Options& options, const VerifyOptions& mine) {
    if (!mine.accept.empty())
        throw UsageError("--accept records one database's checksum: give that tenant's --url, not --tenants");
    run_for_tenants(options, mine.tenants, [](runtime::Migrator& m, const runtime::Tenant&) {
        auto result = m.verify();
        if (result.ok()) return TenantOutcome{"ok", matched_text(result), verify_json(result), 0};
        std::string text;
        for (const auto& problem : result.problems) text += (text.empty() ? "" : "; ") + runtime::describe(problem);
        return TenantOutcome{"disagreement", text, verify_json(result), 3};
    });
}

void run_verify(const Options& options, const VerifyOptions& mine) {
    if (mine.tenants.enabled()) return run_verify_tenants(options, mine);
    auto migrator = make_migrator(options);
    if (!mine.accept.empty()) {
        auto result = migrator->accept(mine.accept);
        if (options.json()) return output().set_result(Json{{"accepted", result.recorded}, {"unchanged", result.unchanged}});
        if (options.quiet) return;
        for (const auto& id : result.recorded)
            std::cout << "accepted " << id << ": its file's current checksum is now the one on record\n";
        for (const auto& id : result.unchanged) std::cout << id << " already matches its file: nothing recorded\n";
        return;
    }
    auto result = migrator->verify();
    if (options.json()) output().set_result(verify_json(result));
    else
        for (const auto& problem : result.problems) std::cout << runtime::describe(problem) << '\n';
    if (!result.ok())
        throw Disagreement(std::to_string(result.problems.size()) +
                           (result.problems.size() == 1 ? " applied revision does not match its file"
                                                        : " applied revisions do not match their files") +
                           ": restore the file, or accept an edit with `migrate verify --accept REV`");
    if (options.quiet || options.json()) return;
    std::cout << matched_text(result);
    if (result.unrecorded > 0)
        std::cout << " (" << result.unrecorded << " more applied without a recorded checksum: stamped, not compared)";
    std::cout << '\n';
}

void setup_verify(CLI::App& app, Options& options) {
    auto mine = std::make_shared<VerifyOptions>();
    auto* cmd = app.add_subcommand("verify", "Check that every applied revision still matches its file (exit 3 if not)");
    cmd->add_option("--accept", mine->accept,
                    "Record REV's file as it is now (after deciding its edit is harmless); repeatable")
        ->type_name("REV");
    add_tenant_options(*cmd, mine->tenants);
    cmd->footer("Compares the sha256 recorded when each revision was applied with its file's. upgrade, downgrade\n"
                "and stamp run the same check first and refuse while a file is modified or missing.\n"
                "Exit status: 0 all match, 3 modified or missing files (listed), 1 database error.\n"
                "Examples:\n  migrate verify\n  migrate verify --accept ae10");
    cmd->callback([&options, mine] { run_verify(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(97, setup_verify);

} // namespace migrate::cli
