// SQLite driver. `?` is SQLite's own placeholder, so statements are prepared as written.
#include <migrate/db/detail/sqlite_connection.hpp>

#include <migrate/base/error.hpp>
#include <migrate/db/interrupt.hpp>

#include <sqlite3.h>

#include <cctype>
#include <cstring>

namespace migrate::db::detail {

namespace {

constexpr std::size_t k_cache_limit = 256;

using Clock = std::chrono::steady_clock;

bool is_boolean_decltype(const char* decl) {
    if (!decl) return false;
    std::string d;
    for (const char* p = decl; *p; ++p) d += static_cast<char>(std::tolower(static_cast<unsigned char>(*p)));
    return d == "boolean" || d == "bool";
}

// True when `tail` holds nothing but whitespace, ';' and comments.
bool only_trivia(sqlite3* db, const char* tail) {
    while (*tail) {
        while (*tail && (std::isspace(static_cast<unsigned char>(*tail)) || *tail == ';')) ++tail;
        if (!*tail) return true;
        sqlite3_stmt* next = nullptr;
        const char* rest = nullptr;
        int rc = sqlite3_prepare_v2(db, tail, -1, &next, &rest);
        if (next) {
            sqlite3_finalize(next);
            return false;
        }
        if (rc != SQLITE_OK || rest == tail) return false;
        tail = rest;
    }
    return true;
}

void interrupt_statement(void* db) noexcept { sqlite3_interrupt(static_cast<sqlite3*>(db)); }

} // namespace

void SqliteConnection::DbCloser::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
void SqliteConnection::StmtFinalizer::operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }

SqliteConnection::SqliteConnection(const Url& url, const ConnectOptions& options) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(url.sqlite_path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    db_.reset(raw); // closed by the guard even when opening failed
    if (rc != SQLITE_OK) {
        std::string why = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        throw DatabaseError("cannot open " + url.masked() + ": " + why, std::to_string(rc), "", rc);
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, static_cast<int>(options.busy_timeout.count()));
    execute_script("PRAGMA foreign_keys = ON");
    if (options.sqlite_wal && !url.is_memory()) execute_script("PRAGMA journal_mode = WAL");
    begin_immediate_ = options.sqlite_begin_immediate;
    cancel_registration_.emplace(Canceller{&interrupt_statement, raw});
}

void SqliteConnection::fail(int rc, const std::string& sql) const {
    throw_if_interrupted(); // SQLITE_INTERRUPT from our sqlite3_interrupt (or a failure after it)
    int code = sqlite3_extended_errcode(db_.get());
    if (code == SQLITE_OK) code = rc;
    std::string msg = sqlite3_errmsg(db_.get());
    throw DatabaseError(mask_password(msg) + " (sqlite code " + std::to_string(code) + ") in statement: " +
                            mask_password(sql),
                        std::to_string(code), sql, code);
}

sqlite3_stmt* SqliteConnection::prepare(const std::string& sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second.get();
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql.c_str(), static_cast<int>(sql.size() + 1), SQLITE_PREPARE_PERSISTENT,
                                &raw, &tail);
    StmtPtr stmt(raw);
    if (rc != SQLITE_OK) fail(rc, sql);
    if (!stmt) throw Error("no SQL statement in: " + mask_password(sql));
    if (tail && !only_trivia(db_.get(), tail))
        throw Error("execute() and query() take one statement (use execute_script for several): " +
                    mask_password(sql));
    ++prepared_;
    if (cache_.size() >= k_cache_limit) cache_.clear();
    return cache_.emplace(sql, std::move(stmt)).first->second.get();
}

void SqliteConnection::bind(sqlite3_stmt* stmt, const std::string& sql, const Params& params) {
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size()))
        throw Error("statement takes " + std::to_string(expected) + " parameter(s) but " +
                    std::to_string(params.size()) + " were given: " + mask_password(sql));
    for (int i = 0; i < expected; ++i) {
        const Value& v = params[static_cast<std::size_t>(i)];
        int idx = i + 1;
        int rc = std::visit(
            [&](const auto& x) -> int {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, std::monostate>) return sqlite3_bind_null(stmt, idx);
                else if constexpr (std::is_same_v<T, std::int64_t>) return sqlite3_bind_int64(stmt, idx, x);
                else if constexpr (std::is_same_v<T, double>) return sqlite3_bind_double(stmt, idx, x);
                else if constexpr (std::is_same_v<T, bool>) return sqlite3_bind_int(stmt, idx, x ? 1 : 0);
                else if constexpr (std::is_same_v<T, std::string>)
                    return sqlite3_bind_text64(stmt, idx, x.data(), x.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
                else if (x.bytes.empty()) return sqlite3_bind_zeroblob(stmt, idx, 0); // empty, not NULL
                else return sqlite3_bind_blob64(stmt, idx, x.bytes.data(), x.bytes.size(), SQLITE_TRANSIENT);
            },
            v.storage());
        if (rc != SQLITE_OK) fail(rc, sql);
    }
}

