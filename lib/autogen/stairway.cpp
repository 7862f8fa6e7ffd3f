// The stairway (see stairway.hpp). The steps are planned from the graph alone first, so that
// each downgrade target and the schema it must restore are known before anything runs; then
// each step takes a snapshot after its downgrade and one after its second upgrade, and the
// "before" schema is the previous step's "after". On SQLite a snapshot is the stored CREATE
// statements (one query; equal text is an equal schema), and models are only built, from that
// text, when the text differs; on PostgreSQL it is a reflection.
#include <migrate/autogen/stairway.hpp>

#include <algorithm>
#include <map>

#include <migrate/autogen/autogenerate.hpp>
#include <migrate/autogen/scratch_database.hpp>
#include <migrate/base/error.hpp>
#include <migrate/base/join.hpp>
#include <migrate/db/url.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/dialect/reflect.hpp>
#include <migrate/dialect/stored_definitions.hpp>
#include <migrate/revision/migration_plan.hpp>
#include <migrate/runtime/migrator.hpp>

namespace migrate::autogen {
namespace {

using revision::RevisionGraph;
using Heads = std::vector<std::string>;
using Clock = std::chrono::steady_clock;

// One revision's stairway as the graph says it goes.
struct PlannedStep {
    RevisionGraph::Index revision = 0;
    Heads before;            // the heads before its upgrade
    Heads up;                // after it
    std::string down_target; // the downgrade target that reverts it
    Heads down;              // after that downgrade: `before` unless others go with it
    std::vector<std::string> reverted_with;
};

// The downgrade target reverting `r` alone where one does (a parent; `r-1` for a base; `-1`),
// else the one reverting the fewest others with it.
PlannedStep plan_step(const RevisionGraph& g, RevisionGraph::Index r, const Heads& before) {
    PlannedStep step;
    step.revision = r;
    step.before = before;
    step.up = revision::plan_upgrade(g, before, g.at(r).id).heads_after();
    std::vector<std::string> candidates;
    for (auto p : g.parents(r)) candidates.push_back(g.at(p).id);
    if (g.parents(r).empty()) candidates.push_back(g.at(r).id + "-1");
    candidates.push_back("-1");
    std::optional<revision::MigrationPlan> best;
    for (const auto& target : candidates) {
        revision::MigrationPlan plan;
        try {
            plan = revision::plan_downgrade(g, step.up, target);
        } catch (const UsageError&) {
            continue; // e.g. "-1" at a fork
        }
        bool reverts_r = std::any_of(plan.steps.begin(), plan.steps.end(),
                                     [&](const revision::MigrationStep& s) { return s.revision == &g.at(r); });
        if (!reverts_r || (best && best->steps.size() <= plan.steps.size())) continue;
        best = plan;
        step.down_target = target;
        if (plan.steps.size() == 1) break;
    }
    if (!best) throw Error("no downgrade target reverts revision " + g.at(r).id); // a parent always does
    step.down = best->heads_after();
    for (const auto& s : best->steps)
        if (s.revision != &g.at(r)) step.reverted_with.push_back(s.revision->id);
    return step;
}

std::vector<PlannedStep> plan_stairway(const RevisionGraph& g) {
    std::vector<PlannedStep> steps;
    Heads heads;
    for (auto r : g.topological_order()) {
        steps.push_back(plan_step(g, r, heads));
        heads = steps.back().up;
    }
    return steps;
}

// A schema: its stored definitions where the dialect has them (SQLite), else reflected. The
// model of a definitions-only snapshot is rebuilt when a difference must be named.
struct Snapshot {
    std::optional<std::vector<std::string>> definitions;
    std::optional<schema::MetaData> metadata;
    dialect::NotModelled kinds; // what reflection met outside the model (with `metadata`)
};

class Stairway {
public:
    Stairway(const runtime::Config& config, runtime::Migrator& migrator, StairwayResult& result,
             const StairwayOptions& options)
        : config_(config), migrator_(migrator), result_(result), options_(options),
          compare_(compare_options(config)) {
        compare_.dialect = &dialect::dialect_for(migrator.connection().backend());
        compare_.target_as_stored = true; // both sides are read back from one server
        reflect_.schemas = reflected_schemas(compare_, *compare_.dialect);
        reflect_.exclude_tables = {config.version_table, config.history_table};
    }

