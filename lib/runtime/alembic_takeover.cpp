// migrate stamp --from-alembic: the heads Alembic recorded become migrate's, without running
// anything and without touching Alembic's table (a team can go back to Alembic until it drops it).
#include <migrate/runtime/migrator.hpp>

#include <migrate/base/error.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/revision/target.hpp>

namespace migrate::runtime {

namespace {

std::string joined(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
    return out;
}

} // namespace

RunResult Migrator::stamp_from_alembic(const std::string& alembic_table) {
    const auto& g = graph();
    const auto& dialect = dialect::dialect_for(backend());
    auto& conn = connection();
    ScriptRunner runner(conn, runner_options());
    lock_for_writing(runner);
    // Alembic's table has the same shape as ours (one version_num row per head).
    const VersionTable alembic(dialect, alembic_table, config_.history_table);
    if (!alembic.exists(conn))
        throw UsageError("the database has no table \"" + alembic_table +
                         "\": it was not migrated by Alembic with that version table (name it with --version-table)");
    const auto alembic_heads = alembic.heads(conn);
    if (alembic_heads.empty())
        throw UsageError("\"" + alembic_table + "\" is empty: Alembic has applied nothing to this database, so there "
                         "is nothing to take over (run `migrate upgrade` instead)");
    std::vector<std::string> unknown;
    for (const auto& id : alembic_heads)
        if (!g.find(id)) unknown.push_back(id);
    if (!unknown.empty())
        throw UsageError("\"" + alembic_table + "\" names " + joined(unknown) + ", not in " +
                         scripts().versions_dir().string() +
                         ": import the Alembic project first (`migrate import alembic DIR`)");
    const auto heads_after = revision::normalize_heads(g, alembic_heads);
    const VersionTable versions(dialect, config_.version_table, config_.history_table);
    const auto current = versions.heads(conn);
    if (current == heads_after) return RunResult{current, current, 0};
    if (!current.empty())
        throw UsageError("the version table \"" + config_.version_table + "\" already holds " + joined(current) +
                         " while \"" + alembic_table + "\" holds " + joined(heads_after) +
                         "; nothing was changed. Decide which is right and `migrate stamp` it");
    if (versions.exists(conn)) {
        // Tables from before applied_by get it (and a missing history table is made) first.
        versions.ensure(conn);
        versions.ensure_applied_by(conn);
    }
    // Every applied revision (the heads and all below them) gets its checksum recorded, so that
    // `migrate verify` watches the imported files from now on.
    const auto applied = applied_revisions(g, heads_after);
    StampPlan plan{current, heads_after, {}, false, alembic_table};
    for (auto i : g.topological_order())
        if (applied[i]) plan.stamped.push_back(&g.at(i));
    runner.run(build_script(plan, dialect, script_options()));
    return RunResult{current, heads_after, 0};
}

} // namespace migrate::runtime
