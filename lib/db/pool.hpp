// A pool of connections to one database, as SQLAlchemy's QueuePool: up to `size` connections
// kept open, `max_overflow` more under load, a checkout that waits `timeout` for one to come
// free, pre_ping and recycle at checkout, and a connection returned inside a transaction rolled
// back. An in-memory SQLite database (or one adopted connection) is a pool of that one
// connection, shared: see Pool(std::unique_ptr<Connection>, ...).
//
// Threads: a Pool is safe to share between threads (checkout, stats, dispose, set_echo from any
// thread). A PooledConnection, like the Connection it lends, belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <migrate/db/connection.hpp>
#include <migrate/db/pool_options.hpp>

namespace migrate::db {

struct PoolStats {
    std::size_t size = 0;         // pool_size
    std::size_t max_overflow = 0;
    std::size_t open = 0;         // connections open now: idle + checked out
    std::size_t idle = 0;
    std::size_t checked_out = 0;
    std::size_t overflow = 0;     // open beyond size
    std::size_t waiting = 0;      // checkouts waiting for a connection now
    std::size_t peak_open = 0;    // the most open at once, ever
    std::uint64_t checkouts = 0;
    std::uint64_t waits = 0;      // checkouts that had to wait
    std::uint64_t timeouts = 0;   // checkouts that gave up (PoolTimeout)
    std::uint64_t connects = 0;   // connections opened (first, recycled, replaced)
    std::uint64_t recycles = 0;   // replaced for their age
    std::uint64_t invalidated = 0; // replaced because pre_ping found them dead
    std::uint64_t rollbacks_on_return = 0;
};

// "pool size 5, overflow 2 of 10, 7 checked out, 0 idle, 3 waiting"
std::string describe(const PoolStats& stats);

class PooledConnection;
namespace detail {
struct PoolEntry; // a connection with its pool number and age
}

class Pool {
public:
    using Connector = std::function<std::unique_ptr<Connection>()>;

    // A QueuePool: connections made by `connect` as needed.
    Pool(Connector connect, PoolOptions options);
    // One connection for every checkout: the holders in one thread share it (and its
    // transaction); another thread waits for it, up to the timeout. Never reconnected.
    explicit Pool(std::unique_ptr<Connection> only, PoolOptions options = {});
    ~Pool(); // closes the idle connections; checked-out ones close when returned
    Pool(Pool&&) noexcept;
    Pool& operator=(Pool&&) noexcept;

    // Waits up to options().timeout, then throws PoolTimeout naming the pool's state. Echo lines
    // of the checkout, the connection's statements and its return go to `sink` (default stderr).
    PooledConnection checkout(EchoSink sink = {});

    PoolStats stats() const;
    const PoolOptions& options() const;
    void set_echo(bool on);
    // Closes the idle connections now (the next checkouts connect again).
    void dispose();

    struct State;

private:
    std::shared_ptr<State> state_;
};

// A connection lent by a Pool; given back when this handle goes (or at release()).
class PooledConnection {
public:
    PooledConnection() = default;
    ~PooledConnection();
    PooledConnection(PooledConnection&& other) noexcept;
    PooledConnection& operator=(PooledConnection&& other) noexcept;

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_; }
    explicit operator bool() const { return connection_ != nullptr; }
    // The pool's number for this connection (in echo lines); a reconnect gives a new number.
    std::size_t id() const { return id_; }
    // Gives the connection back now: rolled back if a transaction is open.
    void release() noexcept;

private:
    friend class Pool;
    std::shared_ptr<Pool::State> pool_;
    std::unique_ptr<detail::PoolEntry> owned_; // a QueuePool's connection, while lent
    Connection* connection_ = nullptr;
    std::size_t id_ = 0;
};

} // namespace migrate::db
