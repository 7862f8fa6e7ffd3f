// Taking over an Alembic project with the binary: an Alembic project written by the test
// (branches, a merge, depends_on, labels, the newer annotated header) and migrated by Debian's
// Alembic on a real database is imported, its database taken over with `stamp --from-alembic`
// (alembic_version left as it was), a new migrate revision applied on top, and `history` shows
// the whole graph. `--sql-from` builds an empty database to the schema Alembic builds. A header
// that needs Python is an error naming the file and line.
#include "schema_differences.hpp"

#include <catch2/catch.hpp>

using namespace migrate::test;

namespace {

// Debian's python3-alembic (scripts/install-deps.sh), not whatever `python3` is first on PATH.
const std::string k_alembic = "/usr/bin/python3 -m alembic";

std::string revision_file(const std::string& header, const std::string& upgrade, const std::string& downgrade) {
    return header + "\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n" + upgrade +
           "\n\ndef downgrade():\n" + downgrade + "\n";
}

// An Alembic project in `dir` whose database is `url` (a SQLAlchemy URL):
//   a1 -> b2 ----------> d4 (merge)          a1: accounts      b2: accounts.email
//    \--> c3 (audit) --/                      c3: audit_log (label "audit")
//   e5 (base, label "reports", depends_on b2): reports -> accounts
void write_alembic_project(const std::filesystem::path& dir, const std::string& url) {
    auto r = run_command(k_alembic + " init alembic", dir);
    REQUIRE(r.exit_code == 0);
    std::string ini;
    {
        std::ifstream in(dir / "alembic.ini");
        for (std::string line; std::getline(in, line);)
            ini += (line.rfind("sqlalchemy.url", 0) == 0 ? "sqlalchemy.url = " + url : line) + "\n";
    }
    write_file(dir / "alembic.ini", ini);
    const auto versions = dir / "alembic" / "versions";
    write_file(versions / "a1_accounts.py",
               revision_file("\"\"\"create accounts\n\nRevision ID: a1\nRevises: \nCreate Date: 2021-03-04 05:06:07.123456\n\n\"\"\"",
                             "    op.create_table('accounts', sa.Column('id', sa.Integer, primary_key=True),\n"
                             "                    sa.Column('name', sa.String(50), nullable=False))",
                             "    op.drop_table('accounts')") +
                   "\n# revision identifiers, used by Alembic.\nrevision = 'a1'\ndown_revision = None\n"
                   "branch_labels = None\ndepends_on = None\n");
    write_file(versions / "b2_email.py",
               "\"\"\"add email\n\nRevision ID: b2\nRevises: a1\nCreate Date: 2021-03-05 05:06:07\n\n\"\"\"\n"
               "from typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n"
               "revision: str = \"b2\"\ndown_revision: Union[str, None] = \"a1\"\n"
               "branch_labels: Union[str, Sequence[str], None] = None\n"
               "depends_on: Union[str, Sequence[str], None] = None\n\n\n"
               "def upgrade() -> None:\n    op.add_column('accounts', sa.Column('email', sa.String(100)))\n\n\n"
               "def downgrade() -> None:\n    op.drop_column('accounts', 'email')\n");
    write_file(versions / "c3_audit.py",
               revision_file("\"\"\"start the audit branch\n\nRevision ID: c3\nRevises: a1\nCreate Date: 2021-03-06 00:00:00\n\"\"\"",
                             "    op.create_table('audit_log', sa.Column('id', sa.Integer, primary_key=True),\n"
                             "                    sa.Column('what', sa.Text))",
                             "    op.drop_table('audit_log')") +
                   "revision = 'c3'\ndown_revision = 'a1'\nbranch_labels = (\n    'audit',\n)\ndepends_on = None\n");
    write_file(versions / "d4_merge.py",
               revision_file("\"\"\"merge email and audit\n\nRevision ID: d4\nRevises: b2, c3\n\"\"\"", "    pass",
                             "    pass") +
                   "revision = 'd4'\ndown_revision = ('b2', 'c3')\nbranch_labels = None\ndepends_on = None\n");
    write_file(versions / "e5_reports.py",
               revision_file("\"\"\"reports\n\nRevision ID: e5\nRevises:\n\"\"\"",
                             "    op.create_table('reports', sa.Column('id', sa.Integer, primary_key=True),\n"
                             "                    sa.Column('account_id', sa.Integer, sa.ForeignKey('accounts.id')))",
                             "    op.drop_table('reports')") +
                   "revision = \"e5\"\ndown_revision = None\nbranch_labels = [\"reports\"]\ndepends_on = \"b2\"\n");
}

std::vector<std::string> alembic_versions(const Project& p) {
    auto conn = p.connect();
    std::vector<std::string> out;
    for (const auto& row : conn->query("SELECT version_num FROM alembic_version")) out.push_back(row[0].as_text());
    std::sort(out.begin(), out.end());
    return out;
}

// `url` is the database as migrate names it, `sqlalchemy_url` as Alembic does.
void takes_over(const Project& p, const std::string& sqlalchemy_url) {
    TempDir alembic;
    write_alembic_project(alembic.path(), sqlalchemy_url);
    auto r = run_command(k_alembic + " upgrade heads", alembic.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(alembic_versions(p) == v({"d4", "e5"}));

    r = p.run("import alembic " + shell_quote(alembic.path().string()));
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const std::string d4 = p.read("migrations/versions/d4_merge_email_and_audit.json");
    CHECK(d4.find("\"down_revision\": [\"b2\",\"c3\"]") != std::string::npos);
    CHECK(d4.find("\"imported_from\": \"alembic\"") != std::string::npos);
    const std::string e5 = p.read("migrations/versions/e5_reports.json");
    CHECK(e5.find("\"branch_labels\": [\"reports\"]") != std::string::npos);
    CHECK(e5.find("\"depends_on\": [\"b2\"]") != std::string::npos);
    CHECK(p.read("migrations/versions/a1_create_accounts.json").find("\"create_date\": \"2021-03-04T05:06:07.123456\"") !=
          std::string::npos);
    CHECK(p.read("migrations/versions/c3_start_the_audit_branch.json").find("\"branch_labels\": [\"audit\"]") !=
          std::string::npos);

    // Imported history is never run on a database: upgrade refuses, naming the way out.
    r = p.run("upgrade heads --sql");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("imported from alembic") != std::string::npos);
    CHECK(r.err.find("stamp") != std::string::npos);

    r = p.run("stamp --from-alembic");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(p.versions() == v({"d4", "e5"}));
    CHECK(alembic_versions(p) == v({"d4", "e5"})); // left as it was
    {
        auto conn = p.connect();
        auto rows = conn->query("SELECT count(*) FROM migrate_history WHERE direction = 'stamp' AND applied_by = "
                                "'alembic_version'");
        CHECK(rows[0][0].as_int() == 5); // every applied revision, with its checksum
    }
    r = p.run("stamp --from-alembic"); // again: nothing to do
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("already taken over") != std::string::npos);
    r = p.run("verify");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);

    // A new migrate revision on the merged line, applied on top of the taken-over database.
    p.add({"f6", {"d4"},
           R"([{"op": "add_column", "table": "accounts", "column": {"name": "notes", "type": "text"}}])",
           R"([{"op": "drop_column", "table": "accounts", "column": "notes"}])", {}, {}, "notes"});
    r = p.run("upgrade heads");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(p.versions() == v({"e5", "f6"}));
    r = p.run("history");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    for (const char* line : {"d4 -> f6 (head), notes", "(b2, c3) -> d4 (mergepoint) (imported from alembic)",
                             "a1 -> c3 (audit)", "<base> -> e5 (reports) (head) (imported from alembic)"})
        CHECK(r.out.find(line) != std::string::npos);
}

