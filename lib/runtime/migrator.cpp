#include <migrate/runtime/migrator.hpp>

#include <migrate/base/error.hpp>
#include <migrate/db/url.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/revision/target.hpp>
#include <migrate/runtime/run_script.hpp>
#include <migrate/runtime/script_runner.hpp>

namespace migrate::runtime {

using revision::Direction;

Migrator::Migrator(Config config) : config_(std::move(config)) {}
Migrator::~Migrator() = default;

void Migrator::set_echo(bool on) {
    echo_ = on;
    if (conn_) conn_->set_echo(on);
}

const revision::ScriptDirectory& Migrator::scripts() {
    if (!scripts_) scripts_.emplace(revision::ScriptDirectory::load(config_.script_location));
    return *scripts_;
}

void Migrator::reload_scripts() { scripts_.reset(); }

std::filesystem::path Migrator::write_revision(const revision::NewRevision& spec) {
    scripts();
    return scripts_->write_revision(spec);
}

void Migrator::on_statement(db::StatementHook hook) {
    on_statement_ = std::move(hook);
    if (conn_) conn_->set_statement_hook(on_statement_);
}

db::Backend Migrator::backend() const { return db::parse_url(config_.url).backend; }

db::Connection& Migrator::connection() {
    if (!conn_) {
        db::ConnectOptions options;
        options.echo = echo_;
        conn_ = db::connect(config_.url, options);
        if (on_statement_) conn_->set_statement_hook(on_statement_);
    }
    return *conn_;
}

RunResult Migrator::upgrade(std::string_view target) { return run(Direction::upgrade, target); }
RunResult Migrator::downgrade(std::string_view target) { return run(Direction::downgrade, target); }

RunResult Migrator::run(Direction direction, std::string_view target) {
    // Everything that can be wrong with the input is found before the database is touched.
    const auto& g = graph();
    revision::parse_target(target);
    const auto& dialect = dialect::dialect_for(backend());
    auto& conn = connection();
    const VersionTable versions(dialect, config_.version_table, config_.history_table);

    ScriptRunner runner(conn, runner_options());
    runner.lock(config_.version_table);
    const auto current = versions.heads(conn);
    if (auto check = verify_applied(g, current, versions.history(conn)); !check.ok()) refuse_unverified(check);
    auto plan = direction == Direction::upgrade ? revision::plan_upgrade(g, current, target)
                                                : revision::plan_downgrade(g, current, target);
    // Lints what it is about to apply, with the facts read under the lock (nothing changed yet).
    if (direction == Direction::upgrade) lint_gate(plan, dialect);
    RunResult result{current, plan.heads_after(), plan.steps.size()};
    plan.heads_before = current; // move the rows as they are
    runner.run(build_script(plan, dialect, script_options()));
    return result;
}

RunnerOptions Migrator::runner_options() const {
    return RunnerOptions{config_.lock_timeout, on_notice_, on_progress_, on_run_};
}

ScriptOptions Migrator::script_options() const {
    ScriptOptions o;
    o.version_table = config_.version_table;
    o.history_table = config_.history_table;
    o.transaction_per_revision = config_.transaction_per_revision;
    return o;
}

VerifyResult Migrator::verify() {
    const auto& g = graph();
    auto& conn = connection();
    const VersionTable versions(conn.backend(), config_.version_table, config_.history_table);
    return verify_applied(g, versions.heads(conn), versions.history(conn));
}

AcceptResult Migrator::accept(const std::vector<std::string>& revisions, const std::string& by) {
    const auto& g = graph();
    auto& conn = connection();
    const VersionTable versions(conn.backend(), config_.version_table, config_.history_table);
    MigrationLock lock(conn, config_.version_table, config_.lock_timeout, on_notice_);
    db::Transaction tx(conn);
    const auto heads = versions.heads(conn);
    const auto applied = applied_revisions(g, heads);
    const auto recorded = recorded_checksums(versions.history(conn));
    AcceptResult result;
    for (const auto& name : revisions) {
        const auto& rev = g.at(revision::resolve_revision(g, name));
        if (!applied[*g.index_of(rev.id)])
            throw UsageError("revision " + rev.id + " is not applied to this database: there is no checksum to accept");
        if (auto it = recorded.find(rev.id); it != recorded.end() && it->second == rev.sha256) {
            result.unchanged.push_back(rev.id);
            continue;
        }
        if (result.recorded.empty()) versions.ensure_applied_by(conn);
        conn.execute(versions.record(rev.id, "accept", std::nullopt, rev.sha256, by));
        result.recorded.push_back(rev.id);
    }
    tx.commit();
    return result;
}

namespace {

// A reader blocked by a migration (SQLite's write lock; PostgreSQL readers are never blocked
// by one) says what blocks it rather than "database is locked".
template <class Read>
auto read_past_migrations(Read&& read) {
    try {
        return read();
    } catch (const DatabaseError& e) {
        if (!db::is_lock_conflict(e)) throw;
        throw DatabaseError("another process is migrating or writing to the database and holds its write lock; "
                            "try again when it has finished",
                            e.code(), e.statement(), e.sqlite_code());
    }
}

} // namespace

std::vector<std::string> Migrator::current() {
    auto& conn = connection();
    return read_past_migrations(
        [&] { return VersionTable(conn.backend(), config_.version_table, config_.history_table).heads(conn); });
}

std::vector<HistoryEntry> Migrator::applied_history() {
    auto& conn = connection();
    return read_past_migrations(
        [&] { return VersionTable(conn.backend(), config_.version_table, config_.history_table).history(conn); });
}

} // namespace migrate::runtime
