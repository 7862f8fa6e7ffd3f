// The open connections a signal handler can reach: each driver registers how to cancel its
// running statement for as long as it is open. Private to lib/db.
#pragma once

namespace migrate::db::detail {

// What the handler calls: `cancel(handle)` must be async-signal-safe (PQcancel,
// sqlite3_interrupt).
struct Canceller {
    void (*cancel)(void* handle) noexcept = nullptr;
    void* handle = nullptr;
};

// Registers `canceller` while alive. A driver declares it as its last member, so that it is
// unregistered before the handle it points to is closed.
class CancelRegistration {
public:
    explicit CancelRegistration(Canceller canceller) noexcept;
    ~CancelRegistration();
    CancelRegistration(const CancelRegistration&) = delete;
    CancelRegistration& operator=(const CancelRegistration&) = delete;

private:
    Canceller canceller_;
    int slot_ = -1; // -1: the table was full; the next statement still sees the interrupt
};

// The interrupt as a driver sees it: the pending signal is taken (0 when none) and the caller
// throws Interrupted for it.
int take_pending_interrupt() noexcept;

} // namespace migrate::db::detail