    // False when a step failed (result_.failure says which).
    bool run_revisions() {
        const auto& g = migrator_.graph();
        const auto steps = plan_stairway(g);
        // The schemas a non-isolated downgrade must restore, saved when the run passes them.
        std::map<Heads, std::optional<Snapshot>> saved;
        for (const auto& s : steps)
            if (s.down != s.before) saved[s.down];
        Snapshot before = snapshot();
        if (saved.count(Heads{})) saved[Heads{}] = before;
        for (const auto& step : steps) {
            const auto& rev = g.at(step.revision);
            RevisionOutcome outcome{rev.id, rev.message, false, step.reverted_with, true, {}};
            const auto t0 = Clock::now();
            auto fail = [&](StairwayStage stage, const std::string& message, std::vector<std::string> lines = {}) {
                outcome.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
                finish(outcome);
                result_.failure = StairwayFailure{stage, rev.id, message, std::move(lines)};
                return false;
            };
            if (auto error = attempt([&] { migrator_.upgrade(rev.id); }))
                return fail(StairwayStage::upgrade, *error);
            if (auto error = attempt([&] { migrator_.downgrade(step.down_target); }))
                return fail(StairwayStage::downgrade, *error);
            Snapshot* expected = &before;
            if (step.down != step.before) {
                auto it = saved.find(step.down);
                expected = it->second ? &*it->second : nullptr;
            }
            if (expected) {
                Snapshot after = snapshot();
                auto lines = differences(after, *expected);
                if (!lines.empty())
                    return fail(StairwayStage::restore,
                                "after its downgrade the schema differs from the one before its upgrade",
                                std::move(lines));
            } else {
                outcome.compared = false;
                result_.warnings.push_back("revision " + rev.id + ": its downgrade also reverts " +
                                           base::join(step.reverted_with) +
                                           ", and no earlier schema matches what is left; the schema after it was "
                                           "not compared");
            }
            for (const auto& head : step.up)
                if (auto error = attempt([&] { migrator_.upgrade(head); }))
                    return fail(StairwayStage::reupgrade, *error);
            before = snapshot();
            if (auto it = saved.find(step.up); it != saved.end()) it->second = before;
            outcome.passed = true;
            outcome.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
            finish(outcome);
        }
        return true;
    }

    bool compare_with_target() {
        if (config_.target.empty()) return true;
        Diff d = autogenerate(config_, migrator_.connection());
        result_.warnings.insert(result_.warnings.end(), d.warnings.begin(), d.warnings.end());
        result_.target_compared = true;
        if (d.empty()) return true;
        result_.failure = StairwayFailure{StairwayStage::target, {},
                                          "at head the schema differs from the target " + config_.target,
                                          describe(d)};
        return false;
    }

    bool downgrade_to_base() {
        if (auto error = attempt([&] { migrator_.downgrade("base"); })) {
            result_.failure = StairwayFailure{StairwayStage::base, {}, *error, {}};
            return false;
        }
        Snapshot now = snapshot();
        Snapshot empty;
        empty.metadata.emplace();
        if (now.definitions) empty.definitions.emplace();
        auto lines = differences(now, empty);
        if (!lines.empty()) {
            result_.failure = StairwayFailure{StairwayStage::base, {},
                                              "`downgrade base` leaves more than the version and history tables",
                                              std::move(lines)};
            return false;
        }
        result_.base_checked = true;
        return true;
    }

private:
    // Runs `step`; the error's message when it throws a migrate::Error (a failure of the
    // revision under test, not of the tool).
    template <class Step>
    static std::optional<std::string> attempt(Step&& step) {
        try {
            step();
            return std::nullopt;
        } catch (const Error& e) {
            return std::string(e.what());
        }
    }

