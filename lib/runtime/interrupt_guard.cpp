#include <migrate/runtime/interrupt_guard.hpp>

#include <migrate/db/interrupt.hpp>

#include <atomic>
#include <cstring>
#include <unistd.h>

namespace migrate::runtime {

namespace {

constexpr int k_signals[3] = {SIGINT, SIGTERM, SIGHUP}; // SIGHUP: the terminal went away
constexpr int k_signalled = 128; // + the signal: the status a shell gives a killed process

std::atomic<const char*> g_notice{nullptr};
std::atomic<int> g_guards{0};

void on_signal(int signal) {
    if (db::interrupt_signal() != 0) _exit(k_signalled + signal); // the second one: at once
    if (const char* notice = g_notice.load()) {
        ssize_t ignored = write(STDERR_FILENO, notice, std::strlen(notice));
        (void)ignored;
    }
    db::request_interrupt(signal);
}

} // namespace

InterruptGuard::InterruptGuard(const char* notice) {
    g_notice.store(notice);
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; // a read interrupted by the signal goes on; the cancel ends it
    for (int i = 0; i < 3; ++i) sigaction(k_signals[i], &sa, &previous_[i]);
    ++g_guards;
}

InterruptGuard::~InterruptGuard() {
    for (int i = 0; i < 3; ++i) sigaction(k_signals[i], &previous_[i], nullptr);
    --g_guards;
}

bool InterruptGuard::active() noexcept { return g_guards.load() > 0; }

} // namespace migrate::runtime
