// The pool's bookkeeping: one mutex over the idle queue and the counts, connections opened and
// tested outside it (a connect or a ping takes a round trip), a condition variable for waiters.
#include <migrate/db/pool.hpp>

#include <migrate/db/error.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

namespace migrate::db {

using Clock = std::chrono::steady_clock;

struct detail::PoolEntry {
    std::unique_ptr<Connection> conn;
    Clock::time_point born;
    std::size_t id = 0;
};

using Entry = detail::PoolEntry;

struct Pool::State {
    Connector connect;
    PoolOptions options;
    std::atomic<bool> echo{false};

    mutable std::mutex mutex;
    std::condition_variable freed;
    std::deque<std::unique_ptr<Entry>> idle;
    std::size_t open = 0, checked_out = 0, waiting = 0, peak_open = 0, next_id = 1;
    std::uint64_t checkouts = 0, waits = 0, timeouts = 0, connects = 0, recycles = 0, invalidated = 0,
                  rollbacks = 0;

    // The shared single connection (Pool(std::unique_ptr<Connection>)): who holds it, how often.
    std::unique_ptr<Entry> only;
    std::thread::id holder;
    std::size_t holds = 0;

    std::size_t limit() const { return options.size + options.max_overflow; }

    PoolStats stats_locked() const {
        PoolStats s;
        s.size = options.size;
        s.max_overflow = options.max_overflow;
        s.open = open;
        s.idle = idle.size();
        s.checked_out = checked_out;
        s.overflow = open > options.size ? open - options.size : 0;
        s.waiting = waiting;
        s.peak_open = peak_open;
        s.checkouts = checkouts;
        s.waits = waits;
        s.timeouts = timeouts;
        s.connects = connects;
        s.recycles = recycles;
        s.invalidated = invalidated;
        s.rollbacks_on_return = rollbacks;
        return s;
    }

    void log(const EchoSink& sink, const std::string& what) const {
        if (!echo) return;
        std::string line = "[pool] " + what + "\n";
        if (sink) sink(line);
        else write_echo(line);
    }

    // Waits until `ready()` holds (true) or the timeout passes (PoolTimeout).
    template <class Ready> void wait_for(std::unique_lock<std::mutex>& lock, Ready ready) {
        auto deadline = Clock::now() + options.timeout;
        bool waited = false;
        while (!ready()) {
            if (Clock::now() >= deadline) {
                ++timeouts;
                char secs[32];
                std::snprintf(secs, sizeof secs, "%.3f", static_cast<double>(options.timeout.count()) / 1000);
                throw PoolTimeout("no connection came free in the pool within pool_timeout " + std::string(secs) +
                                  " s (" + describe(stats_locked()) +
                                  "): raise pool_size or max_overflow, or end Sessions sooner");
            }
            if (!waited) ++waits;
            waited = true;
            ++waiting;
            freed.wait_until(lock, deadline);
            --waiting;
        }
    }

