// PostgreSQL driver. Parameters go as text (bytea as binary) with server-inferred types, so a
// `?` takes whatever type its context needs; results come back as text and are decoded by the
// column's type OID. numeric stays text (exact); Value::as_double() reads it.
#include <migrate/db/detail/pg_connection.hpp>

#include <migrate/base/error.hpp>
#include <migrate/base/sql_scanner.hpp>
#include <migrate/db/interrupt.hpp>

#include <libpq-fe.h>

#include <cctype>
#include <charconv>
#include <cstring>
#include <iostream>
#include <limits>
#include <optional>

namespace migrate::db::detail {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t k_cache_limit = 512;

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid k_bool = 16, k_bytea = 17, k_int8 = 20, k_int2 = 21, k_int4 = 23, k_oid = 26;
constexpr Oid k_float4 = 700, k_float8 = 701;

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Conservative: the word CREATE, ALTER or DROP anywhere (a false positive costs one DEALLOCATE).
bool may_change_schema(std::string_view sql) {
    for (std::string_view word : {"create", "alter", "drop"}) {
        for (std::size_t at = 0; at + word.size() <= sql.size(); ++at) {
            bool same = true;
            for (std::size_t i = 0; same && i < word.size(); ++i)
                same = std::tolower(static_cast<unsigned char>(sql[at + i])) == word[i];
            if (!same) continue;
            bool starts = at == 0 || !ident_char(sql[at - 1]);
            bool ends = at + word.size() == sql.size() || !ident_char(sql[at + word.size()]);
            if (starts && ends) return true;
        }
    }
    return false;
}

Value decode(const char* text, int len, Oid type) {
    std::string_view s(text, static_cast<std::size_t>(len));
    switch (type) {
    case k_bool: return Value(s == "t");
    case k_int2:
    case k_int4:
    case k_int8:
    case k_oid: {
        std::int64_t i = 0;
        std::from_chars(s.data(), s.data() + s.size(), i);
        return Value(i);
    }
    case k_float4:
    case k_float8: {
        if (s == "NaN") return Value(std::numeric_limits<double>::quiet_NaN());
        if (s == "Infinity") return Value(std::numeric_limits<double>::infinity());
        if (s == "-Infinity") return Value(-std::numeric_limits<double>::infinity());
        double d = 0;
        std::from_chars(s.data(), s.data() + s.size(), d);
        return Value(d);
    }
    case k_bytea: {
        std::size_t n = 0;
        unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &n);
        if (!raw) throw Error("out of memory decoding a bytea value");
        Blob b;
        b.bytes.assign(raw, raw + n);
        PQfreemem(raw);
        return Value(std::move(b));
    }
    default: return Value(std::string(s));
    }
}

void cancel_statement(void* cancel) noexcept {
    char error[256];
    PQcancel(static_cast<PGcancel*>(cancel), error, sizeof error);
}

std::string text_param(const Value& v) {
    if (auto b = std::get_if<bool>(&v.storage())) return *b ? "true" : "false";
    return v.as_text();
}

// Parameters as libpq takes them: text (server-inferred types), bytea in binary, NULL as null.
struct BoundParams {
    explicit BoundParams(const Params& params)
        : texts(params.size()), values(params.size()), lengths(params.size()), formats(params.size()) {
        for (std::size_t i = 0; i < params.size(); ++i) {
            const Value& v = params[i];
            if (v.is_null()) {
                values[i] = nullptr;
            } else if (v.is<Blob>()) {
                // Binary format: bytes as they are, zero bytes included.
                const auto& bytes = v.as_blob().bytes;
                values[i] = bytes.empty() ? "" : reinterpret_cast<const char*>(bytes.data());
                lengths[i] = static_cast<int>(bytes.size());
                formats[i] = 1;
            } else {
                texts[i] = text_param(v);
                values[i] = texts[i].c_str();
            }
        }
    }
    int count() const { return static_cast<int>(values.size()); }
    std::vector<std::string> texts;
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
};

} // namespace

std::string translate_placeholders(const std::string& sql, int& count) {
    std::string out;
    out.reserve(sql.size() + 8);
    count = 0;
    base::SqlScanner scanner(sql, base::SqlSyntax::postgresql);
    for (base::SqlToken t{}; scanner.next(t);) {
        if (t.kind == base::SqlTokenKind::punct && sql[t.begin] == '?') out += '$' + std::to_string(++count);
        else out.append(sql, t.begin, t.end - t.begin);
    }
    return out;
}

