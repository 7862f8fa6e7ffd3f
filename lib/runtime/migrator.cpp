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
    if (shared_scripts_) return *shared_scripts_;
    if (!scripts_) scripts_.emplace(revision::ScriptDirectory::load(config_.script_location));
    return *scripts_;
}

void Migrator::reload_scripts() { scripts_.reset(); }

std::filesystem::path Migrator::write_revision(const revision::NewRevision& spec) {
    if (shared_scripts_) throw Error("write_revision: this migrator's revisions are shared read-only");
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
        const auto backend = this->backend();
        if (config_.pgbouncer && backend != db::Backend::postgresql)
            throw UsageError("pgbouncer = true: the database URL is not PostgreSQL's (" + db::mask_password(config_.url) +
                             ")");
        if (config_.pgbouncer && !config_.schema.empty())
            throw UsageError("schema '" + config_.schema +
                             "': schema-per-tenant sets the session's search_path, which PgBouncer's transaction "
                             "pooling (pgbouncer = true) does not keep; reach this database directly or through a "
                             "session-pooled PgBouncer database");
        const auto& dialect = dialect::dialect_for(backend);
        const auto search_path = config_.schema.empty() ? dialect::Statements{} : dialect.lead_search_path(config_.schema);
        db::ConnectOptions options;
        options.echo = echo_;
        options.unnamed_statements = config_.pgbouncer;
        conn_ = db::connect(config_.url, options);
        if (on_statement_) conn_->set_statement_hook(on_statement_);
        for (const auto& sql : search_path) conn_->execute(sql);
    }
    return *conn_;
}

bool Migrator::schema_exists() {
    if (config_.schema.empty()) return true;
    auto& conn = connection();
    return !conn.query(dialect::dialect_for(conn.backend()).schema_exists_query(), {config_.schema}).empty();
}

std::string Migrator::lock_scope() const {
    return config_.schema.empty() ? config_.version_table : config_.schema + "." + config_.version_table;
}

void Migrator::lock_for_writing(ScriptRunner& runner) {
    runner.lock(config_.version_table);
    if (schema_exists()) return; // under the lock, which is keyed by the schema: no one else makes it now
    auto& conn = connection();
    for (const auto& sql : dialect::dialect_for(conn.backend()).ensure_schema(config_.schema)) conn.execute(sql);
}

RunResult Migrator::upgrade(std::string_view target) { return run(Direction::upgrade, target); }
RunResult Migrator::downgrade(std::string_view target) { return run(Direction::downgrade, target); }

RunResult Migrator::run(Direction direction, std::string_view target) {
    // Everything that can be wrong with the input is found before the database is touched.
    const auto& g = graph();
    revision::parse_target(target);
    if (config_.pgbouncer && config_.transaction_per_revision)
        throw UsageError("--transaction-per-revision (or transaction_per_revision = true) commits between revisions, "
                         "which would release the only migration lock PgBouncer's transaction pooling "
                         "(pgbouncer = true) allows; leave it off");
    const auto& dialect = dialect::dialect_for(backend());
    auto& conn = connection();
    const VersionTable versions(dialect, config_.version_table, config_.history_table);

    ScriptRunner runner(conn, runner_options());
    lock_for_writing(runner);
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
    return RunnerOptions{config_.lock_timeout, on_notice_, on_progress_, on_run_, lock_scope(), config_.pgbouncer};
}

ScriptOptions Migrator::script_options() const {
    ScriptOptions o;
    o.version_table = config_.version_table;
    o.history_table = config_.history_table;
    o.transaction_per_revision = config_.transaction_per_revision;
    o.single_transaction = config_.pgbouncer;
    return o;
}

VerifyResult Migrator::verify() {
    const auto& g = graph();
    if (!schema_exists()) return verify_applied(g, {}, {});
    auto& conn = connection();
    const VersionTable versions(conn.backend(), config_.version_table, config_.history_table);
    return verify_applied(g, versions.heads(conn), versions.history(conn));
}

AcceptResult Migrator::accept(const std::vector<std::string>& revisions, const std::string& by) {
    const auto& g = graph();
    auto& conn = connection();
    const VersionTable versions(conn.backend(), config_.version_table, config_.history_table);
    MigrationLock lock(conn, lock_scope(), config_.lock_timeout, on_notice_, config_.pgbouncer);
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
    lock.release();
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
    if (!schema_exists()) return {}; // a tenant not migrated yet: its schema is made by the first upgrade
    auto& conn = connection();
    return read_past_migrations(
        [&] { return VersionTable(conn.backend(), config_.version_table, config_.history_table).heads(conn); });
}

std::vector<HistoryEntry> Migrator::applied_history() {
    if (!schema_exists()) return {};
    auto& conn = connection();
    return read_past_migrations(
        [&] { return VersionTable(conn.backend(), config_.version_table, config_.history_table).history(conn); });
}

} // namespace migrate::runtime