void SqliteConnection::run(sqlite3_stmt* stmt, const std::string& sql, std::vector<Row>* rows) {
    // Reset on every exit path so the cached statement is ready (and releases its locks).
    struct Reset {
        sqlite3_stmt* s;
        ~Reset() {
            sqlite3_reset(s);
            sqlite3_clear_bindings(s);
        }
    } reset{stmt};

    // Columns are read after the first step: a cached statement whose table changed is
    // prepared again inside sqlite3_step, and may then have other columns.
    std::shared_ptr<std::vector<std::string>> names;
    std::vector<bool> boolean_column;
    int ncol = 0;
    ++executed_;
    while (true) {
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_DONE) return;
        if (rc != SQLITE_ROW) fail(rc, sql);
        if (!rows) continue;
        if (!names) {
            ncol = sqlite3_column_count(stmt);
            names = std::make_shared<std::vector<std::string>>();
            for (int c = 0; c < ncol; ++c) {
                names->emplace_back(sqlite3_column_name(stmt, c));
                boolean_column.push_back(is_boolean_decltype(sqlite3_column_decltype(stmt, c)));
            }
        }
        std::vector<Value> values;
        values.reserve(static_cast<std::size_t>(ncol));
        for (int c = 0; c < ncol; ++c) {
            switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_INTEGER: {
                std::int64_t i = sqlite3_column_int64(stmt, c);
                // SQLite has no boolean storage: a BOOLEAN column holds 0/1.
                if (boolean_column[static_cast<std::size_t>(c)] && (i == 0 || i == 1)) values.emplace_back(i == 1);
                else values.emplace_back(i);
                break;
            }
            case SQLITE_FLOAT: values.emplace_back(sqlite3_column_double(stmt, c)); break;
            case SQLITE_TEXT: {
                auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
                values.emplace_back(std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
                break;
            }
            case SQLITE_BLOB: {
                auto p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, c));
                Blob b;
                b.bytes.assign(p, p + sqlite3_column_bytes(stmt, c));
                values.emplace_back(std::move(b));
                break;
            }
            default: values.emplace_back(nullptr); break;
            }
        }
        rows->emplace_back(std::move(values), names);
    }
}

std::int64_t SqliteConnection::run_counting(sqlite3_stmt* stmt, const std::string& sql) {
    const auto total_before = sqlite3_total_changes64(db_.get());
    run(stmt, sql, nullptr);
    // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE: report it only
    // when this statement changed something.
    return sqlite3_total_changes64(db_.get()) != total_before ? sqlite3_changes64(db_.get()) : 0;
}

ExecResult SqliteConnection::execute(const std::string& sql, const Params& params) {
    throw_if_interrupted();
    auto start = Clock::now();
    sqlite3_stmt* stmt = prepare(sql);
    bind(stmt, sql, params);
    ExecResult result;
    result.rows_affected = run_counting(stmt, sql);
    result.last_insert_id = sqlite3_last_insert_rowid(db_.get());
    log_statement(sql, params, Clock::now() - start, StatementKind::execute);
    return result;
}

std::vector<std::int64_t> SqliteConnection::run_many(const std::string& sql, const std::vector<Params>& rows) {
    // In-process: a prepared loop costs no round trips, so each row is one step.
    throw_if_interrupted();
    sqlite3_stmt* stmt = prepare(sql);
    std::vector<std::int64_t> counts(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto start = Clock::now();
        try {
            bind(stmt, sql, rows[i]);
            counts[i] = run_counting(stmt, sql);
        } catch (const DatabaseError& e) {
            throw e.at_row(i, rows.size());
        }
        log_statement(sql, rows[i], Clock::now() - start, StatementKind::execute);
    }
    return counts;
}

std::vector<Row> SqliteConnection::query(const std::string& sql, const Params& params) {
    throw_if_interrupted();
    auto start = Clock::now();
    sqlite3_stmt* stmt = prepare(sql);
    bind(stmt, sql, params);
    std::vector<Row> rows;
    run(stmt, sql, &rows);
    log_statement(sql, params, Clock::now() - start, StatementKind::query);
    return rows;
}

void SqliteConnection::execute_script(const std::string& sql) {
    throw_if_interrupted();
    run_script(sql);
}

void SqliteConnection::run_script(const std::string& sql) {
    auto start = Clock::now();
    char* err = nullptr;
    int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err); // sqlite3_errmsg() still holds the message
    ++executed_;
    if (rc != SQLITE_OK) fail(rc, sql);
    log_statement(sql, {}, Clock::now() - start, StatementKind::script);
}

void SqliteConnection::begin() { execute_script(begin_immediate_ ? "BEGIN IMMEDIATE" : "BEGIN"); }
void SqliteConnection::commit() { execute_script("COMMIT"); }
// Never refused for a pending interrupt: rolling back is what an interrupted run does next.
void SqliteConnection::rollback() { run_script("ROLLBACK"); }

bool SqliteConnection::in_transaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

// A SQLite handle has no server that could drop it: it works while it is open.
bool SqliteConnection::ping() { return db_ != nullptr; }

std::string SqliteConnection::server_version() const { return std::string("SQLite ") + sqlite3_libversion(); }

void SqliteConnection::send_and_close(const std::string& sql) { execute_script(sql); }

} // namespace migrate::db::detail
