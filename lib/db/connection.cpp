// connect(), the Transaction guard and the echo log: the parts common to both drivers.
#include <migrate/db/connection.hpp>

#include <migrate/db/detail/pg_connection.hpp>
#include <migrate/db/detail/sqlite_connection.hpp>
#include <migrate/base/error.hpp>

#include <cstdio>
#include <iostream>
#include <mutex>
#include <sstream>

namespace migrate::db {

namespace {

constexpr std::size_t k_echo_value_limit = 80;

std::string echo_value(const Value& v) {
    std::string s = v.to_string();
    if (s.size() > k_echo_value_limit) {
        s.resize(k_echo_value_limit);
        s += "...";
    }
    return s;
}

std::mutex echo_mutex;

} // namespace

void write_echo(const std::string& text) {
    std::lock_guard lock(echo_mutex);
    std::cerr << text << std::flush;
}

void Connection::log_statement(const std::string& sql, const Params& params, std::chrono::nanoseconds took,
                               StatementKind kind) const {
    if (hook_) hook_(sql, params, kind);
    if (!echo_) return;
    std::ostringstream line;
    line << "[echo] " << sql << "\n[echo]   ";
    if (!params.empty()) {
        line << '[';
        for (std::size_t i = 0; i < params.size(); ++i) line << (i ? ", " : "") << echo_value(params[i]);
        line << "] ";
    }
    char took_ms[32];
    std::snprintf(took_ms, sizeof took_ms, "%.3f ms", static_cast<double>(took.count()) / 1e6);
    line << took_ms << '\n';
    // Statements and values may hold connection strings (dblink, a config table): mask them.
    if (echo_sink_) echo_sink_(mask_password(line.str()));
    else write_echo(mask_password(line.str()));
}

std::vector<std::int64_t> Connection::execute_many(const std::string& sql, const std::vector<Params>& rows) {
    if (rows.empty()) return {};
    if (in_transaction()) return run_many(sql, rows);
    Transaction tx(*this); // all rows or none, as inside a transaction
    auto counts = run_many(sql, rows);
    tx.commit();
    return counts;
}

bool is_lock_conflict(const DatabaseError& e) {
    const int primary = e.sqlite_code() & 0xff; // extended codes keep the primary one in the low byte
    return primary == 5 /*SQLITE_BUSY*/ || primary == 6 /*SQLITE_LOCKED*/;
}

bool is_statement_error(const DatabaseError& e) {
    if (e.sqlite_code() != 0) {
        switch (e.sqlite_code() & 0xff) {
        case 5: case 6:   // BUSY, LOCKED
        case 7: case 9:   // NOMEM, INTERRUPT
        case 10: case 11: // IOERR, CORRUPT
        case 13: case 14: // FULL, CANTOPEN
        case 26:          // NOTADB
            return false;
        default: return true;
        }
    }
    // SQLSTATE classes of a failing system: connection (08), resources (53), operator
    // intervention (57), system (58), internal (XX).
    for (const char* c : {"08", "53", "57", "58", "XX"})
        if (e.code().rfind(c, 0) == 0) return false;
    return !e.code().empty();
}

bool is_unique_violation(const DatabaseError& e) {
    if (e.sqlite_code() != 0)
        return e.sqlite_code() == 2067 /*CONSTRAINT_UNIQUE*/ || e.sqlite_code() == 1555 /*CONSTRAINT_PRIMARYKEY*/;
    return e.code() == "23505";
}

void send_and_disconnect(std::unique_ptr<Connection> conn, const std::string& sql) { conn->send_and_close(sql); }

std::unique_ptr<Connection> connect(const std::string& url, const ConnectOptions& options) {
    return connect(parse_url(url), options);
}

std::unique_ptr<Connection> connect(const Url& url, const ConnectOptions& options) {
    std::unique_ptr<Connection> conn;
    switch (url.backend) {
    case Backend::sqlite: conn = std::make_unique<detail::SqliteConnection>(url, options); break;
    case Backend::postgresql: conn = std::make_unique<detail::PgConnection>(url, options); break;
    }
    conn->set_echo(options.echo);
    return conn;
}

Transaction::Transaction(Connection& conn) : conn_(conn) {
    if (conn_.in_transaction()) {
        savepoint_ = "migrate_sp_" + std::to_string(conn_.savepoint_depth_ + 1);
        conn_.execute_script("SAVEPOINT " + savepoint_);
        ++conn_.savepoint_depth_;
    } else {
        conn_.begin();
        conn_.savepoint_depth_ = 0;
    }
}

Transaction::~Transaction() {
    if (done_) return;
    try {
        rollback();
    } catch (...) {
        // A destructor must not throw; the connection reports the failure on its next use.
    }
}

void Transaction::commit() {
    if (done_) throw Error("transaction already finished");
    done_ = true;
    if (is_savepoint()) {
        --conn_.savepoint_depth_;
        conn_.execute_script("RELEASE SAVEPOINT " + savepoint_);
    } else {
        conn_.savepoint_depth_ = 0;
        conn_.commit();
    }
}

void Transaction::rollback() {
    if (done_) throw Error("transaction already finished");
    done_ = true;
    if (is_savepoint()) {
        --conn_.savepoint_depth_;
        if (!conn_.in_transaction()) return; // the outer transaction already ended
        conn_.execute_script("ROLLBACK TO SAVEPOINT " + savepoint_);
        conn_.execute_script("RELEASE SAVEPOINT " + savepoint_);
    } else {
        conn_.savepoint_depth_ = 0;
        if (conn_.in_transaction()) conn_.rollback();
    }
}

} // namespace migrate::db
