// `bookshop serve`: the tutorial's models behind a small HTTP server (cpp-httplib), each request
// with its own Session from one shared Engine and its pool.
#pragma once

#include "story.hpp"

namespace bookshop {

struct ServeOptions {
    int port = 8080; // 0: any free port (the one taken is printed)
};

// Migrates the database to head, then answers on 127.0.0.1 until SIGINT or SIGTERM. Prints
// "listening on http://127.0.0.1:PORT" once ready. Returns the exit status (130 / 143).
int serve(const Options& options, const ServeOptions& serve);

} // namespace bookshop
