// The knobs of a connection pool (SQLAlchemy's QueuePool) and how a URL's query parameters set
// them. The parameters are taken out of the URL before it reaches the driver: libpq refuses
// query parameters it does not know.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace migrate::db {

struct PoolOptions {
    std::size_t size = 5;                         // connections kept open once made (pool_size)
    std::size_t max_overflow = 10;                // more opened under load, closed when returned
    std::chrono::milliseconds timeout{30'000};    // how long a checkout waits for a free connection
    bool pre_ping = false;                        // test a connection at checkout; replace it if dead
    std::chrono::seconds recycle{-1};             // replace one older than this at checkout; <0: never
    bool echo = false;                            // log checkouts, returns, reconnects ([pool] lines)
};

struct PoolUrl {
    std::string url;     // what the driver gets: the URL without the pool's parameters
    PoolOptions options; // the defaults given, with the URL's parameters applied
};

// Query parameters: pool_size, max_overflow (integers >= 0; pool_size >= 1), pool_timeout
// (seconds, fractions allowed), pool_pre_ping (true/false/1/0), pool_recycle (seconds, -1 off).
// A bad value is a UsageError naming the parameter and the value.
PoolUrl take_pool_parameters(const std::string& url, PoolOptions defaults = {});

} // namespace migrate::db
