// Live progress of a run for a human, on stderr: a line when each revision starts and one when
// it ends, and on a terminal a running elapsed time for a statement that has run longer than
// 2 s (one line rewritten with \r, cleared when the statement ends).
#pragma once

#include <migrate/runtime/step_event.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace migrate::cli {

class Progress {
public:
    // `terminal`: stderr is a terminal, so the elapsed-time ticker may rewrite its line.
    explicit Progress(bool terminal);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void on_step(const runtime::StepEvent& event);
    // A statement ended (the connection's statement hook): the next one starts its clock.
    void on_statement();

private:
    using Clock = std::chrono::steady_clock;
    void tick();          // the ticker thread
    void clear_ticker();  // with mutex_ held

    const bool terminal_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::thread ticker_;
    bool stop_ = false;
    bool in_revision_ = false;
    bool shown_ = false;       // the ticker's line is on screen
    std::string revision_;
    Clock::time_point since_;  // the running statement's start (the last one's end)
};

} // namespace migrate::cli