void PgConnection::ConnCloser::operator()(pg_conn* c) const noexcept { PQfinish(c); }
void PgConnection::ResultClearer::operator()(pg_result* r) const noexcept { PQclear(r); }
void PgConnection::CancelFreer::operator()(pg_cancel* c) const noexcept { PQfreeCancel(c); }

PgConnection::PgConnection(const Url& url, const ConnectOptions& options)
    : on_notice_(options.on_notice), unnamed_(options.unnamed_statements) {
    // The URI is expanded by libpq; its own application_name wins over our fallback.
    const char* keywords[] = {"dbname", "fallback_application_name", "client_encoding", nullptr};
    const char* values[] = {url.conninfo.c_str(), "migrate", "UTF8", nullptr};
    conn_.reset(PQconnectdbParams(keywords, values, 1));
    if (!conn_) throw DatabaseError("cannot connect to " + url.masked() + ": out of memory", "08001", "");
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
        std::string why = PQerrorMessage(conn_.get());
        while (!why.empty() && std::isspace(static_cast<unsigned char>(why.back()))) why.pop_back();
        throw DatabaseError("cannot connect to " + url.masked() + ": " + mask_password(why), "08001", "");
    }
    PQsetNoticeProcessor(conn_.get(), &PgConnection::notice_processor, this);
    cancel_.reset(PQgetCancel(conn_.get()));
    if (cancel_) cancel_registration_.emplace(Canceller{&cancel_statement, cancel_.get()});
}

void PgConnection::notice_processor(void* self, const char* message) {
    auto* conn = static_cast<PgConnection*>(self);
    std::string text = message;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (conn->on_notice_) conn->on_notice_(text);
    else std::cerr << text << '\n';
}

void PgConnection::check(const ResultPtr& res, const std::string& sql) const {
    ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return;
    throw_if_interrupted(); // the failure is our own cancel request's (or comes after it)
    throw error_of(res, sql);
}

DatabaseError PgConnection::error_of(const ResultPtr& res, const std::string& sql) const {
    std::string code = "08006"; // no result at all: the connection is gone
    std::string msg;
    if (res) {
        const char* state = PQresultErrorField(res.get(), PG_DIAG_SQLSTATE);
        const char* primary = PQresultErrorField(res.get(), PG_DIAG_MESSAGE_PRIMARY);
        const char* detail = PQresultErrorField(res.get(), PG_DIAG_MESSAGE_DETAIL);
        if (state) code = state;
        msg = primary ? primary : PQresultErrorMessage(res.get());
        if (detail) msg += std::string(" (") + detail + ")";
    } else {
        msg = PQerrorMessage(conn_.get());
    }
    while (!msg.empty() && std::isspace(static_cast<unsigned char>(msg.back()))) msg.pop_back();
    return DatabaseError(mask_password(msg) + " (SQLSTATE " + code + ") in statement: " + mask_password(sql), code, sql);
}

const PgConnection::Prepared& PgConnection::prepare(const std::string& sql) {
    const bool usable = PQtransactionStatus(conn_.get()) != PQTRANS_INERROR;
    if (schema_changed_ && usable) {
        schema_changed_ = false;
        if (!cache_.empty()) {
            ResultPtr res(PQexec(conn_.get(), "DEALLOCATE ALL"));
            check(res, "DEALLOCATE ALL");
            cache_.clear();
        }
    }
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    if (cache_.size() >= k_cache_limit && usable) {
        ResultPtr res(PQexec(conn_.get(), "DEALLOCATE ALL"));
        check(res, "DEALLOCATE ALL");
        cache_.clear();
    }
    Prepared p;
    std::string translated = translate_placeholders(sql, p.param_count);
    p.name = "migrate_" + std::to_string(++next_statement_);
    p.may_change_schema = may_change_schema(sql);
    ResultPtr res(PQprepare(conn_.get(), p.name.c_str(), translated.c_str(), p.param_count, nullptr));
    check(res, sql);
    ++prepared_;
    return cache_.emplace(sql, std::move(p)).first->second;
}

