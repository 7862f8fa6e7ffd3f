// `bookshop serve` as a user runs it: the real binary on a free loopback port, driven by a
// bounded number of concurrent HTTP clients, on a SQLite file and on PostgreSQL.
#include <catch2/catch.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <mutex>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <migrate/orm/orm.hpp>
#include <migrate/tutorial/models.hpp>
#include <support/test_support.hpp>

namespace {

using nlohmann::json;
using namespace migrate::orm;
using migrate::tutorial::Author;
using migrate::tutorial::Book;
using migrate::tutorial::Tag;

// The real `bookshop serve --port 0 --echo`, its stdout read until it names its port, its
// stderr (the echo) in a file; stopped with SIGTERM.
class Server {
public:
    Server(const std::string& url, const std::filesystem::path& cwd) : err_(cwd / "serve.err") {
        int out[2];
        REQUIRE(pipe(out) == 0);
        std::string binary = (std::filesystem::path(MIGRATE_BINARY).parent_path() / "bookshop").string();
        std::string migrations = std::string(MIGRATE_SOURCE_DIR) + "/migrations";
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            dup2(out[1], 1);
            int err = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(err, 2);
            close(out[0]);
            if (chdir(cwd.c_str()) != 0) _exit(127);
            execl(binary.c_str(), "bookshop", "serve", "--port", "0", "--echo", "--url", url.c_str(), "--migrations",
                  migrations.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        close(out[1]);
        std::string seen;
        char buf[512];
        ssize_t n;
        const std::string ready = "listening on http://127.0.0.1:";
        while (seen.find('\n', seen.find(ready)) == std::string::npos && (n = read(out[0], buf, sizeof buf)) > 0)
            seen.append(buf, static_cast<std::size_t>(n));
        stdout_ = out[0];
        INFO(seen << stderr_text());
        auto at = seen.find(ready);
        if (at == std::string::npos) stop(); // no destructor runs when the constructor fails
        REQUIRE(at != std::string::npos);
        port_ = std::stoi(seen.substr(at + ready.size()));
    }
    ~Server() {
        if (pid_ > 0) stop();
        if (stdout_ >= 0) close(stdout_);
    }
    int port() const { return port_; }
    // SIGTERM, then the exit status (143: stopped by the signal, as the project's statuses say).
    int stop() {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::string stderr_text() const {
        std::ifstream in(err_);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

private:
    std::filesystem::path err_;
    pid_t pid_ = -1;
    int stdout_ = -1;
    int port_ = 0;
};

struct Counts {
    std::int64_t books, tags, links;
    bool operator==(const Counts&) const = default;
};

Counts counts(Engine& engine) {
    Session s(engine);
    return {s.scalar<std::int64_t>(select(count()).from<Book>()), s.scalar<std::int64_t>(select(count()).from<Tag>()),
            s.rows(text("SELECT COUNT(*) FROM book_tags")).at(0)[0].as_int()};
}

constexpr int k_clients = 6, k_rounds = 8, k_authors = 5;

void drive(const std::string& url) {
    migrate::test::TempDir dir;
    Server server(url, dir.path());
    Engine engine(url); // the test's own look at the database the server migrated
    std::vector<std::int64_t> author_ids;
    {
        Session s(engine);
        std::vector<std::shared_ptr<Author>> authors;
        for (int i = 0; i < k_authors; ++i) authors.push_back(s.add(Author{.name = "author " + std::to_string(i)}));
        s.add(Tag{.name = "sf"});
        s.commit();
        for (auto& a : authors) author_ids.push_back(a->id);
    }

    std::atomic<int> errors{0};
    std::mutex mutex;
    std::vector<std::string> problems;
    auto problem = [&](const std::string& what) {
        ++errors;
        std::lock_guard lock(mutex);
        problems.push_back(what);
    };
    std::vector<std::thread> clients;
    for (int c = 0; c < k_clients; ++c) {
        clients.emplace_back([&, c] {
            httplib::Client http("127.0.0.1", server.port());
            for (int r = 0; r < k_rounds; ++r) {
                std::string title = "book " + std::to_string(c) + "/" + std::to_string(r);
                json body = {{"title", title},
                             {"author_id", author_ids[static_cast<std::size_t>((c + r) % k_authors)]},
                             {"price", 9.5},
                             {"tags", {"sf", "client " + std::to_string(c) + " round " + std::to_string(r)}}};
                auto posted = http.Post("/books", body.dump(), "application/json");
                if (!posted || posted->status != 201) {
                    problem("POST " + title + ": " + (posted ? std::to_string(posted->status) + " " + posted->body : "no answer"));
                    continue;
                }
                auto made = json::parse(posted->body);
                if (made["title"] != title || made["id"].get<std::int64_t>() <= 0 || made["tags"].size() != 2)
                    problem("POST answered " + posted->body);
                auto authors = http.Get("/authors");
                if (!authors || authors->status != 200 || json::parse(authors->body).size() != k_authors)
                    problem("GET /authors: " + (authors ? authors->body : "no answer"));
                auto tagged = http.Get("/books?tag=sf");
                if (!tagged || tagged->status != 200) {
                    problem("GET /books?tag=sf: no answer");
                    continue;
                }
                bool found = false;
                for (auto& b : json::parse(tagged->body)) {
                    auto tags = b["tags"].get<std::vector<std::string>>();
                    if (std::find(tags.begin(), tags.end(), "sf") == tags.end()) problem("untagged book " + b.dump());
                    found = found || b["title"] == title;
                }
                if (!found) problem("GET /books?tag=sf misses " + title);
            }
        });
    }
    for (auto& t : clients) t.join();
    for (auto& p : problems) UNSCOPED_INFO(p);
    CHECK(errors == 0);

    httplib::Client http("127.0.0.1", server.port());
    auto all = json::parse(http.Get("/books")->body);
    CHECK(all.size() == k_clients * k_rounds);
    auto authors = json::parse(http.Get("/authors")->body);
    std::size_t listed = 0;
    for (auto& a : authors) listed += a["books"].size();
    CHECK(listed == k_clients * k_rounds);

    // Bad bodies: 400 with a message, and nothing written.
    Counts before = counts(engine);
    auto rejected = [&](const std::string& body, const std::string& message) {
        auto res = http.Post("/books", body, "application/json");
        REQUIRE(res);
        CHECK(res->status == 400);
        INFO(res->body);
        CHECK(json::parse(res->body)["error"].get<std::string>().find(message) != std::string::npos);
    };
    rejected("{not json", "the body is not JSON");
    rejected("[1, 2]", "the body must be a JSON object");
    rejected(R"({"title": "No author", "tags": ["never"]})", "author_id: required");
    rejected(R"({"title": "Ghost", "author_id": 999999, "tags": ["never"]})", "author_id: no author 999999");
    rejected(R"({"title": "", "author_id": 1})", "title: 1 to 300 characters");
    rejected(R"({"title": "Priced", "author_id": 1, "price": "cheap"})", "price: a number or null");
    rejected(R"({"title": "Odd", "author_id": 1, "colour": "red"})", "unknown field 'colour'");
    CHECK(counts(engine) == before);

    auto stats = json::parse(http.Get("/stats")->body);
    INFO(stats.dump(2));
    CHECK(stats["pool"]["checked_out"] == 0);
    CHECK(stats["pool"]["peak_open"].get<int>() <= 5 + 10);
    CHECK(stats["pool"]["timeouts"] == 0);
    CHECK(stats["routes"]["GET /authors"]["max"] == 2); // selectin: 2 queries whatever the count
    CHECK(stats["routes"]["GET /authors"]["requests"] == k_clients * k_rounds + 1);
    CHECK(stats["routes"]["POST /books"]["requests"] == k_clients * k_rounds + 7);

    CHECK(server.stop() == 143);
    // --echo: each request's SQL printed as one block under the request it belongs to.
    std::string echo = server.stderr_text();
    auto block = echo.find("[request] GET /authors -> 200, 2 statements");
    REQUIRE(block != std::string::npos);
    auto next = echo.find("[request]", block + 1);
    std::string own = echo.substr(block, next == std::string::npos ? std::string::npos : next - block);
    INFO(own);
    std::size_t selects = 0;
    for (auto at = own.find("[echo] SELECT"); at != std::string::npos; at = own.find("[echo] SELECT", at + 1)) ++selects;
    CHECK(selects == 2);
    CHECK(own.find("[pool] connection") != std::string::npos);
}

TEST_CASE("bookshop serve answers concurrent clients correctly on a SQLite file, and refuses bad bodies untouched",
          "[sqlite][cli]") {
    migrate::test::TempDir dir;
    drive("sqlite:///" + (dir / "shop.db").string() + "?pool_size=4");
}

TEST_CASE("bookshop serve answers concurrent clients correctly on PostgreSQL, and refuses bad bodies untouched",
          "[postgres][cli]") {
    auto server = migrate::test::pg_url();
    if (!server) return;
    migrate::test::PgDatabase db(*server);
    drive(db.url());
}

} // namespace
