// Ctrl-C and SIGTERM as a clean stop: while a guard is alive, the first SIGINT/SIGTERM/SIGHUP cancels
// the statement each connection is running (db::request_interrupt), so the run throws
// Interrupted, rolls back and releases its lock; a second one ends the process at once.
#pragma once

#include <csignal>

namespace migrate::runtime {

class InterruptGuard {
public:
    // `notice`, when given, is written to stderr on the first signal (the user learns that the
    // stop is under way and how to force it). The previous handlers come back on destruction.
    explicit InterruptGuard(const char* notice = nullptr);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    // True while a guard is installed: other signal clean-ups (autogen's scratch databases)
    // leave the signal to it and clean up as the run unwinds.
    static bool active() noexcept;

private:
    struct sigaction previous_[3];
};

} // namespace migrate::runtime
