// Stopping a run from a signal handler. request_interrupt() cancels the statement every open
// connection of the process is running (a libpq cancel request, sqlite3_interrupt) and makes
// the next statement any of them starts fail. The first statement that fails so throws
// Interrupted; later ones run normally again, so that the caller can roll back and release
// its locks on the way out.
#pragma once

namespace migrate::db {

// Async-signal-safe: call it from a SIGINT/SIGTERM handler. Only the first call counts.
void request_interrupt(int signal) noexcept;

// The signal of the interrupt requested so far (pending or already thrown); 0 when none.
int interrupt_signal() noexcept;

// Throws Interrupted ("interrupted by SIGINT") when an interrupt is pending, which it then no
// longer is. Connections call it before each statement; long loops without statements may too.
void throw_if_interrupted();

// Forgets the interrupt, for a program that carries on after handling one.
void clear_interrupt() noexcept;

} // namespace migrate::db
