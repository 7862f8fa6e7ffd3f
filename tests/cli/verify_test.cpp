// Checksums enforced: `migrate verify`, `verify --accept`, and upgrade / downgrade / stamp
// refusing (exit 3, nothing changed) while an applied revision's file is modified or missing.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace migrate::test;

namespace {

// r1 creates t1 and r2 creates t2 (FK to t1), both applied; then r2's file is edited.
void applied_then_edited(const Project& p) {
    p.chain(2);
    auto up = p.run("upgrade head");
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    auto clean = p.run("verify");
    INFO(clean.out << clean.err);
    CHECK(clean.exit_code == 0);
    CHECK(clean.out == "2 applied revisions match their files\n");
    // A column type changed after it was applied (what a later teammate's checkout would run).
    std::string text = p.read("migrations/versions/r2.json");
    auto at = text.find("varchar(50)");
    REQUIRE(at != std::string::npos);
    p.write("migrations/versions/r2.json", text.replace(at, 11, "varchar(80)"));
}

void edited_revision_is_refused_then_accepted(const Project& p) {
    applied_then_edited(p);
    auto verify = p.run("verify");
    INFO(verify.out << verify.err);
    CHECK(verify.exit_code == 3);
    CHECK(verify.out == "modified r2 " + (p.path() / "migrations/versions/r2.json").generic_string() + "\n");

    const long history_before = p.history_count();
    for (std::string cmd : {"upgrade head", "downgrade -1", "downgrade base", "stamp r1"}) {
        auto r = p.run(cmd);
        INFO(cmd << ": " << r.err);
        CHECK(r.exit_code == 3);
        CHECK(r.err.find("modified r2") != std::string::npos);
        CHECK(r.err.find("migrate verify --accept REV") != std::string::npos);
        CHECK(r.err.find("nothing was changed") != std::string::npos);
    }
    CHECK(p.versions() == v({"r2"}));
    CHECK(p.tables() == v({"t1", "t2"}));
    CHECK(p.history_count() == history_before);

    auto accept = p.run("verify --accept r2");
    INFO(accept.out << accept.err);
    REQUIRE(accept.exit_code == 0);
    CHECK(accept.out.find("accepted r2") != std::string::npos);
    CHECK(p.history_count("accept") == 1);
    {
        auto conn = p.connect();
        auto row = conn->query("SELECT applied_by, applied_at FROM migrate_history WHERE direction = 'accept'");
        REQUIRE(row.size() == 1);
        CHECK_FALSE(row[0][0].as_text().empty()); // who
        CHECK_FALSE(row[0][1].as_text().empty()); // when
    }
    auto again = p.run("verify --accept r2");
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("already matches") != std::string::npos);
    CHECK(p.history_count("accept") == 1);

    auto ok = p.run("verify");
    INFO(ok.out << ok.err);
    CHECK(ok.exit_code == 0);
    CHECK(ok.out == "2 applied revisions match their files\n");
    auto down = p.run("downgrade -1");
    INFO(down.err);
    CHECK(down.exit_code == 0);
    CHECK(p.tables() == v({"t1"}));
}

} // namespace

TEST_CASE("an edited applied revision is reported by verify, refused by upgrade, downgrade and stamp, then accepted",
          "[cli][sqlite]") {
    Project p;
    edited_revision_is_refused_then_accepted(p);
}

TEST_CASE("an edited applied revision is refused then accepted on PostgreSQL", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    edited_revision_is_refused_then_accepted(p);
}

TEST_CASE("comments and layout are not edits: verify compares canonical content", "[cli][sqlite]") {
    Project p;
    p.chain(1);
    REQUIRE(p.run("upgrade head").exit_code == 0);
    std::string text = p.read("migrations/versions/r1.json");
    p.write("migrations/versions/r1.json", "// reviewed by the DBA\n" + text + "\n\n");
    auto r = p.run("verify");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "1 applied revision matches its file\n");
}

TEST_CASE("an applied revision whose file is gone is reported missing, and stamp --purge is the way out", "[cli][sqlite]") {
    Project p;
    p.chain(2);
    REQUIRE(p.run("upgrade head").exit_code == 0);
    std::filesystem::remove(p.path() / "migrations/versions/r2.json");
    auto r = p.run("verify");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.out == "missing r2\n");
    auto up = p.run("upgrade head");
    CHECK(up.exit_code == 3);
    CHECK(up.err.find("missing r2") != std::string::npos);
    CHECK(up.err.find("stamp REV --purge") != std::string::npos);
    CHECK(p.versions() == v({"r2"}));
    CHECK(p.run("verify --accept r2").exit_code == 2); // nothing to take a checksum of

    auto stamp = p.run("stamp r1 --purge");
    INFO(stamp.err);
    CHECK(stamp.exit_code == 0);
    CHECK(p.run("verify").exit_code == 0);
}

TEST_CASE("a missing file is reported on PostgreSQL too", "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase db(*server);
    Project p(db.url());
    p.chain(2);
    REQUIRE(p.run("upgrade head").exit_code == 0);
    std::filesystem::remove(p.path() / "migrations/versions/r2.json");
    auto r = p.run("verify");
    CHECK(r.exit_code == 3);
    CHECK(r.out == "missing r2\n");
}

TEST_CASE("verify on a database with nothing applied passes, and --accept of an unapplied revision is exit 2",
          "[cli][sqlite]") {
    Project p;
    p.chain(1);
    auto r = p.run("verify");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "0 applied revisions match their files\n");
    CHECK(p.run("verify --accept r1").exit_code == 2);
}

TEST_CASE("a history table from before applied_by existed takes an accept", "[cli][sqlite]") {
    Project p;
    p.chain(1);
    REQUIRE(p.run("upgrade head").exit_code == 0);
    {
        // The table as earlier releases created it.
        auto conn = p.connect();
        conn->execute("ALTER TABLE migrate_history DROP COLUMN applied_by");
    }
    std::string text = p.read("migrations/versions/r1.json");
    p.write("migrations/versions/r1.json", text.replace(text.find("varchar(50)"), 11, "varchar(60)"));
    CHECK(p.run("verify").exit_code == 3);
    auto accept = p.run("verify --accept r1");
    INFO(accept.err);
    CHECK(accept.exit_code == 0);
    CHECK(p.run("verify").exit_code == 0);
}
