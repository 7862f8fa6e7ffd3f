// The migrate binary started in the background, for tests that signal it mid-run: its stdout and
// stderr go to files, read while it runs and after it ends.
#pragma once

#include <support/test_support.hpp>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <functional>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace migrate::test {

class BackgroundMigrate {
public:
    BackgroundMigrate(const std::string& args, const std::filesystem::path& cwd) {
        const std::string command = "exec " + shell_quote(MIGRATE_BINARY) + " " + args; // exec: the pid is migrate's
        const std::string out = (capture_ / "stdout").string(), err = (capture_ / "stderr").string();
        pid_ = fork();
        if (pid_ == 0) {
            int in = open("/dev/null", O_RDONLY);
            int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (in < 0 || o < 0 || e < 0 || chdir(cwd.c_str()) != 0) _exit(127);
            dup2(in, 0);
            dup2(o, 1);
            dup2(e, 2);
            ::signal(SIGINT, SIG_DFL); // as a shell starts a command, whatever the test runner set
            ::signal(SIGTERM, SIG_DFL);
            execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
    }
    ~BackgroundMigrate() {
        if (pid_ > 0 && !done_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    BackgroundMigrate(const BackgroundMigrate&) = delete;
    BackgroundMigrate& operator=(const BackgroundMigrate&) = delete;

    bool started() const { return pid_ > 0; }
    void signal(int sig) const { kill(pid_, sig); }
    std::string err() const { return read("stderr"); }

    // Polls `ready` every 50 ms for up to `limit`; false if it never held or the process ended.
    bool wait_until(const std::function<bool()>& ready, std::chrono::seconds limit = std::chrono::seconds(60)) {
        auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            if (ready()) return true;
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                done_ = true;
                status_ = status;
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }

    CommandResult wait() {
        if (!done_) {
            waitpid(pid_, &status_, 0);
            done_ = true;
        }
        CommandResult r;
        r.exit_code = WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
        r.out = read("stdout");
        r.err = read("stderr");
        return r;
    }

private:
    std::string read(const char* name) const {
        std::ifstream in(capture_ / name, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }
    TempDir capture_;
    pid_t pid_ = -1;
    bool done_ = false;
    int status_ = 0;
};

} // namespace migrate::test
