// The interrupt state and the table of cancellable connections. A signal handler runs on the
// thread it interrupted, so in a single-threaded program it sees a slot either empty or
// pointing at a live registration; the atomics keep a handler on another thread from seeing
// a half-written one.
#include <migrate/db/interrupt.hpp>

#include <migrate/db/detail/cancel_registry.hpp>
#include <migrate/base/error.hpp>

#include <array>
#include <atomic>
#include <csignal>
#include <string>

namespace migrate::db {

namespace {

constexpr std::size_t k_slots = 64;

std::array<std::atomic<const detail::Canceller*>, k_slots> g_slots{};
std::atomic<int> g_signal{0};       // the requested interrupt, kept after it was thrown
std::atomic<bool> g_pending{false}; // requested and not thrown yet

static_assert(std::atomic<const detail::Canceller*>::is_always_lock_free);
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<bool>::is_always_lock_free);

std::string signal_name(int signal) {
    switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "signal " + std::to_string(signal);
    }
}

} // namespace

void request_interrupt(int signal) noexcept {
    int none = 0;
    if (!g_signal.compare_exchange_strong(none, signal)) return;
    g_pending.store(true);
    for (auto& slot : g_slots)
        if (const auto* c = slot.load()) c->cancel(c->handle);
}

int interrupt_signal() noexcept { return g_signal.load(); }

void throw_if_interrupted() {
    if (int signal = detail::take_pending_interrupt())
        throw Interrupted(signal, "interrupted by " + signal_name(signal));
}

void clear_interrupt() noexcept {
    g_pending.store(false);
    g_signal.store(0);
}

namespace detail {

CancelRegistration::CancelRegistration(Canceller canceller) noexcept : canceller_(canceller) {
    for (std::size_t i = 0; i < k_slots; ++i) {
        const Canceller* empty = nullptr;
        if (g_slots[i].compare_exchange_strong(empty, &canceller_)) {
            slot_ = static_cast<int>(i);
            return;
        }
    }
}

CancelRegistration::~CancelRegistration() {
    if (slot_ >= 0) g_slots[static_cast<std::size_t>(slot_)].store(nullptr);
}

int take_pending_interrupt() noexcept { return g_pending.exchange(false) ? g_signal.load() : 0; }

} // namespace detail

} // namespace migrate::db
