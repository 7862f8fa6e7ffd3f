// The SQLite driver: RAII over sqlite3*, a per-connection statement cache keyed by SQL.
// Private to lib/db: other layers go through Connection.
#pragma once

#include <migrate/db/connection.hpp>
#include <migrate/db/detail/cancel_registry.hpp>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace migrate::db::detail {

class SqliteConnection final : public Connection {
public:
    SqliteConnection(const Url& url, const ConnectOptions& options);

    Backend backend() const override { return Backend::sqlite; }
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
    struct DbCloser {
        void operator()(sqlite3* db) const noexcept;
    };
    struct StmtFinalizer {
        void operator()(sqlite3_stmt* stmt) const noexcept;
    };
    using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

    sqlite3_stmt* prepare(const std::string& sql);
    void bind(sqlite3_stmt* stmt, const std::string& sql, const Params& params);
    // Runs a bound statement to completion; collects rows when `rows` is given.
    void run(sqlite3_stmt* stmt, const std::string& sql, std::vector<Row>* rows);
    // Runs a bound statement that returns no rows; the number of rows it changed.
    std::int64_t run_counting(sqlite3_stmt* stmt, const std::string& sql);
    [[noreturn]] void fail(int rc, const std::string& sql) const;
    void run_script(const std::string& sql);

    std::unique_ptr<sqlite3, DbCloser> db_;
    std::unordered_map<std::string, StmtPtr> cache_;
    bool begin_immediate_ = false;
    // sqlite3_interrupt for a signal handler (db::request_interrupt); unregistered first.
    std::optional<CancelRegistration> cancel_registration_;
};

} // namespace migrate::db::detail
