#include <migrate/runtime/script_runner.hpp>

#include <migrate/base/error.hpp>
#include <migrate/ops/render.hpp>
#include <migrate/ops/run_table.hpp>
#include <migrate/runtime/detail/heads_text.hpp>
#include <migrate/runtime/detail/revision_errors.hpp>
#include <migrate/runtime/version_table.hpp>

#include <algorithm>
#include <thread>

namespace migrate::runtime {

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds since(Clock::time_point t0) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
}

} // namespace

// One run's state: the guards are destroyed in reverse order on failure, so an open
// transaction rolls back before foreign-key enforcement is restored (SQLite allows the switch
// only outside a transaction).
class ScriptRunner::Visitor {
public:
    Visitor(ScriptRunner& runner, const RunScript& script)
        : r_(runner), s_(script), d_(dialect::dialect_for(runner.conn_.backend())),
          versions_(d_, script.version_table, script.history_table) {}

    void operator()(const script::Lock&) {
        if (r_.lock_) return;
        r_.lock(s_.version_table);
        auto rows = versions_.heads(r_.conn_);
        if (rows != s_.heads_before)
            throw Error("the database is at " + detail::heads_text(rows) + ", but this " + to_string(s_.kind) +
                        " script was built for " + detail::heads_text(s_.heads_before) + "; build it again");
    }
    void operator()(const script::Unlock&) {
        tx_.reset(); // rolls back what is still open, before foreign keys are switched back
        fks_.reset();
        if (r_.lock_) r_.lock_->release();
        r_.lock_.reset();
    }
    void operator()(const script::ForeignKeys& i) {
        if (!i.enforced) fks_.emplace(r_.conn_); // switches only what is on, outside a transaction
        else fks_.reset();
    }
    void operator()(const script::Begin&) {
        if (!tx_) tx_.emplace(r_.conn_);
        restart_ = index_; // a lock timeout from here on rolls back to this point
    }
    void operator()(const script::Commit& i) {
        if (i.reason == script::Commit::Reason::end_of_run) where_ = "while committing";
        restart_.reset();
        if (!tx_) return;
        tx_->commit();
        tx_.reset();
        committed_ = last_heads_;
    }
    void operator()(const script::Timeouts& i) {
        for (const auto& sql : i.statements) r_.conn_.execute(sql);
    }
    void operator()(const script::VersionTables& i) {
        if (versions_.exists(r_.conn_) && table_exists(s_.history_table)) return;
        for (const auto& sql : i.statements) r_.conn_.execute(sql);
    }
    void operator()(const script::RevisionStart& i) {
        where_ = "during " + i.revision + " (before its first op)";
        revision_ = &i;
        if (r_.position_.revision == i.revision) return; // tried again after a lock timeout: started already
        attempts_ = 0;
        r_.started_ = Clock::now();
        r_.position_ = RunPosition{i.revision, 0, i.op_count, i.file};
        r_.event_ = StepEvent{StepEvent::Phase::started, i.direction, i.revision, i.message, i.index, i.total, {}, i.file};
        if (r_.options_.on_progress) r_.options_.on_progress(r_.event_);
    }
    void operator()(const script::RunOp& i) {
        r_.position_.op = i.op_index + 1;
        where_ = op_text();
        try {
            ops::check_against_database(r_.conn_, i.op);
            for (const auto& st : i.statements) {
                if (st.is_script) r_.conn_.execute_script(st.sql);
                else r_.conn_.execute(st.sql, st.params);
            }
        } catch (const Error&) {
            detail::rethrow_in(where() + ", op " + i.description);
        }
    }
    void operator()(const script::TableRun& i) {
        r_.position_.op = i.op_index + 1;
        where_ = op_text();
        try {
            ops::execute_table_run(r_.conn_, i.run, d_);
        } catch (const Error&) {
            detail::rethrow_in(where() + ", op " + i.description);
        }
    }
    void operator()(const script::Backfill& i) {
        r_.position_.op = i.op_index + 1;
        where_ = op_text();
        try {
            run_backfill(i);
        } catch (const Error&) {
            detail::rethrow_in(where() + ", op " + i.description);
        }
    }
    void operator()(const script::MoveHeads& i) {
        r_.position_.op = 0; // past the revision's ops
        if (revision_) {
            where_ = "during " + revision_->revision + " (recording it in the version table)";
            last_heads_ = revision_->heads_after; // what the next commit makes permanent
        }
        for (const auto& sql : i.statements) r_.conn_.execute(sql);
    }
    void operator()(const script::History& i) {
        std::optional<std::int64_t> took;
        if (i.timed) took = since(r_.started_).count();
        r_.conn_.execute(d_.insert_history(s_.history_table, i.revision, i.direction, took, i.checksum, i.applied_by));
    }
    void operator()(const script::RevisionEnd&) {
        r_.event_.phase = StepEvent::Phase::finished;
        r_.event_.duration = since(r_.started_);
        r_.position_ = RunPosition{};
        revision_ = nullptr;
        if (r_.options_.on_progress) r_.options_.on_progress(r_.event_);
    }

