// The PostgreSQL driver: RAII over PGconn*, `?` -> $n translation, a PQprepare cache keyed by
// the caller's SQL, text-format results decoded by column type. Private to lib/db.
#pragma once

#include <migrate/db/connection.hpp>
#include <migrate/db/error.hpp>
#include <migrate/db/detail/cancel_registry.hpp>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace migrate::db::detail {

// Rewrites `?` placeholders to $1..$n, leaving string literals, quoted identifiers,
// dollar-quoted bodies and comments alone. Returns the number of placeholders in `count`.
std::string translate_placeholders(const std::string& sql, int& count);

class PgConnection final : public Connection {
public:
    PgConnection(const Url& url, const ConnectOptions& options);

    Backend backend() const override { return Backend::postgresql; }
    ExecResult execute(const std::string& sql, const Params& params = {}) override;
    std::vector<Row> query(const std::string& sql, const Params& params = {}) override;
    void execute_script(const std::string& sql) override;
    void begin() override;
    void commit() override;
    void rollback() override;
    bool in_transaction() const override;
    bool ping() override;
    std::string server_version() const override;

protected:
    void send_and_close(const std::string& sql) override;
    std::vector<std::int64_t> run_many(const std::string& sql, const std::vector<Params>& rows) override;

private:
    struct ConnCloser {
        void operator()(pg_conn* c) const noexcept;
    };
    struct ResultClearer {
        void operator()(pg_result* r) const noexcept;
    };
    struct CancelFreer {
        void operator()(pg_cancel* c) const noexcept;
    };
    using ResultPtr = std::unique_ptr<pg_result, ResultClearer>;
    struct Prepared {
        std::string name;
        int param_count = 0;
        bool may_change_schema = false; // scanned once, when prepared
        std::string text;               // the translated SQL; kept only for unnamed statements
    };

    const Prepared& prepare(const std::string& sql);
    // The prepared statement of `sql`, or with unnamed_statements its text and count, unnamed.
    const Prepared& statement_for(const std::string& sql, std::size_t count);
    // Sends `p` with `params`, as PQsendQueryPrepared / PQsendQueryParams do (unnamed).
    bool send(const Prepared& p, const Params& params);
    // Prepares `sql` and checks that it takes `count` parameters.
    const Prepared& prepare_for(const std::string& sql, std::size_t count);
    ResultPtr run(const std::string& sql, const Params& params);
    void run_script(const std::string& sql);
    void check(const ResultPtr& res, const std::string& sql) const;
    DatabaseError error_of(const ResultPtr& res, const std::string& sql) const;
    static void notice_processor(void* self, const char* message);

    std::unique_ptr<pg_conn, ConnCloser> conn_;
    std::function<void(const std::string&)> on_notice_;
    std::unordered_map<std::string, Prepared> cache_;
    bool unnamed_ = false; // ConnectOptions::unnamed_statements
    Prepared unnamed_statement_;
    std::size_t next_statement_ = 0;
    // Set after a statement that may have changed a table: the cached plans are dropped before
    // the next prepare, or a cached `SELECT *` would fail with 0A000 ("cached plan must not
    // change result type").
    bool schema_changed_ = false;
    // A signal handler's way to the server (db::request_interrupt): PQcancel on this, which is
    // async-signal-safe. Registered last, so unregistered before the connection closes.
    std::unique_ptr<pg_cancel, CancelFreer> cancel_;
    std::optional<CancelRegistration> cancel_registration_;
};

} // namespace migrate::db::detail
