// The InterruptGuard through its public header, in a child process: the first signal is an
// interrupt the next statement reports (the process goes on to clean up), the second one ends
// the process at once with 128 + the signal.
#include <migrate/db/connection.hpp>
#include <migrate/db/error.hpp>
#include <migrate/db/interrupt.hpp>
#include <migrate/runtime/interrupt_guard.hpp>

#include <catch2/catch.hpp>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace migrate;

namespace {

// Runs `body` in a child process; returns its exit status (128 + signal when killed).
int in_child(void (*body)()) {
    pid_t child = fork();
    if (child == 0) {
        body();
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

TEST_CASE("the first SIGINT under an InterruptGuard fails the next statement with Interrupted, the second exits 130",
          "[sqlite]") {
    CHECK(in_child([] {
              runtime::InterruptGuard guard;
              auto conn = db::connect("sqlite://");
              raise(SIGINT);
              if (db::interrupt_signal() != SIGINT) _exit(10);
              try {
                  conn->query("SELECT 1");
                  _exit(11); // the statement ran
              } catch (const Interrupted& e) {
                  if (e.signal() != SIGINT) _exit(12);
              }
              conn->query("SELECT 1"); // once reported, statements run again (to roll back)
              raise(SIGINT);
              _exit(13); // not reached: the second signal ends the process
          }) == 130);
}

TEST_CASE("SIGTERM under an InterruptGuard interrupts a running SQLite statement", "[sqlite]") {
    CHECK(in_child([] {
              runtime::InterruptGuard guard;
              auto conn = db::connect("sqlite://");
              // A grandchild sends the signal while the endless query runs (or just before it starts:
              // then the query refuses to start, the same Interrupted).
              if (fork() == 0) {
                  usleep(300000);
                  kill(getppid(), SIGTERM);
                  _exit(0);
              }
              try {
                  conn->query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c");
                  _exit(11);
              } catch (const Interrupted& e) {
                  _exit(e.signal() == SIGTERM ? 0 : 12);
              } catch (...) {
                  _exit(14);
              }
          }) == 0);
}