    // Opens a connection for an entry (outside the lock).
    void reconnect(Entry& e) {
        e.conn = connect();
        e.born = Clock::now();
        std::lock_guard lock(mutex);
        ++connects;
        e.id = next_id++;
    }
};

std::string describe(const PoolStats& s) {
    return "pool size " + std::to_string(s.size) + ", overflow " + std::to_string(s.overflow) + " of " +
           std::to_string(s.max_overflow) + ", " + std::to_string(s.checked_out) + " checked out, " +
           std::to_string(s.idle) + " idle, " + std::to_string(s.waiting) + " waiting";
}

Pool::Pool(Connector connect, PoolOptions options) : state_(std::make_shared<State>()) {
    state_->connect = std::move(connect);
    state_->options = options;
    state_->echo = options.echo;
}

Pool::Pool(std::unique_ptr<Connection> only, PoolOptions options) : state_(std::make_shared<State>()) {
    options.size = 1;
    options.max_overflow = 0;
    state_->options = options;
    state_->echo = options.echo;
    state_->only = std::make_unique<Entry>(Entry{std::move(only), Clock::now(), 1});
    state_->open = state_->peak_open = 1;
    state_->connects = 1;
}

Pool::~Pool() {
    if (state_) dispose();
}
Pool::Pool(Pool&&) noexcept = default;
Pool& Pool::operator=(Pool&&) noexcept = default;

PooledConnection Pool::checkout(EchoSink sink) {
    State& s = *state_;
    PooledConnection out;
    out.pool_ = state_;
    std::unique_lock lock(s.mutex);
    if (s.only) {
        auto me = std::this_thread::get_id();
        s.wait_for(lock, [&] { return s.holds == 0 || s.holder == me; });
        ++s.checkouts;
        if (s.holds++ == 0) {
            s.holder = me;
            s.checked_out = 1;
            s.only->conn->set_echo_sink(sink);
            s.log(sink, "connection 1 checked out (the one shared connection)");
        }
        out.connection_ = s.only->conn.get();
        out.id_ = 1;
        return out;
    }

    bool make = false;
    s.wait_for(lock, [&] { return !s.idle.empty() || s.open < s.limit(); });
    if (!s.idle.empty()) {
        out.owned_ = std::move(s.idle.front());
        s.idle.pop_front();
    } else {
        make = true;
        out.owned_ = std::make_unique<Entry>();
        s.peak_open = std::max(s.peak_open, ++s.open);
    }
    ++s.checked_out;
    ++s.checkouts;
    lock.unlock();

    Entry& e = *out.owned_;
    // Closes the entry's connection and opens a new one in its place, counting why.
    auto replace = [&](std::uint64_t State::*counter, const std::string& why) {
        std::size_t old = e.id;
        e.conn.reset();
        s.reconnect(e);
        {
            std::lock_guard relock(s.mutex);
            ++(s.*counter);
        }
        s.log(sink, "connection " + std::to_string(old) + " " + why + ": now connection " + std::to_string(e.id));
    };
    try {
        if (make) {
            s.reconnect(e);
            s.log(sink, "connection " + std::to_string(e.id) + " created");
        } else if (s.options.recycle.count() >= 0 && Clock::now() - e.born > s.options.recycle) {
            replace(&State::recycles,
                    "recycled (older than pool_recycle " + std::to_string(s.options.recycle.count()) + " s)");
        } else if (s.options.pre_ping && !e.conn->ping()) {
            replace(&State::invalidated, "failed pre-ping (the server closed it)");
        }
    } catch (...) {
        out.owned_.reset();
        out.pool_.reset();
        std::lock_guard relock(s.mutex);
        --s.open;
        --s.checked_out;
        s.freed.notify_one();
        throw;
    }
    e.conn->set_echo_sink(sink);
    out.connection_ = e.conn.get();
    out.id_ = e.id;
    if (s.echo) {
        auto st = stats();
        s.log(sink, "connection " + std::to_string(e.id) + " checked out (" + describe(st) + ")");
    }
    return out;
}

PoolStats Pool::stats() const {
    std::lock_guard lock(state_->mutex);
    return state_->stats_locked();
}

const PoolOptions& Pool::options() const { return state_->options; }

void Pool::set_echo(bool on) { state_->echo = on; }

void Pool::dispose() {
    std::deque<std::unique_ptr<Entry>> closing;
    {
        std::lock_guard lock(state_->mutex);
        closing.swap(state_->idle);
        state_->open -= closing.size();
    }
    // Closed outside the lock: PQfinish says goodbye to the server.
}

PooledConnection::~PooledConnection() { release(); }

PooledConnection::PooledConnection(PooledConnection&& other) noexcept
    : pool_(std::move(other.pool_)), owned_(std::move(other.owned_)),
      connection_(std::exchange(other.connection_, nullptr)), id_(other.id_) {}

PooledConnection& PooledConnection::operator=(PooledConnection&& other) noexcept {
    if (this != &other) {
        release();
        pool_ = std::move(other.pool_);
        owned_ = std::move(other.owned_);
        connection_ = std::exchange(other.connection_, nullptr);
        id_ = other.id_;
    }
    return *this;
}

void PooledConnection::release() noexcept {
    if (!connection_ || !pool_) return;
    auto& s = *pool_;
    Connection& c = *connection_;
    connection_ = nullptr;
    auto state = std::move(pool_); // keeps the pool's state alive to the end of this call
    bool keep = true;
    bool rolled_back = false;
    const EchoSink sink = c.echo_sink();

    if (!owned_) { // the shared single connection
        std::unique_lock lock(s.mutex);
        if (s.holds > 1) {
            --s.holds;
            return;
        }
        lock.unlock(); // still held (holds == 1) while it rolls back: no other thread can take it yet
        if (c.in_transaction()) {
            try {
                c.rollback();
                rolled_back = true;
            } catch (...) {
                // Nothing to do with a connection we cannot replace: its next user sees the error.
            }
        }
        if (rolled_back) s.log(sink, "connection 1 rollback-on-return");
        s.log(sink, "connection 1 returned");
        c.set_echo_sink({});
        lock.lock();
        if (rolled_back) ++s.rollbacks;
        s.holds = 0;
        s.holder = {};
        s.checked_out = 0;
        s.freed.notify_all();
        return;
    }

    if (c.in_transaction()) {
        try {
            c.rollback();
            rolled_back = true;
        } catch (...) {
            keep = false; // a connection that cannot roll back is not given to anyone else
        }
        s.log(sink, "connection " + std::to_string(id_) + (keep ? " rollback-on-return" : " failed to roll back: closed"));
    }
    c.set_echo_sink({});
    std::unique_ptr<Entry> closing;
    PoolStats after;
    {
        std::lock_guard lock(s.mutex);
        if (rolled_back) ++s.rollbacks;
        --s.checked_out;
        if (!keep || s.open > s.options.size) {
            --s.open;
            closing = std::move(owned_);
        } else {
            s.idle.push_back(std::move(owned_));
        }
        after = s.stats_locked();
        s.freed.notify_one();
    }
    if (keep) // the connection's own sink may log the close of a closing connection: not after this
        s.log(sink, "connection " + std::to_string(id_) + (closing ? " returned and closed (overflow)" : " returned") +
                        " (" + describe(after) + ")");
}

} // namespace migrate::db
