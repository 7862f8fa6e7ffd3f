#include <migrate/runtime/migrator.hpp>

#include <migrate/db/error.hpp>
#include <migrate/db/url.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/ops/run_table.hpp>
#include <migrate/revision/target.hpp>
#include <migrate/runtime/detail/prepared_step.hpp>
#include <migrate/runtime/migration_lock.hpp>

#include <algorithm>
#include <chrono>

namespace migrate::runtime {

namespace {

using Clock = std::chrono::steady_clock;
using revision::Direction;

std::chrono::milliseconds since(Clock::time_point t0) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
}

std::string heads_text(const std::vector<std::string>& heads) {
    std::string out;
    for (const auto& h : heads) out += (out.empty() ? "" : ", ") + h;
    return out.empty() ? "<base>" : out;
}

} // namespace

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

db::Backend Migrator::backend() const { return db::parse_url(config_.url).backend; }

db::Connection& Migrator::connection() {
    if (!conn_) {
        db::ConnectOptions options;
        options.echo = echo_;
        conn_ = db::connect(config_.url, options);
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
    const VersionTable versions(conn.backend(), config_.version_table, config_.history_table);

    MigrationLock lock(conn, config_.version_table, config_.lock_timeout, on_notice_);
    const auto current = versions.heads(conn);
    if (auto check = verify_applied(g, current, versions.history(conn)); !check.ok()) refuse_unverified(check);
    auto plan = direction == Direction::upgrade ? revision::plan_upgrade(g, current, target)
                                                : revision::plan_downgrade(g, current, target);
    auto steps = detail::prepare(plan, dialect);
    if (!steps.empty()) steps.front().heads_before = current; // move the rows as they are

    RunResult result{current, plan.heads_after(), steps.size()};
    const bool per_revision = config_.transaction_per_revision;

    // SQLite table recreation needs foreign-key enforcement off, which SQLite only allows
    // outside a transaction: off before the first BEGIN, back on after the last COMMIT/ROLLBACK
    // (declared before `tx`, so it is restored after the rollback of a failed run).
    std::optional<ops::ForeignKeysOff> foreign_keys_off;
    if (std::any_of(steps.begin(), steps.end(), [](const detail::PreparedStep& s) {
            return std::any_of(s.ops.begin(), s.ops.end(), [](const detail::PreparedOp& o) { return o.run.has_value(); });
        }))
        foreign_keys_off.emplace(conn);
    std::optional<db::Transaction> tx;
    auto begin = [&] {
        if (!tx) tx.emplace(conn);
    };
    auto commit = [&] {
        if (tx) {
            tx->commit();
            tx.reset();
        }
    };

    // Where the run is and what is committed, for the message of an interrupt.
    std::string where = "before the first revision";
    std::vector<std::string> committed = current;
    try {
        begin();
        versions.ensure(conn);
        if (per_revision) commit();

        for (std::size_t i = 0; i < steps.size(); ++i) {
            const auto& step = steps[i];
            const auto& rev = *step.revision;
            StepEvent event{StepEvent::Phase::started, direction, rev.id, rev.message, i + 1, steps.size(), {}};
            if (on_progress_) on_progress_(event);
            const auto t0 = Clock::now();
            begin();
            for (std::size_t j = 0; j < step.ops.size(); ++j) {
                const auto& op = step.ops[j];
                where = "during " + rev.id + " (op " + std::to_string(j + 1) + " of " + std::to_string(step.ops.size()) + ")";
                if (!op.in_transaction) commit(); // e.g. CREATE INDEX CONCURRENTLY: commit around it
                try {
                    if (op.run) ops::execute_table_run(conn, *op.run, dialect);
                    else ops::check_against_database(conn, op.op);
                    for (const auto& s : op.statements) {
                        if (s.is_script) conn.execute_script(s.sql);
                        else conn.execute(s.sql, s.params);
                    }
                } catch (const Error&) {
                    detail::rethrow_in(detail::name_of(rev) + ", op " +
                                       (op.run ? ops::describe(*op.run) : ops::describe(op.op)));
                }
                begin();
            }
            where = "during " + rev.id + " (recording it in the version table)";
            for (const auto& s : versions.move_heads(step.heads_before, step.heads_after)) conn.execute(s);
            const auto took = since(t0);
            conn.execute(versions.record(rev.id, to_string(direction), took.count(), rev.sha256));
            if (per_revision) {
                commit();
                committed = step.heads_after;
            }
            event.phase = StepEvent::Phase::finished;
            event.duration = since(t0);
            if (on_progress_) on_progress_(event);
        }
        where = "while committing";
        commit();
    } catch (const Interrupted& e) {
        tx.reset(); // rolls back what is not committed; the lock goes as the exception leaves
        throw Interrupted(e.signal(), "interrupted " + where + "; the database is at " + heads_text(committed));
    }
    return result;
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
