// migrate test: the stairway (upgrade, downgrade, upgrade each revision) on a scratch database,
// the head against the target, and `downgrade base`. Exit 3 when any of it fails.
#include "commands/command.hpp"
#include "commands/common.hpp"

#include <migrate/base/join.hpp>
#include <migrate/autogen/stairway.hpp>
#include <migrate/base/error.hpp>

#include <iostream>

namespace migrate::cli {

namespace {

struct TestOptions {
    std::size_t heads = 1;
};

void print_outcome(const autogen::RevisionOutcome& o) {
    std::cout << (o.passed ? "ok    " : "FAIL  ") << o.revision << (o.message.empty() ? "" : "  " + o.message);
    if (!o.reverted_with.empty()) {
        std::cout << "  (reverted with " << base::join(o.reverted_with) << (o.compared ? "" : "; not compared") << ")";
    }
    std::cout << "  (" << o.duration.count() << " ms)\n";
}

std::string summary(const autogen::StairwayResult& r) {
    std::string out = std::to_string(r.revisions.size()) + " revision" + (r.revisions.size() == 1 ? "" : "s") +
                      " passed upgrade, downgrade, upgrade on " + r.database;
    out += r.target_compared ? "; the head matches the target" : "; no target configured to compare the head with";
    return out + "; downgrade base leaves only the version tables";
}

Json outcome_json(const autogen::RevisionOutcome& o) {
    return Json{{"revision", o.revision},         {"message", o.message},   {"passed", o.passed},
                {"reverted_with", o.reverted_with}, {"compared", o.compared}, {"duration_ms", o.duration.count()}};
}

Json test_json(const autogen::StairwayResult& r) {
    Json revisions = Json::array();
    for (const auto& o : r.revisions) revisions.push_back(outcome_json(o));
    Json failure = nullptr;
    if (r.failure)
        failure = Json{{"stage", autogen::to_string(r.failure->stage)},
                       {"revision", r.failure->revision.empty() ? Json(nullptr) : Json(r.failure->revision)},
                       {"message", r.failure->message},
                       {"differences", r.failure->differences}};
    return Json{{"database", r.database},
                {"heads", r.heads},
                {"revisions", revisions},
                {"target_compared", r.target_compared},
                {"base_checked", r.base_checked},
                {"warnings", r.warnings},
                {"passed", r.passed()},
                {"failure", failure}};
}

void run_test(const Options& options, const TestOptions& mine) {
    auto config = load_config(options);
    autogen::StairwayOptions so;
    so.heads = mine.heads;
    so.echo = options.echo;
    if (!options.quiet && !options.json()) so.on_revision = print_outcome;
    auto result = autogen::test_revisions(config, so);
    if (options.json()) output().set_result(test_json(result));
    if (!options.quiet && !options.json())
        for (const auto& w : result.warnings) std::cerr << "warning: " << w << '\n';
    if (result.passed()) {
        if (!options.quiet && !options.json()) std::cout << summary(result) << '\n';
        return;
    }
    const auto& f = *result.failure;
    if (!f.differences.empty() && !options.json()) {
        std::cout << (f.revision.empty() ? "" : f.revision + ": ") << f.message << "; what would fix it:\n";
        for (const auto& line : f.differences) std::cout << "  " << line << '\n';
    }
    throw Disagreement("migrate test failed (" + autogen::to_string(f.stage) + "): " +
                       (f.revision.empty() ? "" : "revision " + f.revision + ": ") + f.message);
}

void setup_test(CLI::App& app, Options& options) {
    auto mine = std::make_shared<TestOptions>();
    auto* cmd = app.add_subcommand(
        "test", "Upgrade, downgrade and upgrade again every revision on a scratch database, then check the head");
    cmd->add_option("--heads", mine->heads, "How many heads the revisions may have (default: 1)")
        ->check(CLI::PositiveNumber);
    cmd->footer("Runs on a scratch database, never the configured one: SQLite in memory; PostgreSQL a\n"
                "database created (and dropped) on the server of dev_url, else of url.\n"
                "For each revision in order: upgrade it, downgrade it (the schema must be the one before\n"
                "the upgrade), upgrade it again. Then the head must match `target` (when set), and\n"
                "`downgrade base` must leave only the version and history tables.\n"
                "Exit status: 0 passed, 3 a revision failed (named, with the difference), 2 bad input,\n"
                "1 the scratch database could not be made.\n"
                "Example:\n  migrate verify && migrate test && migrate upgrade && migrate check");
    cmd->callback([&options, mine] { run_test(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(96, setup_test);

} // namespace migrate::cli
