// migrate stamp REV...: set the version table without running any op.
#include "commands/command.hpp"
#include "commands/common.hpp"
#include "run_events.hpp"

#include <migrate/base/error.hpp>
#include <migrate/base/join.hpp>
#include <migrate/db/url.hpp>
#include <migrate/revision/alembic_project.hpp>

#include <iostream>

namespace migrate::cli {

namespace {

struct StampOptions {
    std::vector<std::string> revisions;
    bool purge = false;
    bool sql = false;
    bool from_alembic = false;
    std::string alembic_table;  // --alembic-version-table
    std::string alembic_config; // --alembic-config: alembic.ini naming its version_table
    TenantOptions tenants;
};

void run_from_alembic(const Options& options, const StampOptions& mine) {
    if (!mine.revisions.empty() || mine.purge || mine.sql)
        throw UsageError("--from-alembic takes the revisions from Alembic's version table: give no REV, --purge or --sql");
    std::string table = "alembic_version";
    if (!mine.alembic_config.empty()) table = revision::read_alembic_project(mine.alembic_config).version_table;
    if (!mine.alembic_table.empty()) table = mine.alembic_table;
    if (mine.tenants.enabled())
        return run_for_tenants(options, mine.tenants, [&table](runtime::Migrator& m, const runtime::Tenant&) {
            return run_outcome(m.stamp_from_alembic(table), "taken over");
        });
    output().begin_lines();
    auto migrator = make_migrator(options);
    const auto guard = interrupt_guard();
    auto result = migrator->stamp_from_alembic(table);
    if (options.json()) return finish_run_as_json(result);
    if (options.quiet) return;
    const std::string heads = base::join(result.heads_after);
    if (result.heads_before == result.heads_after)
        std::cerr << "already taken over: " << db::mask_password(migrator->config().url) << " is at " << heads
                  << " in both " << table << " and " << migrator->config().version_table << '\n';
    else
        std::cerr << "taken over from " << table << ": " << db::mask_password(migrator->config().url)
                  << " is now at " << heads << " (" << table << " left as it was)\n";
}

void run_stamp(const Options& options, const StampOptions& mine) {
    if (mine.from_alembic) return run_from_alembic(options, mine);
    if (!mine.alembic_table.empty() || !mine.alembic_config.empty())
        throw UsageError("--alembic-version-table and --alembic-config go with --from-alembic");
    if (mine.revisions.empty()) throw UsageError("stamp: give the revisions to stamp (REV...), or --from-alembic");
    if (mine.tenants.enabled()) {
        if (mine.sql) throw UsageError("--sql prints one script; with --tenants give each tenant's --url instead");
        return run_for_tenants(options, mine.tenants, [&mine](runtime::Migrator& m, const runtime::Tenant&) {
            return run_outcome(m.stamp(mine.revisions, mine.purge), "stamped");
        });
    }
    if (!mine.sql) output().begin_lines(); // as run_move
    auto migrator = make_migrator(options);
    if (mine.sql) {
        std::cout << migrator->stamp_sql(mine.revisions, mine.purge);
        return;
    }
    const auto guard = interrupt_guard();
    auto result = migrator->stamp(mine.revisions, mine.purge);
    if (options.json()) return finish_run_as_json(result);
    if (options.quiet) return;
    const std::string heads = base::join(result.heads_after);
    std::cerr << "stamped: " << db::mask_password(migrator->config().url) << " is now at "
              << (heads.empty() ? "<base>" : heads) << '\n';
}

void setup_stamp(CLI::App& app, Options& options) {
    // One command per run: a later word such as "heads" is an argument, not the heads command.
    app.require_subcommand(0, 1);
    auto mine = std::make_shared<StampOptions>();
    auto* cmd = app.add_subcommand("stamp", "Record REV(s) as the database's revision without running any op");
    cmd->add_option("revisions", mine->revisions, "Revision ids, prefixes, labels, head, heads or base");
    cmd->add_flag("--purge", mine->purge, "Replace every row of the version table (also unknown revisions)");
    cmd->add_flag("--sql", mine->sql,
                  "Print the SQL instead of running it (offline: no database is touched; FROM:TO names the heads "
                  "to stamp over)");
    cmd->add_flag("--from-alembic", mine->from_alembic,
                  "Take over a database Alembic migrated: record the heads in its alembic_version table (left as it "
                  "was) in migrate's version table, with history rows saying so (import the project first)");
    cmd->add_option("--alembic-version-table", mine->alembic_table,
                    "With --from-alembic: Alembic's version table when it is not alembic_version")
        ->type_name("NAME");
    cmd->add_option("--alembic-config", mine->alembic_config,
                    "With --from-alembic: the alembic.ini whose [alembic] version_table names Alembic's version table")
        ->type_name("FILE");
    add_tenant_options(*cmd, mine->tenants);
    cmd->footer("Examples:\n  migrate stamp head\n  migrate stamp ae10 --purge\n  migrate stamp base\n"
                "  migrate stamp head --sql > stamp.sql\n  migrate stamp ae10:head --sql\n"
                "  migrate stamp --from-alembic");
    cmd->callback([&options, mine] { run_stamp(options, *mine); });
}

} // namespace

MIGRATE_COMMAND(100, setup_stamp);

} // namespace migrate::cli