    void at(std::size_t index) { index_ = index; }

    // After `e` stopped item `index_`: when it is a lock timeout in a revision that retries, with
    // nothing committed since the transaction began, rolls that transaction back, reports, waits
    // and returns the item to start again from (the transaction's Begin). nullopt: give up.
    std::optional<std::size_t> retry_after(const DatabaseError& e) {
        if (!revision_ || revision_->retries == 0 || !restart_ || !d_.is_lock_timeout(e) ||
            attempts_ >= revision_->retries)
            return std::nullopt;
        ++attempts_;
        tx_.reset(); // rolls back
        last_heads_ = committed_;
        const auto delay = std::min(k_first_retry_delay * (1 << std::min(attempts_ - 1, 6)), k_longest_retry_delay);
        StepEvent retry = r_.event_;
        retry.phase = StepEvent::Phase::retrying;
        retry.duration = since(r_.started_);
        retry.op_index = r_.position_.op > 0 ? std::optional<std::size_t>(r_.position_.op - 1) : std::nullopt;
        retry.attempt = attempts_ + 1;
        retry.tries = revision_->retries + 1;
        retry.delay = delay;
        retry.reason = e.what();
        if (r_.options_.on_progress) r_.options_.on_progress(retry);
        std::this_thread::sleep_for(delay);
        return restart_;
    }

    // "interrupted during r3 (op 2 of 4); the database is at r2": what a signal stopped, and
    // what the last commit left.
    std::string interrupted_text() const {
        if (s_.kind == RunKind::stamp) return "interrupted during stamp; the database was not changed";
        return "interrupted " + where_ + "; the database is at " + detail::heads_text(committed_);
    }

private:
    static constexpr std::chrono::milliseconds k_first_retry_delay{250};
    static constexpr std::chrono::milliseconds k_longest_retry_delay{8000};

