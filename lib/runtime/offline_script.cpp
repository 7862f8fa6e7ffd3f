// Migrator's offline mode (--sql): the run's script built without a database (the heads to
// start from come from the range, the schema from replaying the revisions), then printed.
#include <migrate/runtime/migrator.hpp>

#include <migrate/base/error.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/revision/target.hpp>
#include <migrate/runtime/detail/offline_range.hpp>
#include <migrate/runtime/detail/table_runs.hpp>

namespace migrate::runtime {

using revision::Direction;

std::string Migrator::upgrade_sql(std::string_view range) { return print_script(upgrade_script(range)); }
std::string Migrator::downgrade_sql(std::string_view range) { return print_script(downgrade_script(range)); }
RunScript Migrator::upgrade_script(std::string_view range) { return offline(Direction::upgrade, range); }
RunScript Migrator::downgrade_script(std::string_view range) { return offline(Direction::downgrade, range); }

namespace {

// An empty plan whose TO names other revisions than FROM: the range was written the wrong way
// round (`upgrade head:base`), not "already there" (`upgrade ae10:ae10`).
bool range_goes_backwards(const revision::RevisionGraph& g, const std::vector<std::string>& from_ids,
                          const std::string& to) {
    std::vector<std::string> to_ids;
    try {
        for (auto i : revision::resolve_revisions(g, to)) to_ids.push_back(g.at(i).id);
    } catch (const UsageError&) {
        return false; // relative to FROM ("+1"): the planner has judged it
    }
    auto a = revision::normalize_heads(g, from_ids), b = revision::normalize_heads(g, to_ids);
    return a != b;
}

} // namespace

namespace detail {

OfflineRange offline_range(const revision::RevisionGraph& g, Direction direction, std::string_view range) {
    const bool up = direction == Direction::upgrade;
    OfflineRange out;
    out.from = "base";
    out.to = std::string(range);
    if (auto colon = range.find(':'); colon != std::string_view::npos) {
        out.from = std::string(range.substr(0, colon));
        out.to = std::string(range.substr(colon + 1));
    } else if (!up) {
        throw UsageError("downgrade --sql needs a range FROM:TO (e.g. head:base): offline mode cannot read the "
                         "current revision from the database");
    }
    const std::string& from = out.from;
    const std::string& to = out.to;
    if (from.empty() || to.empty()) throw UsageError("bad range '" + std::string(range) + "': expected FROM:TO");

    if (from != "base")
        for (auto i : revision::resolve_revisions(g, from)) out.current.push_back(g.at(i).id);
    out.plan = up ? revision::plan_upgrade(g, out.current, to) : revision::plan_downgrade(g, out.current, to);
    if (out.plan.empty() && range_goes_backwards(g, out.current, to))
        throw UsageError("range '" + std::string(range) + "': " + from + " is " + (up ? "above " : "below ") + to +
                         ", so this " + (up ? "upgrade" : "downgrade") + " would do nothing; did you mean " + to + ":" +
                         from + (up ? " with downgrade" : " with upgrade") + "?");
    return out;
}

} // namespace detail

RunScript Migrator::offline(Direction direction, std::string_view range) {
    const auto& g = graph();
    const auto& dialect = dialect::dialect_for(backend());
    const bool up = direction == Direction::upgrade;
    auto [from, to, current, plan] = detail::offline_range(g, direction, range);
    // The schema at `from`, replayed from base, gives table recreations their table.
    schema::MetaData model;
    if (!current.empty()) detail::track(revision::plan_upgrade(g, {}, from), model);
    auto options = script_options();
    options.offline = true;
    options.model = &model;
    options.title = std::string(up ? "upgrade " : "downgrade ") + from + ":" + to;
    return build_script(plan, dialect, options);
}

} // namespace migrate::runtime
