// One revision writer: every file `revision`, `revision --autogenerate` and `merge` write is
// rendered from a value (never spliced into template text), so no message can break it.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>

using namespace migrate::test;
namespace fs = std::filesystem;

namespace {

// The messages that broke the text-splicing writer, and others a user may well type.
std::vector<std::string> awkward_messages() {
    return {
        "fix \"upgrade\" path",
        "say ${create_date} and ${message} and ${revision}",
        "first line\nsecond line with \"downgrade\": []",
        "Größe ändern — 名前 ✓",
        "it's a 'quoted' \\ backslash */ /* // comment",
        std::string(500, 'x'),
    };
}

// The file's JSON after its `//` comment lines.
nlohmann::json body(const std::string& text) {
    std::string json;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        auto line = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos + 1);
        if (line.rfind("//", 0) != 0) json += line;
        if (end == std::string::npos) break;
        pos = end + 1;
    }
    return nlohmann::json::parse(json);
}

fs::path only_file_with(const Project& p, const std::string& id) {
    for (const auto& e : fs::directory_iterator(p.path() / "migrations/versions"))
        if (e.path().filename().string().rfind(id + "_", 0) == 0 && e.path().extension() == ".json") return e.path();
    return {};
}

} // namespace

TEST_CASE("revision and merge write any message as data: quotes, \"upgrade\", ${create_date}, newlines, unicode, "
          "500 characters",
          "[cli][sqlite]") {
    Project p;
    p.write("msg.txt", "");
    int n = 0;
    for (const auto& message : awkward_messages()) {
        INFO(message);
        const std::string id = "m" + std::to_string(++n);
        p.write("msg.txt", message);
        auto r = p.run("revision --rev-id " + id + " -m \"$(cat msg.txt)\"");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        auto file = only_file_with(p, id);
        REQUIRE_FALSE(file.empty());
        auto text = p.read(fs::relative(file, p.path()).string());
        auto doc = body(text);
        CHECK(doc["message"] == message);
        CHECK(doc["revision"] == id);
        CHECK(doc["upgrade"] == nlohmann::json::array());
        CHECK(doc["downgrade"] == "reverse");
        CHECK(doc["branch_labels"] == nlohmann::json::array());
        CHECK(doc["create_date"].get<std::string>().find("${") == std::string::npos);
    }
    // The whole directory still loads, and merge writes the same way.
    REQUIRE(p.run("revision --rev-id side -m side --head m1 --splice").exit_code == 0);
    p.write("msg.txt", awkward_messages()[0] + "\n" + awkward_messages()[1]);
    auto merge = p.run("merge heads --rev-id mm -m \"$(cat msg.txt)\"");
    INFO(merge.err);
    REQUIRE(merge.exit_code == 0);
    auto doc = body(p.read(fs::relative(only_file_with(p, "mm"), p.path()).string()));
    CHECK(doc["message"] == awkward_messages()[0] + "\n" + awkward_messages()[1]);
    CHECK(doc["down_revision"].size() == 2);
    auto up = p.run("upgrade head");
    INFO(up.err);
    CHECK(up.exit_code == 0);
    // Nothing but .json files and the header cache: the writer leaves no temp file behind.
    for (const auto& e : fs::directory_iterator(p.path() / "migrations/versions"))
        CHECK((e.path().extension() == ".json" || e.path().filename() == ".migrate-cache"));
}

TEST_CASE("revision --autogenerate writes awkward messages as data too, with explicit downgrade ops",
          "[cli][sqlite]") {
    Project p;
    p.write("migrate.toml", "url = \"sqlite:///app.db\"\nscript_location = \"migrations\"\ntarget = \"schema.sql\"\n");
    p.write("schema.sql", "CREATE TABLE authors (id integer PRIMARY KEY, name text);\n");
    p.write("msg.txt", "fix \"upgrade\" path ${create_date}\nline two");
    auto r = p.run("revision --autogenerate --rev-id a1 -m \"$(cat msg.txt)\"");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto doc = body(p.read(fs::relative(only_file_with(p, "a1"), p.path()).string()));
    CHECK(doc["message"] == "fix \"upgrade\" path ${create_date}\nline two");
    CHECK(doc["branch_labels"] == nlohmann::json::array());
    REQUIRE(doc["upgrade"].size() == 1);
    CHECK(doc["upgrade"][0]["op"] == "create_table");
    REQUIRE(doc["downgrade"].is_array());
    CHECK(doc["downgrade"][0]["op"] == "drop_table");
    CHECK(p.run("upgrade head").exit_code == 0);
    CHECK(p.tables() == v({"authors"}));
}

TEST_CASE("a script directory's revision template supplies defaults as data, and an old text template is exit 2",
          "[cli][sqlite]") {
    Project p;
    p.write("migrations/revision.json.template", R"J(// our team's defaults
{
  "comments": ["Reviewed-by: (fill in)", "two\nlines"],
  "upgrade": [],
  "downgrade": []
})J");
    auto r = p.run("revision --rev-id a1 -m one");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto text = p.read("migrations/versions/a1_one.json");
    CHECK(text.rfind("// Reviewed-by: (fill in)\n// two\n// lines\n{", 0) == 0);
    CHECK(body(text)["downgrade"] == nlohmann::json::array());

    p.write("migrations/revision.json.template", "{\n  \"revision\": \"${revision}\",\n  \"down_revision\": ${down_revision}\n}\n");
    auto old = p.run("revision --rev-id a2 -m two");
    CHECK(old.exit_code == 2);
    CHECK(old.err.find("revision.json.template") != std::string::npos);
    CHECK(old.err.find("no longer substituted") != std::string::npos);
    CHECK_FALSE(fs::exists(p.path() / "migrations/versions/a2_two.json"));
}

TEST_CASE("a new revision that would break the directory is refused and no file is left", "[cli][sqlite]") {
    Project p;
    REQUIRE(p.run("revision --rev-id a1 -m one --branch-label shop").exit_code == 0);
    auto r = p.run("revision --rev-id b1 -m two --head base --branch-label shop");
    CHECK(r.exit_code == 2);
    CHECK_FALSE(fs::exists(p.path() / "migrations/versions/b1_two.json"));
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(p.path() / "migrations/versions"))
        if (e.path().filename() != ".migrate-cache") ++files;
    CHECK(files == 1);
}
