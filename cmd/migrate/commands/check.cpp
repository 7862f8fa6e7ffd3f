// migrate check: a CI gate. Exit 0 when the database is at head and matches the target schema,
// 3 with the list of differences when not, 1 when the database fails, 2 for a bad target.
#include "commands/command.hpp"
#include "commands/common.hpp"

#include <migrate/autogen/check.hpp>
#include <migrate/base/error.hpp>
#include <migrate/base/join.hpp>
#include <migrate/db/url.hpp>
#include <migrate/ops/json.hpp>

#include <iostream>

namespace migrate::cli {

namespace {

constexpr const char* k_drift =
    "the database does not match the target schema; run `migrate revision --autogenerate -m MSG`";

Json check_json(const autogen::CheckResult& result, const std::string& url) {
    Json ops = Json::array();
    for (const auto& op : result.diff.upgrade) ops.push_back(ops::op_to_json(op));
    return Json{{"database", db::mask_password(url)},
                {"target", result.target},
                {"at_head", result.heads.at_head()},
                {"database_heads", result.heads.database},
                {"revision_heads", result.heads.revisions},
                {"clean", result.clean()},
                {"ops", ops},
                {"differences", result.differences},
                {"warnings", result.diff.warnings}};
}

void require_target(const runtime::Config& config) {
    if (config.target.empty())
        throw UsageError((config.file.empty() ? std::string("migrate.toml") : config.file.string()) +
                         ": `target` is not set (the .sql or .json schema that check compares the database with)");
}

void run_check_tenants(const Options& options, const TenantOptions& tenants) {
    require_target(load_config(options));
    run_for_tenants(options, tenants, [](runtime::Migrator& m, const runtime::Tenant&) {
        auto result = autogen::check(m);
        Json fields = check_json(result, m.config().url);
        if (!result.heads.at_head()) return TenantOutcome{"disagreement", result.heads.mismatch(), fields, 3};
        if (!result.clean()) {
            const auto& lines = result.differences;
            return TenantOutcome{"disagreement",
                                 std::to_string(lines.size()) + (lines.size() == 1 ? " difference" : " differences") +
                                     " from " + result.target + ": " + base::join(lines, "; "),
                                 fields, 3};
        }
        return TenantOutcome{"ok", "no changes: matches " + result.target, fields, 0};
    });
}

void run_check(const Options& options, const TenantOptions& tenants) {
    if (tenants.enabled()) return run_check_tenants(options, tenants);
    const auto guard = interrupt_guard();
    auto migrator = make_migrator(options);
    const auto& config = migrator->config();
    require_target(config);
    autogen::CheckResult result;
    try {
        result = autogen::check(*migrator);
    } catch (const Interrupted& e) {
        throw Interrupted(e.signal(), std::string(e.what()) + " during check; the database was only read");
    }
    if (options.json()) output().set_result(check_json(result, migrator->config().url));
    if (!result.heads.at_head()) throw Disagreement(result.heads.mismatch());
    if (options.json()) {
        if (result.clean()) return;
        throw Disagreement(k_drift);
    }
    if (!options.quiet)
        for (const auto& w : result.diff.warnings) std::cerr << "warning: " << w << '\n';
    if (result.clean()) {
        if (!options.quiet) std::cout << "No changes detected: the database matches " << result.target << '\n';
        return;
    }
    const auto& lines = result.differences;
    std::cout << lines.size() << (lines.size() == 1 ? " difference" : " differences") << " between the database and "
              << result.target << ":\n";
    for (const auto& line : lines) std::cout << "  " << line << '\n';
    throw Disagreement(k_drift);
}

void setup_check(CLI::App& app, Options& options) {
    auto* cmd = app.add_subcommand("check", "Exit 3 if the database (at head) differs from the target schema (for CI)");
    cmd->footer("Compares the database with `target` in migrate.toml (a .sql or .json schema).\n"
                "Exit status: 0 no differences; 3 differences (listed) or not at head; 1 the database failed\n"
                "(connection, SQL); 2 a bad target (not set, missing, unreadable, or SQL the scratch database\n"
                "refuses); 130/143 interrupted.\n"
                "Example:\n  migrate upgrade head && migrate check");
    auto tenants = std::make_shared<TenantOptions>();
    add_tenant_options(*cmd, *tenants);
    cmd->callback([&options, tenants] { run_check(options, *tenants); });
}

} // namespace

MIGRATE_COMMAND(95, setup_check);

} // namespace migrate::cli
