// Bad input exits 2 with one message naming the file and the field, and leaves the database
// exactly as it was.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

using namespace migrate::test;

namespace {

// Applies r1..r2, breaks the directory with `breakage`, runs `args`: exit 2, message holds each
// of `expected`, database unchanged.
void expect_bad_input(const std::function<void(const Project&)>& breakage, const std::string& args,
                      const std::vector<std::string>& expected) {
    Project p;
    p.chain(2);
    REQUIRE(p.run("upgrade head").exit_code == 0);
    breakage(p);
    auto r = p.run(args);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    for (const auto& e : expected) CHECK(r.err.find(e) != std::string::npos);
    CHECK(p.tables() == v({"t1", "t2"}));
    CHECK(p.versions() == v({"r2"}));
    CHECK(p.history_count() == 2);
}

} // namespace

TEST_CASE("malformed JSON in a revision file exits 2 naming the file, line and column", "[cli][sqlite]") {
    expect_bad_input([](const Project& p) { p.write("migrations/versions/r3.json", "{\n  \"revision\": \"r3\",,\n}"); },
                     "upgrade head", {"r3.json", "line 2"});
}

TEST_CASE("an unknown op exits 2 naming the file and the op's field", "[cli][sqlite]") {
    expect_bad_input(
        [](const Project& p) {
            p.add({"r3", {"r2"}, R"([{"op": "create_tabel", "table": "x"}])", "[]"});
        },
        "upgrade head", {"r3.json", "upgrade[0]", "create_tabel"});
}

TEST_CASE("a missing field exits 2 naming the file and the field", "[cli][sqlite]") {
    expect_bad_input(
        [](const Project& p) { p.add({"r3", {"r2"}, R"([{"op": "add_column", "table": "t1"}])", "[]"}); },
        "upgrade head", {"r3.json", "upgrade[0].column"});
}

TEST_CASE("a duplicate revision id exits 2 naming both files", "[cli][sqlite]") {
    expect_bad_input(
        [](const Project& p) {
            p.write("migrations/versions/copy.json", p.read("migrations/versions/r2.json"));
        },
        "upgrade head", {"copy.json", "r2.json"});
}

TEST_CASE("a down_revision that does not exist exits 2 naming the file and the field", "[cli][sqlite]") {
    expect_bad_input([](const Project& p) { p.add({"r3", {"nope"}}); }, "upgrade head", {"r3.json", "down_revision", "nope"});
}

TEST_CASE("a cycle exits 2 naming its members", "[cli][sqlite]") {
    expect_bad_input(
        [](const Project& p) {
            p.add({"c1", {"c2"}});
            p.add({"c2", {"c1"}});
        },
        "upgrade head", {"c1", "c2", "cycle"});
}

TEST_CASE("an unknown target exits 2 and changes nothing", "[cli][sqlite]") {
    expect_bad_input([](const Project&) {}, "downgrade zzz", {"zzz"});
}

TEST_CASE("an ambiguous prefix exits 2 listing the candidates", "[cli][sqlite]") {
    expect_bad_input([](const Project& p) { p.add({"r2b", {"r1"}}); }, "upgrade r", {"r1", "r2", "r2b"});
}

TEST_CASE("upgrade head with two heads exits 2 and asks for heads or a merge", "[cli][sqlite]") {
    expect_bad_input([](const Project& p) { p.add({"r2b", {"r1"}}); }, "upgrade head", {"head"});
}

TEST_CASE("an op SQLite cannot do exits 2 before anything runs", "[cli][sqlite]") {
    expect_bad_input(
        [](const Project& p) {
            p.add({"r3", {"r2"}, "[" + create_table_op("t3") + R"(, {"op": "create_enum", "name": "mood", "values": ["ok"]}])", "[]"});
        },
        "upgrade head", {"r3", "create_enum"});
}

TEST_CASE("a bad URL exits 2 naming it with the password masked", "[cli]") {
    Project p;
    p.chain(1);
    auto r = p.run("--url 'mysql://bob:secret@h/db' upgrade head");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("mysql://") != std::string::npos);
    CHECK(r.err.find("secret") == std::string::npos);
}

TEST_CASE("a malformed migrate.toml exits 2 naming the file, the line and the key", "[cli]") {
    Project p;
    p.chain(1);
    p.write("migrate.toml", "url = \"sqlite:///app.db\"\ntransaction_per_revision = \"yes\"\n");
    auto r = p.run("upgrade head");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("migrate.toml:2") != std::string::npos);
    CHECK(r.err.find("transaction_per_revision") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(p.path() / "app.db"));
    p.write("migrate.toml", "urll = \"sqlite:///app.db\"\n");
    auto u = p.run("current");
    CHECK(u.exit_code == 2);
    CHECK(u.err.find("urll") != std::string::npos);
}

TEST_CASE("a database failure exits 1 with the database's own message", "[cli]") {
    Project p("postgresql://nobody:pw@127.0.0.1:1/nodb?connect_timeout=2");
    p.chain(1);
    auto r = p.run("upgrade head");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("127.0.0.1") != std::string::npos);
    CHECK(r.err.find(":pw@") == std::string::npos);
}
