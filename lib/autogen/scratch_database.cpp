// Scratch databases and their clean-up on signals (see scratch_database.hpp). The handler is
// best effort by nature (it opens a connection from inside a signal handler), which is why
// the process ends right after it: there is nothing left to corrupt.
#include <migrate/autogen/scratch_database.hpp>

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>
#include <mutex>
#include <random>
#include <unistd.h>

#include <migrate/db/connection.hpp>
#include <migrate/base/error.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/runtime/interrupt_guard.hpp>

namespace migrate::autogen {
namespace {

constexpr std::size_t k_slots = 16;

struct Slot {
    std::atomic<bool> used{false};
    char server_url[2048] = {};
    char name[64] = {};
};

std::array<Slot, k_slots> g_slots;
std::mutex g_install_mutex;
struct sigaction g_previous[3];
constexpr int k_signals[3] = {SIGINT, SIGTERM, SIGHUP};

std::string drop_statement(db::Backend backend, const std::string& name) {
    return "DROP DATABASE IF EXISTS " + dialect::dialect_for(backend).quote(name) + " WITH (FORCE)";
}

void drop_named(const std::string& server_url, const std::string& name) {
    auto conn = db::connect(server_url);
    conn->execute(drop_statement(conn->backend(), name));
}

void on_signal(int sig) {
    for (auto& s : g_slots) {
        if (!s.used.exchange(false)) continue;
        try {
            drop_named(s.server_url, s.name);
        } catch (...) {
        }
    }
    for (std::size_t i = 0; i < 3; ++i)
        if (k_signals[i] == sig) sigaction(sig, &g_previous[i], nullptr);
    raise(sig);
}

// (Re)installs the handler wherever another one took its place since (a test framework's,
// say), keeping that one to chain to. Under an InterruptGuard the signal cancels the run
// instead, and the destructor drops the database as the run unwinds.
void install_handler() {
    if (runtime::InterruptGuard::active()) return;
    std::lock_guard lock(g_install_mutex);
    for (std::size_t i = 0; i < 3; ++i) {
        struct sigaction current {};
        sigaction(k_signals[i], nullptr, &current);
        if (current.sa_handler == on_signal) continue;
        struct sigaction sa {};
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        sigaction(k_signals[i], &sa, &g_previous[i]);
    }
}

std::string unique_name() {
    std::random_device rd;
    std::mt19937_64 gen(rd());
    char buf[64];
    std::snprintf(buf, sizeof buf, "migrate_scratch_%d_%08llx", static_cast<int>(getpid()),
                  static_cast<unsigned long long>(gen() & 0xffffffffULL));
    return buf;
}

} // namespace

std::string with_database(const std::string& url, const std::string& database) {
    auto scheme = url.find("://");
    if (scheme == std::string::npos) throw UsageError("not a postgresql:// URL: " + db::mask_password(url));
    auto path = url.find('/', scheme + 3);
    auto query = url.find('?', scheme + 3);
    if (path == std::string::npos || (query != std::string::npos && path > query)) {
        std::string base = query == std::string::npos ? url : url.substr(0, query);
        std::string rest = query == std::string::npos ? "" : url.substr(query);
        return base + "/" + database + rest;
    }
    std::string rest = query == std::string::npos ? "" : url.substr(query);
    return url.substr(0, path + 1) + database + rest;
}

ScratchDatabase::ScratchDatabase(const std::string& server_url)
    : server_url_(server_url), name_(unique_name()), url_(with_database(server_url, name_)) {
    install_handler();
    for (std::size_t i = 0; i < k_slots; ++i) {
        bool expected = false;
        if (server_url.size() >= sizeof(g_slots[i].server_url)) break;
        // Fill the slot before marking it used, so the handler never reads a half-written one.
        if (g_slots[i].used.load()) continue;
        std::strncpy(g_slots[i].server_url, server_url.c_str(), sizeof(g_slots[i].server_url) - 1);
        std::strncpy(g_slots[i].name, name_.c_str(), sizeof(g_slots[i].name) - 1);
        if (g_slots[i].used.compare_exchange_strong(expected, true)) {
            slot_ = static_cast<int>(i);
            break;
        }
    }
    try {
        auto conn = db::connect(server_url);
        conn->execute("CREATE DATABASE " + dialect::dialect_for(conn->backend()).quote(name_));
    } catch (...) {
        if (slot_ >= 0) g_slots[static_cast<std::size_t>(slot_)].used.store(false);
        throw;
    }
}

ScratchDatabase::~ScratchDatabase() { drop(); }

void ScratchDatabase::drop() noexcept {
    if (dropped_) return;
    release_slot();
    try {
        drop_named(server_url_, name_);
    } catch (...) {
    }
}

void ScratchDatabase::drop_without_waiting() noexcept {
    if (dropped_) return;
    try {
        auto conn = db::connect(server_url_);
        auto sql = drop_statement(conn->backend(), name_);
        db::send_and_disconnect(std::move(conn), sql);
        release_slot();
    } catch (...) {
        drop();
    }
}

void ScratchDatabase::release_slot() noexcept {
    dropped_ = true;
    if (slot_ >= 0) g_slots[static_cast<std::size_t>(slot_)].used.store(false);
    slot_ = -1;
}

} // namespace migrate::autogen
