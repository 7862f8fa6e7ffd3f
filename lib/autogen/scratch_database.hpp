// A throwaway PostgreSQL database for loading a target .sql file: created on the server of
// the live database with a unique name, and always dropped again: by the destructor (also
// when the DDL fails) and, on SIGINT / SIGTERM / SIGHUP, by a signal handler (or, under a
// runtime::InterruptGuard, by the destructor as the interrupted run unwinds).
#pragma once

#include <string>

namespace migrate::autogen {

class ScratchDatabase {
public:
    // `server_url`: any postgresql:// URL on the server; the scratch database is created
    // through it (the role needs CREATEDB). Throws DatabaseError when it cannot be created.
    explicit ScratchDatabase(const std::string& server_url);
    ~ScratchDatabase(); // drops the database; never throws
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    const std::string& name() const { return name_; } // migrate_scratch_<pid>_<random>
    const std::string& url() const { return url_; }   // the server URL with the database replaced

    // Drops it now (idempotent). Close every connection to it first, or they are terminated.
    void drop() noexcept;
    // Sends the drop and returns without waiting for the server to finish it (removing the
    // files of a large database takes seconds): for when nothing more is read from it. Falls
    // back to drop() when the statement cannot be sent.
    void drop_without_waiting() noexcept;

private:
    void release_slot() noexcept; // marks it dropped, for the signal handler too

    std::string server_url_;
    std::string name_;
    std::string url_;
    int slot_ = -1; // in the signal handler's table
    bool dropped_ = false;
};

// `url` with its database name replaced by `database` (postgresql:// URLs).
std::string with_database(const std::string& url, const std::string& database);

} // namespace migrate::autogen
