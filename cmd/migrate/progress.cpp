#include "progress.hpp"

#include <cstdio>
#include <iostream>

namespace migrate::cli {

namespace {

// A statement is worth a running clock once it has taken this long.
constexpr auto k_ticker_after = std::chrono::seconds(2);
constexpr auto k_ticker_period = std::chrono::milliseconds(250);

// Padded so that the revision ids line up (the finished form is what scripts already grep).
const char* verb(const runtime::StepEvent& e) {
    const bool up = e.direction == revision::Direction::upgrade;
    switch (e.phase) {
    case runtime::StepEvent::Phase::started: return up ? "upgrading  " : "downgrading ";
    case runtime::StepEvent::Phase::finished: return up ? "upgraded   " : "downgraded ";
    case runtime::StepEvent::Phase::failed: return "failed     ";
    case runtime::StepEvent::Phase::retrying: return "retrying   ";
    case runtime::StepEvent::Phase::progress: return "backfill   ";
    }
    return "";
}

// The line of an event within a revision: a retry after a lock timeout, a backfill's batch.
std::string inner_line(const runtime::StepEvent& e) {
    std::string line = verb(e) + e.revision + "  ";
    if (e.phase == runtime::StepEvent::Phase::retrying)
        return line + "(try " + std::to_string(e.attempt) + " of " + std::to_string(e.tries) + " in " +
               std::to_string(e.delay.count()) + " ms" +
               (e.op_index ? ", op " + std::to_string(*e.op_index + 1) + " timed out" : std::string()) +
               ") after: " + e.reason;
    return line + "op " + std::to_string(e.op_index.value_or(0) + 1) + ": " + std::to_string(e.rows) + " rows in " +
           std::to_string(e.batches) + " batches" + (e.resumed ? " (resumed)" : "");
}

} // namespace

Progress::Progress(bool terminal) : terminal_(terminal) {}

Progress::~Progress() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (ticker_.joinable()) ticker_.join();
}

void Progress::on_step(const runtime::StepEvent& e) {
    std::lock_guard lock(mutex_);
    clear_ticker();
    if (e.phase == runtime::StepEvent::Phase::retrying || e.phase == runtime::StepEvent::Phase::progress) {
        std::cerr << inner_line(e) << std::endl;
        since_ = Clock::now();
        return;
    }
    std::string line = verb(e) + e.revision + (e.message.empty() ? "" : "  " + e.message) + "  (";
    if (e.phase != runtime::StepEvent::Phase::started) line += std::to_string(e.duration.count()) + " ms, ";
    line += std::to_string(e.index) + "/" + std::to_string(e.total) + ")";
    if (e.phase == runtime::StepEvent::Phase::failed && e.op_index)
        line += " at op " + std::to_string(*e.op_index + 1);
    std::cerr << line << std::endl;
    in_revision_ = e.phase == runtime::StepEvent::Phase::started;
    revision_ = e.revision;
    since_ = Clock::now();
    if (terminal_ && in_revision_ && !ticker_.joinable()) ticker_ = std::thread([this] { tick(); });
}

void Progress::on_statement() {
    std::lock_guard lock(mutex_);
    clear_ticker();
    since_ = Clock::now();
}

void Progress::clear_ticker() {
    if (!shown_) return;
    std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
}

void Progress::tick() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        wake_.wait_for(lock, k_ticker_period);
        if (stop_ || !in_revision_) continue;
        const auto running = Clock::now() - since_;
        if (running < k_ticker_after) continue;
        const auto tenths = std::chrono::duration_cast<std::chrono::milliseconds>(running).count() / 100;
        std::cerr << "\r\033[K  " << revision_ << ": statement running for " << tenths / 10 << '.' << tenths % 10
                  << " s" << std::flush;
        shown_ = true;
    }
    clear_ticker();
}

} // namespace migrate::cli
