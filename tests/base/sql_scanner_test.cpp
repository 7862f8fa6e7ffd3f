// The one SQL scanner: the token kinds and where each ends, per dialect's lexical rules.
#include <catch2/catch.hpp>

#include <migrate/base/read_file.hpp>
#include <migrate/base/sql_quote.hpp>
#include <migrate/base/sql_scanner.hpp>

#include <support/test_support.hpp>

#include <fstream>

using namespace migrate::base;

namespace {

// "kind:text" for each token other than spaces.
std::vector<std::string> lex(std::string_view sql, SqlSyntax syntax) {
    static const char* k_names[] = {"space", "comment", "string", "quoted", "word", "number", "punct"};
    std::vector<std::string> out;
    for (const auto& t : sql_tokens(sql, syntax))
        if (t.kind != SqlTokenKind::space) out.push_back(std::string(k_names[static_cast<int>(t.kind)]) + ":" + std::string(t.text(sql)));
    return out;
}

} // namespace

TEST_CASE("the scanner reads PostgreSQL's strings, E'' escapes, dollar quotes and nested comments") {
    using V = std::vector<std::string>;
    CHECK(lex("SELECT 'it''s', E'a\\'b' ?", SqlSyntax::postgresql) ==
          V{"word:SELECT", "string:'it''s'", "punct:,", "string:E'a\\'b'", "punct:?"});
    CHECK(lex("$fn$ a ? 'b' $fn$ $1 $$x$$", SqlSyntax::postgresql) ==
          V{"string:$fn$ a ? 'b' $fn$", "punct:$", "number:1", "string:$$x$$"});
    CHECK(lex("/* a /* b */ c */ x -- y ?\nz", SqlSyntax::postgresql) ==
          V{"comment:/* a /* b */ c */", "word:x", "comment:-- y ?", "word:z"});
    CHECK(lex("\"a \"\" b\".c[1]", SqlSyntax::postgresql) ==
          V{"quoted:\"a \"\" b\"", "punct:.", "word:c", "punct:[", "number:1", "punct:]"});
}

TEST_CASE("the scanner reads SQLite's bracket and backtick identifiers and flat comments") {
    using V = std::vector<std::string>;
    CHECK(lex("[a b] `c``d` X'00' e'x'", SqlSyntax::sqlite) ==
          V{"quoted:[a b]", "quoted:`c``d`", "string:X'00'", "word:e", "string:'x'"});
    CHECK(lex("/* a /* b */ c", SqlSyntax::sqlite) == V{"comment:/* a /* b */", "word:c"});
    CHECK(lex("1.5e-3 .5 $x", SqlSyntax::sqlite) == V{"number:1.5e-3", "number:.5", "punct:$", "word:x"});
}

TEST_CASE("an unterminated quote or comment runs to the end of the text") {
    CHECK(lex("a 'open", SqlSyntax::postgresql).back() == "string:'open");
    CHECK(lex("a /* open /* inner */", SqlSyntax::postgresql).back() == "comment:/* open /* inner */");
    CHECK(lex("a $t$ open", SqlSyntax::postgresql).back() == "string:$t$ open");
}

TEST_CASE("unquoting undoes the quotes and their doubling") {
    CHECK(sql_unquote("'it''s'") == "it's");
    CHECK(sql_unquote("\"a\"\"b\"") == "a\"b");
    CHECK(sql_unquote("[a b]") == "a b");
    CHECK(sql_unquote("X'00ff'") == "00ff");
    CHECK(sql_unquote("$fn$body$fn$") == "body");
    CHECK(quote_identifier("a\"b") == "\"a\"\"b\"");
    CHECK(quote_literal("it's") == "'it''s'");
}

TEST_CASE("a file is read whole, and an unreadable one names the path and the reason") {
    migrate::test::TempDir dir;
    std::string bytes(100000, 'x');
    bytes += std::string("\0tail", 5);
    std::ofstream(dir / "f.bin", std::ios::binary) << bytes;
    CHECK(read_file(dir / "f.bin") == bytes);
    try {
        read_file(dir / "missing");
        FAIL("no error");
    } catch (const UnreadableFile& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("missing") && Catch::Contains("No such file"));
        CHECK(e.path() == dir / "missing");
    }
    CHECK_THROWS_AS(read_file(dir.path()), UnreadableFile);
}
