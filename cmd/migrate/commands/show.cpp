// migrate show REV: one revision with every field and its ops.
#include "commands/command.hpp"
#include "commands/common.hpp"
#include "revision_json.hpp"

#include <migrate/ops/json.hpp>
#include <migrate/ops/op.hpp>
#include <migrate/revision/target.hpp>
#include <migrate/runtime/revision_ops.hpp>

#include <iostream>

namespace migrate::cli {

namespace {

void run_show(const Options& options, const std::string& target) {
    auto migrator = make_migrator(options);
    const auto& g = migrator->graph();
    auto i = revision::resolve_revision(g, target);
    if (options.json()) {
        Json result{{"revision", revision_json(g, i)}};
        for (auto direction : {revision::Direction::upgrade, revision::Direction::downgrade}) {
            Json list = Json::array();
            for (const auto& op : runtime::revision_ops(g.at(i), direction)) list.push_back(ops::op_to_json(op));
            result[direction == revision::Direction::upgrade ? "upgrade" : "downgrade"] = list;
        }
        return output().set_result(result);
    }
    std::cout << revision_block(g, i);
    for (auto direction : {revision::Direction::upgrade, revision::Direction::downgrade}) {
        auto list = runtime::revision_ops(g.at(i), direction);
        std::cout << '\n' << (direction == revision::Direction::upgrade ? "Upgrade" : "Downgrade") << ":\n";
        if (list.empty()) std::cout << "    (no ops)\n";
        for (const auto& op : list) std::cout << "    " << ops::describe(op) << '\n';
    }
}

void setup_show(CLI::App& app, Options& options) {
    // One command per run: a later word such as "heads" is an argument, not the heads command.
    app.require_subcommand(0, 1);
    auto target = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("show", "Show one revision: its fields and ops");
    cmd->add_option("revision", *target, "A revision id, unique prefix, label, head or label@head")->required();
    cmd->footer("Example:\n  migrate show head\n  migrate show ae10");
    cmd->callback([&options, target] { run_show(options, *target); });
}

} // namespace

MIGRATE_COMMAND(90, setup_show);

} // namespace migrate::cli