    // Batches of the key range, each in its own transaction with its progress row, so that a
    // batch is either done and recorded or neither; a run that stopped resumes after the last
    // recorded batch. Nothing is open around it (the script committed before it).
    void run_backfill(const script::Backfill& i) {
        auto& conn = r_.conn_;
        const auto spec = ops::backfill_spec(i.op);
        for (const auto& sql : d_.create_backfill_progress(i.progress_table)) conn.execute(sql);
        const db::Params id{db::Value(i.revision), db::Value(static_cast<std::int64_t>(i.op_index))};
        StepEvent progress = r_.event_;
        progress.phase = StepEvent::Phase::progress;
        progress.op_index = i.op_index;
        std::optional<std::int64_t> done_to;
        if (auto saved = conn.query(d_.select_backfill_progress(i.progress_table), id); !saved.empty()) {
            done_to = saved[0][0].as_int();
            progress.rows = saved[0][1].as_int();
            progress.batches = saved[0][2].as_int();
            progress.resumed = true;
        } else if (auto first = conn.query(d_.backfill_first_key(spec)); !first.empty() && !first[0][0].is_null()) {
            done_to = first[0][0].as_int();
        }
        const std::string next = d_.backfill_batch_end(spec);
        const std::string update = d_.backfill_update(spec);
        const std::string save = d_.save_backfill_progress(i.progress_table);
        while (done_to) {
            db::Transaction batch(conn);
            for (const auto& sql : i.timeouts) conn.execute(sql);
            auto end = conn.query(next, {db::Value(*done_to)});
            if (end.empty() || end[0][0].is_null()) break; // rolls back nothing but the timeouts
            const std::int64_t batch_end = end[0][0].as_int();
            const auto updated = conn.execute(update, {db::Value(*done_to), db::Value(batch_end)});
            progress.rows += updated.rows_affected;
            progress.batches += 1;
            conn.execute(save, {id[0], id[1], db::Value(batch_end), db::Value(progress.rows), db::Value(progress.batches)});
            batch.commit();
            done_to = batch_end;
            progress.duration = since(r_.started_);
            if (r_.options_.on_progress) r_.options_.on_progress(progress);
        }
    }

    std::string op_text() const {
        return "during " + r_.position_.revision + " (op " + std::to_string(r_.position_.op) + " of " +
               std::to_string(r_.position_.op_count) + ")";
    }
    bool table_exists(const std::string& table) { return !r_.conn_.query(d_.table_exists_query(), {table}).empty(); }
    std::string where() const { return revision_ ? detail::name_of(revision_->revision, revision_->file) : "the run"; }

    ScriptRunner& r_;
    const RunScript& s_;
    const dialect::Dialect& d_;
    const VersionTable versions_;
    std::optional<ops::ForeignKeysOff> fks_;
    std::optional<db::Transaction> tx_;
    const script::RevisionStart* revision_ = nullptr;
    std::string where_ = "before the first revision";
    std::vector<std::string> committed_ = s_.heads_before; // the heads the last commit left
    std::vector<std::string> last_heads_ = s_.heads_before; // the version table's rows in this transaction
    std::size_t index_ = 0;                 // the item running
    std::optional<std::size_t> restart_;    // the Begin of the open transaction, when nothing committed since
    int attempts_ = 0;                      // retries of the running revision so far
};

ScriptRunner::ScriptRunner(db::Connection& conn, RunnerOptions options) : conn_(conn), options_(std::move(options)) {}

ScriptRunner::~ScriptRunner() = default;

void ScriptRunner::lock(const std::string& version_table) {
    if (!lock_)
        lock_.emplace(conn_, options_.lock_scope.empty() ? version_table : options_.lock_scope, options_.lock_timeout,
                      options_.on_notice, options_.transaction_lock);
}

void ScriptRunner::report_failure() {
    if (position_.revision.empty() || !options_.on_progress) return;
    StepEvent failed = event_;
    failed.phase = StepEvent::Phase::failed;
    failed.duration = since(started_);
    if (position_.op > 0) failed.op_index = position_.op - 1;
    options_.on_progress(failed);
}

void ScriptRunner::run(const RunScript& script) {
    position_ = RunPosition{};
    if (options_.on_run) options_.on_run(script);
    std::string interrupted;
    try {
        Visitor visitor(*this, script);
        try {
            for (std::size_t i = 0; i < script.items.size();) {
                visitor.at(i);
                try {
                    std::visit(visitor, script.items[i]);
                    ++i;
                } catch (const DatabaseError& e) {
                    auto again = visitor.retry_after(e);
                    if (!again) throw;
                    i = *again;
                }
            }
        } catch (const Interrupted&) {
            interrupted = visitor.interrupted_text();
            throw;
        }
    } catch (const Interrupted& e) {
        // Rethrown once the visitor's guards have rolled back and restored what they hold.
        report_failure();
        if (interrupted.empty()) throw;
        throw Interrupted(e.signal(), interrupted);
    } catch (...) {
        report_failure();
        throw;
    }
}

} // namespace migrate::runtime