    Snapshot snapshot() {
        Snapshot s;
        auto& conn = migrator_.connection();
        s.definitions = dialect::stored_definitions(conn, reflect_);
        if (!s.definitions) s.metadata = dialect::reflect(conn, reflect_, &s.kinds);
        return s;
    }

    const schema::MetaData& model(Snapshot& s) const {
        if (!s.metadata)
            s.metadata = dialect::reflect_definitions(compare_.dialect->backend(), *s.definitions, reflect_, &s.kinds);
        return *s.metadata;
    }

    // What turns `now` into `wanted`, in describe()'s words; the kinds outside the model too.
    // Equal definitions are no difference; otherwise both models are compared (a table rebuilt
    // by a recreation has other text but may be the same table).
    std::vector<std::string> differences(Snapshot& now, Snapshot& wanted) const {
        if (now.definitions && wanted.definitions && *now.definitions == *wanted.definitions) return {};
        auto lines = describe(diff(model(now), model(wanted), compare_));
        if (now.kinds != wanted.kinds)
            for (const auto& [kind, count] : now.kinds) {
                auto it = wanted.kinds.find(kind);
                int want = it == wanted.kinds.end() ? 0 : it->second;
                if (want != count)
                    lines.push_back(kind + ": " + std::to_string(count) + " where " + std::to_string(want) +
                                    " were (not modelled, compared by count)");
            }
        for (const auto& [kind, count] : wanted.kinds)
            if (!now.kinds.count(kind))
                lines.push_back(kind + ": 0 where " + std::to_string(count) + " were (not modelled, compared by count)");
        return lines;
    }

    void finish(const RevisionOutcome& outcome) {
        result_.revisions.push_back(outcome);
        if (options_.on_revision) options_.on_revision(outcome);
    }

    const runtime::Config& config_;
    runtime::Migrator& migrator_;
    StairwayResult& result_;
    const StairwayOptions& options_;
    CompareOptions compare_;
    dialect::ReflectOptions reflect_;
};

} // namespace

std::string to_string(StairwayStage stage) {
    switch (stage) {
    case StairwayStage::heads: return "heads";
    case StairwayStage::upgrade: return "upgrade";
    case StairwayStage::downgrade: return "downgrade";
    case StairwayStage::restore: return "restore";
    case StairwayStage::reupgrade: return "reupgrade";
    case StairwayStage::target: return "target";
    case StairwayStage::base: return "base";
    }
    return "unknown";
}

namespace {

void run_stairway(const runtime::Config& config, const StairwayOptions& options, StairwayResult& result) {
    runtime::Migrator migrator(config);
    migrator.set_echo(options.echo);
    const auto& g = migrator.graph(); // bad revision files throw here, before anything runs
    result.heads = g.heads();
    if (result.heads.size() > options.heads) {
        result.failure = StairwayFailure{StairwayStage::heads, {},
                                         std::to_string(result.heads.size()) + " heads (" + base::join(result.heads) +
                                             ") where " +
                                             std::to_string(options.heads) +
                                             (options.heads == 1 ? " is" : " are") +
                                             " allowed; merge them (`migrate merge heads -m MSG`) or allow them "
                                             "(--heads N)",
                                         {}};
        return;
    }
    Stairway stairway(config, migrator, result, options);
    if (stairway.run_revisions() && stairway.compare_with_target()) stairway.downgrade_to_base();
}

} // namespace

StairwayResult test_revisions(const runtime::Config& config, const StairwayOptions& options) {
    StairwayResult result;
    const auto& dialect = dialect::dialect_for(db::parse_url(config.url).backend);
    runtime::Config scratch_config = config;
    scratch_config.url_source = "scratch";
    if (auto memory = dialect.in_memory_url()) {
        scratch_config.url = *memory;
        result.database = *memory + " (memory)";
        run_stairway(scratch_config, options, result);
        return result;
    }
    ScratchDatabase scratch(config.dev_url.empty() ? config.url : config.dev_url);
    scratch_config.url = scratch.url();
    result.database = db::mask_password(scratch.url());
    run_stairway(scratch_config, options, result); // its connection is closed when it returns
    scratch.drop_without_waiting();
    return result;
}

} // namespace migrate::autogen