const PgConnection::Prepared& PgConnection::prepare_for(const std::string& sql, std::size_t count) {
    const Prepared& p = prepare(sql);
    if (p.param_count != static_cast<int>(count))
        throw Error("statement takes " + std::to_string(p.param_count) + " parameter(s) but " +
                    std::to_string(count) + " were given: " + mask_password(sql));
    return p;
}

const PgConnection::Prepared& PgConnection::statement_for(const std::string& sql, std::size_t count) {
    if (!unnamed_) return prepare_for(sql, count);
    Prepared& p = unnamed_statement_;
    p.text = translate_placeholders(sql, p.param_count);
    p.may_change_schema = may_change_schema(sql);
    if (p.param_count != static_cast<int>(count))
        throw Error("statement takes " + std::to_string(p.param_count) + " parameter(s) but " +
                    std::to_string(count) + " were given: " + mask_password(sql));
    return p;
}

bool PgConnection::send(const Prepared& p, const Params& params) {
    BoundParams bound(params);
    if (unnamed_)
        return PQsendQueryParams(conn_.get(), p.text.c_str(), bound.count(), nullptr, bound.values.data(),
                                 bound.lengths.data(), bound.formats.data(), 0) == 1;
    return PQsendQueryPrepared(conn_.get(), p.name.c_str(), bound.count(), bound.values.data(), bound.lengths.data(),
                               bound.formats.data(), 0) == 1;
}

PgConnection::ResultPtr PgConnection::run(const std::string& sql, const Params& params) {
    throw_if_interrupted();
    const Prepared& p = statement_for(sql, params.size());
    BoundParams bound(params);
    ResultPtr res(unnamed_ ? PQexecParams(conn_.get(), p.text.c_str(), bound.count(), nullptr, bound.values.data(),
                                          bound.lengths.data(), bound.formats.data(), 0)
                           : PQexecPrepared(conn_.get(), p.name.c_str(), bound.count(), bound.values.data(),
                                            bound.lengths.data(), bound.formats.data(), 0));
    ++executed_;
    check(res, sql);
    if (p.may_change_schema) schema_changed_ = true;
    return res;
}

std::vector<std::int64_t> PgConnection::run_many(const std::string& sql, const std::vector<Params>& rows) {
    throw_if_interrupted();
    const Prepared p = statement_for(sql, rows.front().size());
    for (std::size_t i = 1; i < rows.size(); ++i)
        if (rows[i].size() != rows.front().size()) statement_for(sql, rows[i].size()); // throws, naming the count
    const bool may_change_schema = p.may_change_schema;
    pg_conn* c = conn_.get();
    std::vector<std::int64_t> counts(rows.size());
    for (std::size_t at = 0; at < rows.size(); at += k_pipeline_rows) {
        const std::size_t end = std::min(rows.size(), at + k_pipeline_rows);
        auto start = Clock::now();
        // One batch: every row sent, one sync, then every result read (a round trip per batch).
        // libpq reads while a send would block, so a large batch cannot deadlock the socket.
        if (PQenterPipelineMode(c) != 1) throw error_of(nullptr, sql);
        bool sent = true;
        for (std::size_t i = at; i < end && sent; ++i) sent = send(p, rows[i]);
        if (!sent || PQpipelineSync(c) != 1) {
            DatabaseError lost = error_of(nullptr, sql); // the connection failed mid-batch
            PQexitPipelineMode(c);
            throw lost;
        }
        std::optional<DatabaseError> failure;
        for (std::size_t i = at; i < end; ++i) {
            ResultPtr res(PQgetResult(c));
            ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
            if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
                const char* tuples = PQcmdTuples(res.get());
                if (tuples && *tuples) std::from_chars(tuples, tuples + std::strlen(tuples), counts[i]);
            } else if (status != PGRES_PIPELINE_ABORTED && !failure) {
                failure = error_of(res, sql).at_row(i, rows.size());
            }
            if (!res) break;
            ResultPtr done(PQgetResult(c)); // the null that ends each statement's results
        }
        ResultPtr sync(PQgetResult(c)); // PGRES_PIPELINE_SYNC
        PQexitPipelineMode(c);
        executed_ += end - at;
        if (failure) {
            throw_if_interrupted(); // a cancel request's failure is an interruption
            throw *failure;
        }
        if (may_change_schema) schema_changed_ = true;
        if (echo_) {
            auto each = (Clock::now() - start) / static_cast<long>(end - at);
            for (std::size_t i = at; i < end; ++i) log_statement(sql, rows[i], each, StatementKind::execute);
        }
    }
    return counts;
}