// --sql-from: the same project's ops from Alembic's offline SQL; `fresh` upgraded with them
// gets what `alembic_db` (upgraded by Alembic) holds.
void imports_with_sql(const Project& fresh, const Project& alembic_db, const std::string& sqlalchemy_url) {
    TempDir alembic;
    write_alembic_project(alembic.path(), sqlalchemy_url);
    auto r = run_command(k_alembic + " upgrade heads", alembic.path());
    REQUIRE(r.exit_code == 0);
    r = fresh.run("import alembic " + shell_quote((alembic.path() / "alembic.ini").string()) + " --sql-from " +
                  shell_quote(k_alembic + " -c alembic.ini"));
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const std::string a1 = fresh.read("migrations/versions/a1_create_accounts.json");
    CHECK(a1.find("\"op\": \"sql\"") != std::string::npos);
    CHECK(a1.find("alembic_version") == std::string::npos);
    CHECK(a1.find("imported_from") == std::string::npos);
    r = fresh.run("upgrade heads");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(fresh.versions() == v({"d4", "e5"}));
    CHECK(schema_differences(alembic_db, fresh).empty());
    CHECK(fresh.tables() == v({"accounts", "audit_log", "reports"}));
    r = fresh.run("downgrade base");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(fresh.tables().empty());
}

} // namespace

TEST_CASE("an Alembic project on SQLite is imported, its database taken over, and migrated on by migrate",
          "[cli][sqlite]") {
    Project p;
    takes_over(p, "sqlite:///" + (p.path() / "app.db").string());
}

TEST_CASE("an Alembic project on PostgreSQL is imported, its database taken over, and migrated on by migrate",
          "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase database(*server);
    Project p(database.url());
    takes_over(p, database.url());
}

TEST_CASE("import alembic --sql-from builds an empty SQLite database to the schema Alembic builds", "[cli][sqlite]") {
    Project alembic_db;
    Project fresh;
    imports_with_sql(fresh, alembic_db, "sqlite:///" + (alembic_db.path() / "app.db").string());
}

TEST_CASE("import alembic --sql-from builds an empty PostgreSQL database to the schema Alembic builds",
          "[cli][postgres]") {
    auto server = pg_url();
    if (!server) return;
    PgDatabase alembic_database(*server);
    PgDatabase fresh_database(*server);
    Project alembic_db(alembic_database.url());
    Project fresh(fresh_database.url());
    imports_with_sql(fresh, alembic_db, alembic_database.url());
}

TEST_CASE("import alembic refuses a revision header that needs Python, naming the file and line; nothing is written",
          "[cli][sqlite]") {
    Project p;
    TempDir alembic;
    write_file(alembic.path() / "alembic.ini", "[alembic]\nscript_location = %(here)s/scripts\n");
    write_file(alembic.path() / "scripts" / "versions" / "a1_ok.py", "revision = 'a1'\ndown_revision = None\n");
    write_file(alembic.path() / "scripts" / "versions" / "b2_computed.py",
               "\"\"\"computed\"\"\"\nimport uuid\n\nrevision = uuid.uuid4().hex\ndown_revision = 'a1'\n");
    auto r = p.run("import alembic " + shell_quote(alembic.path().string()));
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("b2_computed.py:4") != std::string::npos);
    CHECK(r.err.find("`revision` is not a static value") != std::string::npos);
    for (const auto& e : std::filesystem::directory_iterator(p.path() / "migrations" / "versions"))
        CHECK(e.path().extension() != ".json"); // nothing written

    r = p.run("stamp --from-alembic");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no table \"alembic_version\"") != std::string::npos);
}
