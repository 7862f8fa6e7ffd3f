// The HTTP side of `bookshop serve`: routing, one Session per request, statement counts per
// route for GET /stats, and with --echo each request's SQL printed as one block under the
// request it belongs to (requests run on httplib's worker threads at once).
#include "serve.hpp"

#include "routes.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include <migrate/db/error.hpp>
#include <migrate/db/pool_options.hpp>
#include <migrate/orm/orm.hpp>

namespace bookshop {

using migrate::orm::Engine;
using migrate::orm::Session;
using nlohmann::json;

namespace {

// Statements per request, per route: what GET /stats shows next to the pool's numbers.
class RouteStats {
public:
    void record(const std::string& route, std::size_t statements) {
        std::lock_guard lock(mutex_);
        auto& r = routes_[route];
        ++r.requests;
        r.statements += statements;
        r.last = statements;
        r.max = std::max(r.max, statements);
    }
    json to_json() const {
        std::lock_guard lock(mutex_);
        json out = json::object();
        for (auto& [route, r] : routes_)
            out[route] = {{"requests", r.requests},
                          {"statements", r.statements},
                          {"statements_per_request", static_cast<double>(r.statements) / static_cast<double>(r.requests)},
                          {"last", r.last},
                          {"max", r.max}};
        return out;
    }

private:
    struct Route {
        std::size_t requests = 0, statements = 0, last = 0, max = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::string, Route> routes_;
};

json pool_json(const migrate::db::PoolStats& s) {
    return {{"size", s.size},         {"max_overflow", s.max_overflow},
            {"open", s.open},         {"idle", s.idle},
            {"checked_out", s.checked_out}, {"overflow", s.overflow},
            {"waiting", s.waiting},   {"peak_open", s.peak_open},
            {"checkouts", s.checkouts}, {"waits", s.waits},
            {"timeouts", s.timeouts}, {"connects", s.connects},
            {"recycles", s.recycles}, {"invalidated", s.invalidated},
            {"rollbacks_on_return", s.rollbacks_on_return}};
}

class Service {
public:
    Service(Engine& engine, bool echo) : engine_(engine), echo_(echo) {}

    // Runs `handler` with a Session of its own, answers, records and (with --echo) prints.
    template <class Handler> void handle(const httplib::Request& req, httplib::Response& res, const std::string& route,
                                         Handler handler) {
        auto start = std::chrono::steady_clock::now();
        std::string log;
        Reply reply;
        std::size_t statements = 0;
        {
            Session session(engine_, {.echo_to = [&log](const std::string& line) { log += line; }});
            try {
                reply = handler(session);
            } catch (const std::exception& e) {
                reply = {500, {{"error", migrate::db::mask_password(e.what())}}};
            }
            statements = session.statement_count();
        } // the Session ends here: its connection is back in the pool before the answer goes out
        stats_.record(route, statements);
        res.status = reply.status;
        res.set_content(reply.body.dump(), "application/json");
        if (echo_) {
            double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            char took[32];
            std::snprintf(took, sizeof took, "%.2f ms", ms);
            std::string target = req.method + " " + req.path;
            if (req.has_param("tag")) target += "?tag=" + req.get_param_value("tag");
            migrate::db::write_echo("[request] " + target + " -> " + std::to_string(reply.status) + ", " +
                                    std::to_string(statements) + " statements, " + took + "\n" + log);
        }
    }

    json stats() const { return {{"pool", pool_json(engine_.pool_stats())}, {"routes", stats_.to_json()}}; }

private:
    Engine& engine_;
    bool echo_;
    RouteStats stats_;
};

void route(httplib::Server& server, Service& service) {
    server.Get("/authors", [&](const httplib::Request& req, httplib::Response& res) {
        service.handle(req, res, "GET /authors", [](Session& s) { return list_authors(s); });
    });
    server.Get("/books", [&](const httplib::Request& req, httplib::Response& res) {
        std::optional<std::string> tag;
        if (req.has_param("tag")) tag = req.get_param_value("tag");
        service.handle(req, res, "GET /books", [&](Session& s) { return list_books(s, tag); });
    });
    server.Post("/books", [&](const httplib::Request& req, httplib::Response& res) {
        service.handle(req, res, "POST /books", [&](Session& s) { return create_book(s, req.body); });
    });
    server.Get("/stats", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(service.stats().dump(), "application/json");
    });
}

} // namespace

int serve(const Options& options, const ServeOptions& serve) {
    // SIGINT/SIGTERM are taken by one thread with sigwait; blocked here before any thread starts so
    // httplib's workers inherit the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    Options migrate_options = options;
    migrate_options.url = migrate::db::take_pool_parameters(options.url).url; // the Migrator's own URL
    migrate_to_head(migrate_options);

    Engine engine(options.url, {.echo = options.echo});
    Service service(engine, options.echo);
    httplib::Server server;
    route(server, service);
    int port = serve.port == 0 ? server.bind_to_any_port("127.0.0.1") : serve.port;
    if (serve.port != 0 && !server.bind_to_port("127.0.0.1", serve.port)) {
        std::cerr << "error: cannot listen on 127.0.0.1:" << serve.port << "\n";
        return 1;
    }
    if (port < 0) {
        std::cerr << "error: no free port on 127.0.0.1\n";
        return 1;
    }
    std::atomic<int> signal_seen{0};
    std::thread stopper([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        signal_seen = sig;
        server.stop();
    });
    std::cout << "listening on http://127.0.0.1:" << port << "  (GET /authors, GET /books?tag=NAME, POST /books, GET /stats)"
              << std::endl;
    server.listen_after_bind();
    int sig = signal_seen;
    if (!sig) pthread_kill(stopper.native_handle(), SIGTERM); // listening failed by itself: end the stopper
    stopper.join();
    if (!sig) {
        std::cerr << "error: the server stopped listening on 127.0.0.1:" << port << "\n";
        return 1;
    }
    return 128 + sig; // interrupted: 130 (SIGINT) or 143 (SIGTERM)
}

} // namespace bookshop