ExecResult PgConnection::execute(const std::string& sql, const Params& params) {
    auto start = Clock::now();
    ResultPtr res = run(sql, params);
    ExecResult result;
    const char* tuples = PQcmdTuples(res.get());
    if (tuples && *tuples) std::from_chars(tuples, tuples + std::strlen(tuples), result.rows_affected);
    log_statement(sql, params, Clock::now() - start, StatementKind::execute);
    return result;
}

std::vector<Row> PgConnection::query(const std::string& sql, const Params& params) {
    auto start = Clock::now();
    ResultPtr res = run(sql, params);
    const int nrows = PQntuples(res.get());
    const int ncols = PQnfields(res.get());
    auto names = std::make_shared<std::vector<std::string>>();
    std::vector<Oid> types;
    for (int c = 0; c < ncols; ++c) {
        names->emplace_back(PQfname(res.get(), c));
        types.push_back(PQftype(res.get(), c));
    }
    std::vector<Row> rows;
    rows.reserve(static_cast<std::size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
        std::vector<Value> values;
        values.reserve(static_cast<std::size_t>(ncols));
        for (int c = 0; c < ncols; ++c) {
            if (PQgetisnull(res.get(), r, c)) values.emplace_back(nullptr);
            else
                values.push_back(decode(PQgetvalue(res.get(), r, c), PQgetlength(res.get(), r, c),
                                        types[static_cast<std::size_t>(c)]));
        }
        rows.emplace_back(std::move(values), names);
    }
    log_statement(sql, params, Clock::now() - start, StatementKind::query);
    return rows;
}

void PgConnection::execute_script(const std::string& sql) {
    throw_if_interrupted();
    run_script(sql);
}

void PgConnection::run_script(const std::string& sql) {
    auto start = Clock::now();
    ResultPtr res(PQexec(conn_.get(), sql.c_str()));
    ++executed_;
    check(res, sql);
    if (may_change_schema(sql)) schema_changed_ = true;
    log_statement(sql, {}, Clock::now() - start, StatementKind::script);
}

void PgConnection::begin() { execute_script("BEGIN"); }

void PgConnection::commit() {
    // COMMIT of a failed transaction "succeeds" as a ROLLBACK: report it as the failure it is.
    bool failed = PQtransactionStatus(conn_.get()) == PQTRANS_INERROR;
    execute_script("COMMIT");
    if (failed)
        throw DatabaseError("the transaction was rolled back because an earlier statement failed", "25P02",
                            "COMMIT");
}

// Never refused for a pending interrupt: rolling back is what an interrupted run does next.
void PgConnection::rollback() { run_script("ROLLBACK"); }

bool PgConnection::ping() {
    if (PQstatus(conn_.get()) != CONNECTION_OK) return false;
    // PQstatus only learns of a terminated backend when it next talks to it: one round trip.
    ResultPtr res(PQexec(conn_.get(), "SELECT 1"));
    return res && PQresultStatus(res.get()) == PGRES_TUPLES_OK && PQstatus(conn_.get()) == CONNECTION_OK;
}

bool PgConnection::in_transaction() const {
    auto s = PQtransactionStatus(conn_.get());
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

std::string PgConnection::server_version() const {
    return "PostgreSQL " + std::to_string(PQserverVersion(conn_.get()) / 10000);
}

void PgConnection::send_and_close(const std::string& sql) {
    // Best effort: servers before 14 lack the setting, and then nothing stops on a disconnect.
    ResultPtr setting(PQexec(conn_.get(), "SET client_connection_check_interval = 0"));
    const auto start = Clock::now();
    if (!PQsendQuery(conn_.get(), sql.c_str())) {
        std::string why = PQerrorMessage(conn_.get());
        throw DatabaseError("cannot send the statement: " + why, "08006", sql);
    }
    while (PQflush(conn_.get()) == 1) {
    }
    ++executed_;
    log_statement(sql, {}, Clock::now() - start, StatementKind::execute);
    conn_.reset(); // PQfinish: the Terminate message follows the statement; the server reads it after
}

} // namespace migrate::db::detail
