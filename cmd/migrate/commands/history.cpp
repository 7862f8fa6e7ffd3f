// migrate history: the revisions, newest first, optionally within a range FROM:TO.
#include "commands/command.hpp"
#include "commands/common.hpp"
#include "revision_json.hpp"

#include <migrate/base/error.hpp>
#include <migrate/revision/target.hpp>

#include <algorithm>
#include <iostream>

namespace migrate::cli {

namespace {

using Index = revision::RevisionGraph::Index;

struct HistoryOptions {
    std::string range;
    bool verbose = false;
    bool indicate_current = false;
};

// `start` and everything reachable from it along `next` (prerequisites or successors).
template <class Next>
std::vector<bool> reach(const revision::RevisionGraph& g, const std::vector<Index>& start, Next next) {
    std::vector<bool> seen(g.size(), false);
    std::vector<Index> todo(start);
    while (!todo.empty()) {
        auto n = todo.back();
        todo.pop_back();
        if (seen[n]) continue;
        seen[n] = true;
        for (auto m : next(n)) todo.push_back(m);
    }
    return seen;
}

// The revisions an end of -r FROM:TO names. "current" is the database's heads (none at base);
// "LABEL@base" as FROM is the lowest revision of that branch. Any other end that names no
// revision (say "ae10@base") is a UsageError: an empty listing would look like an empty range.
std::vector<Index> resolve_end(runtime::Migrator& m, const std::string& text, const char* which) {
    const auto& g = m.graph();
    if (text == "current") {
        std::vector<Index> out;
        for (const auto& id : m.current())
            if (auto i = g.index_of(id)) out.push_back(*i);
        return out;
    }
    auto syntax = revision::parse_target(text);
    if (syntax.ref == "base" && !syntax.has_relative && !syntax.branch.empty())
        if (auto labelled = g.labelled(syntax.branch)) return {revision::branch_root(g, *labelled)};
    auto out = revision::resolve_revisions(g, text);
    if (out.empty())
        throw UsageError("-r: " + std::string(which) + " '" + text + "' names no revision (use an empty " + which +
                         ", or base/heads, for an open end)");
    return out;
}

void run_history(const Options& options, const HistoryOptions& mine) {
    auto migrator = make_migrator(options);
    const auto& g = migrator->graph();
    std::vector<bool> keep(g.size(), true);
    if (!mine.range.empty()) {
        auto colon = mine.range.find(':');
        if (colon == std::string::npos)
            throw UsageError("bad range '" + mine.range + "' for -r: expected FROM:TO, FROM: or :TO");
        std::string from = mine.range.substr(0, colon), to = mine.range.substr(colon + 1);
        if (!from.empty() && from != "base") {
            auto above = reach(g, resolve_end(*migrator, from, "FROM"), [&](Index n) { return g.successors(n); });
            for (Index i = 0; i < g.size(); ++i) keep[i] = keep[i] && above[i];
        }
        if (!to.empty() && to != "heads" && to != "head") {
            auto below = reach(g, resolve_end(*migrator, to, "TO"), [&](Index n) { return g.prerequisites(n); });
            for (Index i = 0; i < g.size(); ++i) keep[i] = keep[i] && below[i];
        }
    }
    Marks marks;
    if (mine.indicate_current)
        for (const auto& id : migrator->current()) marks.current.insert(id);
    const auto& order = g.topological_order();
    if (options.json()) {
        std::vector<Index> newest_first;
        for (auto it = order.rbegin(); it != order.rend(); ++it)
            if (keep[*it]) newest_first.push_back(*it);
        Json current = nullptr;
        if (mine.indicate_current) current = std::vector<std::string>(marks.current.begin(), marks.current.end());
        return output().set_result(Json{{"revisions", revisions_json(g, newest_first)}, {"current", current}});
    }
    std::string out;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        if (!keep[*it]) continue;
        out += mine.verbose ? revision_block(g, *it, marks) + "\n" : revision_line(g, *it, marks) + "\n";
    }
    std::cout << out;
}

void setup_history(CLI::App& app, Options& options) {
    // One command per run: a later word such as "heads" is an argument, not the heads command.
    app.require_subcommand(0, 1);
    auto mine = std::make_shared<HistoryOptions>();
    auto* cmd = app.add_subcommand("history", "List the revisions, newest first");
    cmd->add_option("-r,--rev-range", mine->range,
                    "Only revisions in FROM:TO (either side may be empty; 'current' is the database's revision)");
    cmd->add_flag("-v,--verbose", mine->verbose, "Show every field of each revision");
    cmd->add_flag("-i,--indicate-current", mine->indicate_current, "Mark the database's current revision(s)");
    cmd->footer("Examples:\n  migrate history\n  migrate history -r base:ae10 --verbose\n"
                "  migrate history -r billing@base:billing@head\n"
                "  migrate history -r current: --indicate-current");
    cmd->callback([&options, mine] { run_history(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(60, setup_history);

} // namespace migrate::cli
