// Alembic revision files and alembic.ini read without Python: every way Alembic's templates (old
// and new) and people write the header, and each header that needs Python refused with its line.
#include <migrate/base/error.hpp>
#include <migrate/revision/alembic_project.hpp>
#include <migrate/revision/alembic_script.hpp>

#include <support/test_support.hpp>

#include <catch2/catch.hpp>

using migrate::RevisionError;
using migrate::UsageError;
using migrate::revision::parse_alembic_script;
using migrate::revision::read_alembic_project;
using migrate::revision::read_alembic_scripts;
using migrate::test::TempDir;
using migrate::test::write_file;
using Strings = std::vector<std::string>;

namespace {

std::string error_of(const std::string& text) {
    try {
        parse_alembic_script(text, "versions/x.py");
    } catch (const RevisionError& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("the classic Alembic header gives the id, parents, labels, dependencies, message and date") {
    auto s = parse_alembic_script("\"\"\"add tags to books\n\nRevision ID: 27c6a30d7c24\nRevises: ae1027a6acf\n"
                                  "Create Date: 2011-11-08 11:40:27.089406\n\n\"\"\"\n"
                                  "from alembic import op\nimport sqlalchemy as sa\n\n"
                                  "# revision identifiers, used by Alembic.\nrevision = '27c6a30d7c24'\n"
                                  "down_revision = 'ae1027a6acf'\nbranch_labels = ('tags',)\ndepends_on = None\n\n"
                                  "def upgrade():\n    revision = 'not this one'\n    op.execute(\"x = 'y'\")\n",
                                  "versions/27c6.py");
    CHECK(s.id == "27c6a30d7c24");
    CHECK(s.down_revisions == Strings{"ae1027a6acf"});
    CHECK(s.branch_labels == Strings{"tags"});
    CHECK(s.depends_on.empty());
    CHECK(s.message == "add tags to books");
    CHECK(s.create_date == "2011-11-08T11:40:27.089406");
}

TEST_CASE("annotated assignments, merges as tuples or lists, strings across lines and None all read") {
    auto s = parse_alembic_script("'''merge'''\nfrom typing import Sequence, Union\n"
                                  "revision: str = \"m1\"\n"
                                  "down_revision: Union[str, Sequence[str], None] = (\n    \"a1\",  # first\n"
                                  "    'b2',\n)\n"
                                  "branch_labels: Union[str, Sequence[str], None] = None\n"
                                  "depends_on: Union[str, Sequence[str], None] = ['c' 'c3', r\"d4\"]\n",
                                  "versions/m1.py");
    CHECK(s.id == "m1");
    CHECK(s.down_revisions == Strings{"a1", "b2"});
    CHECK(s.branch_labels.empty());
    CHECK(s.depends_on == Strings{"cc3", "d4"});
    CHECK(s.message == "merge");
    CHECK(s.create_date.empty());
    auto bare = parse_alembic_script("revision = 'x'\ndown_revision = 'a', 'b'\n", "versions/x.py");
    CHECK(bare.down_revisions == Strings{"a", "b"});
    auto base = parse_alembic_script("revision = 'x'\ndown_revision = None\nbranch_labels = 'solo'\n", "versions/x.py");
    CHECK(base.down_revisions.empty());
    CHECK(base.branch_labels == Strings{"solo"});
}

TEST_CASE("a header that needs Python is refused with the file and line") {
    CHECK(error_of("import uuid\n\nrevision = uuid.uuid4().hex\ndown_revision = None\n") ==
          "versions/x.py:3: `revision` is not a static value (a string, a tuple or list of strings, or None); "
          "migrate reads revision files without running Python");
    CHECK(error_of("revision = 'a'\nPARENT = 'p'\ndown_revision = PARENT\n").find("versions/x.py:3: `down_revision`") == 0);
    CHECK(error_of("revision = f'a{1}'\ndown_revision = None\n").find("versions/x.py:1: `revision`") == 0);
    CHECK(error_of("revision = 'a'\nif True:\n    down_revision = None\n").find("versions/x.py:3: `down_revision` is "
                                                                               "assigned inside a block") == 0);
    CHECK(error_of("revision, down_revision = 'a', None\n").find("versions/x.py:1: `revision` is assigned in a way") ==
          0);
    CHECK(error_of("revision = 'a'\nrevision = 'b'\ndown_revision = None\n") ==
          "versions/x.py:2: `revision` is assigned again (first at line 1)");
    CHECK(error_of("revision = 'a'\n").find("no module-level `down_revision = ...`") != std::string::npos);
    CHECK(error_of("revision = ('a', 'b')\ndown_revision = None\n") == "versions/x.py:1: `revision` must be one string");
}

TEST_CASE("alembic.ini gives the script location with %(here)s, version locations and the version table") {
    TempDir dir;
    write_file(dir / "alembic.ini",
               "# A comment\n[alembic]\nscript_location = %(here)s/migrations\n"
               "version_locations = %(here)s/one %(here)s/two\nversion_table = app_versions\n\n"
               "[loggers]\nkeys = root\n");
    write_file(dir / "one" / "a1_x.py", "revision = 'a1'\ndown_revision = None\n");
    write_file(dir / "two" / "b2_y.py", "revision = 'b2'\ndown_revision = 'a1'\n");
    write_file(dir / "two" / "__init__.py", "");
    auto project = read_alembic_project(dir.path());
    CHECK(project.config_file == dir / "alembic.ini");
    CHECK(project.script_location == dir / "migrations");
    CHECK(project.version_locations == std::vector<std::filesystem::path>{dir / "one", dir / "two"});
    CHECK(project.version_table == "app_versions");
    auto scripts = read_alembic_scripts(project);
    REQUIRE(scripts.size() == 2);
    CHECK(scripts[0].id == "a1");
    CHECK(scripts[1].down_revisions == Strings{"a1"});

    // The script directory itself, and a relative script_location, work too.
    write_file(dir / "migrations" / "versions" / "c3_z.py", "revision = 'c3'\ndown_revision = None\n");
    auto direct = read_alembic_project(dir / "migrations");
    CHECK(direct.version_locations == std::vector<std::filesystem::path>{dir / "migrations" / "versions"});
    CHECK(direct.version_table == "alembic_version");
    write_file(dir / "relative.ini", "[alembic]\nscript_location = migrations\n");
    CHECK(read_alembic_project(dir / "relative.ini").script_location == dir / "migrations");
    write_file(dir / "none.ini", "[alembic]\nsqlalchemy.url = sqlite://\n");
    CHECK_THROWS_AS(read_alembic_project(dir / "none.ini"), UsageError);
    CHECK_THROWS_AS(read_alembic_project(dir / "nowhere"), UsageError);
}
