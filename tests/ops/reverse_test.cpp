#include <catch2/catch.hpp>

#include <migrate/base/error.hpp>
#include <migrate/ops/json.hpp>
#include <migrate/ops/reverse.hpp>

#include "sample_ops.hpp"

using namespace migrate;
using namespace migrate::ops;

TEST_CASE("reversing a reversible op twice gives the op back") {
    int reversible = 0;
    for (const Op& op : test::every_op()) {
        auto once = reverse(op);
        if (!once) continue;
        ++reversible;
        INFO(op_to_json(op).dump() << "\n -> " << op_to_json(*once).dump());
        auto twice = reverse(*once);
        REQUIRE(twice);
        if (auto* alter = std::get_if<AlterColumn>(&op)) {
            // USING belongs to one direction only; a flipped nullability gains its existing value.
            auto expected = *alter;
            expected.using_expr.reset();
            expected.online = false; // the reverse of SET NOT NULL needs no online form
            if (expected.nullable && !expected.existing_nullable) expected.existing_nullable = !*expected.nullable;
            CHECK(*twice == Op{expected});
        } else if (auto* fk = std::get_if<CreateForeignKey>(&op); fk && fk->not_valid) {
            // Dropped, a constraint forgets that it was added NOT VALID: added back, it is checked.
            auto expected = *fk;
            expected.not_valid = false;
            CHECK(*twice == Op{expected});
        } else if (auto* check = std::get_if<CreateCheckConstraint>(&op); check && check->not_valid) {
            auto expected = *check;
            expected.not_valid = false;
            CHECK(*twice == Op{expected});
        } else {
            CHECK(*twice == op);
        }
    }
    CHECK(reversible >= 20);
}

TEST_CASE("create ops reverse to drops that carry the definition, and back") {
    auto table = test::sample_books_table();
    CHECK(reverse(Op{CreateTable{table}}) == Op{DropTable{{}, "books", table}});
    CHECK(reverse(Op{AddColumn{{}, "books", test::sample_isbn()}}) ==
          Op{DropColumn{{}, "books", "isbn", test::sample_isbn()}});
    CHECK(reverse(Op{CreateIndex{{}, "books", test::sample_index(), false}}) ==
          Op{DropIndex{{}, "books", "ix_books_lower_title", test::sample_index(), false}});
    schema::ForeignKey fk{.name = "fk", .columns = {"a"}, .ref_table = "r", .ref_columns = {"id"}};
    CHECK(reverse(Op{CreateForeignKey{{}, "t", fk, false}}) ==
          Op{DropConstraint{{}, "t", "fk", ConstraintType::foreign_key, Constraint{fk}}});
    CHECK(reverse(Op{RenameTable{"s", "a", "b"}}) == Op{RenameTable{"s", "b", "a"}});
    CHECK(reverse(Op{CreateView{{.name = "v", .definition = "SELECT 1"}}}) == Op{DropView{{}, "v", "SELECT 1"}});
}

TEST_CASE("ops that do not carry what they remove are irreversible") {
    CHECK_FALSE(reverse(Op{DropTable{{}, "books", {}}}));
    CHECK_FALSE(reverse(Op{DropColumn{{}, "books", "isbn", {}}}));
    CHECK_FALSE(reverse(Op{DropIndex{{}, "books", "ix", {}, false}}));
    CHECK_FALSE(reverse(Op{DropConstraint{{}, "books", "fk", ConstraintType::foreign_key, {}}}));
    CHECK_FALSE(reverse(Op{DropEnum{{}, "mood", {}}}));
    CHECK_FALSE(reverse(Op{DropView{{}, "v", {}}}));
    CHECK_FALSE(reverse(Op{ReplaceView{{.name = "v", .definition = "SELECT 2"}, {}}}));
    CHECK_FALSE(reverse(Op{SetTableComment{{}, "t", "x", {}}}));
    CHECK_FALSE(reverse(Op{AddEnumValue{{}, "mood", "meh", {}, {}}}));
    CHECK_FALSE(reverse(Op{Sql{"DELETE FROM t", {}}}));
    CHECK_FALSE(reverse(Op{BulkInsert{{}, "t", {nlohmann::json{{"a", 1}}}}}));
    CHECK_FALSE(reverse(Op{AlterColumn{.table = "t", .column = "c", .type = schema::Type::parse("text")}}));
    CHECK_FALSE(reverse(Op{AlterColumn{.table = "t", .column = "c", .server_default = std::optional<std::string>{"1"}}}));
    CHECK_FALSE(reverse(Op{AlterColumn{.table = "t", .column = "c", .collation = std::optional<std::string>{"C"}}}));
}

TEST_CASE("an unnamed constraint's creation reverses to a drop by its definition, and back") {
    schema::ForeignKey fk{.columns = {"author_id"}, .ref_table = "authors", .ref_columns = {"id"}, .on_delete = schema::FkAction::cascade};
    Op create{CreateForeignKey{{}, "books", fk, false}};
    auto drop = reverse(create);
    REQUIRE(drop);
    CHECK(*drop == Op{DropConstraint{{}, "books", "", ConstraintType::foreign_key, Constraint{fk}}});
    CHECK(reverse(*drop) == create);
    Op unique{CreateUniqueConstraint{{}, "t", {.columns = {"a"}}}};
    CHECK(std::get<DropConstraint>(*reverse(unique)).name.empty());
}

TEST_CASE("alter_column reverses a collation change to the existing collation, the default included") {
    AlterColumn op{.table = "books", .column = "title", .collation = std::optional<std::string>{"NOCASE"},
                   .existing_collation = std::optional<std::string>{}};
    auto r = std::get<AlterColumn>(*reverse(Op{op}));
    REQUIRE(r.collation);
    CHECK_FALSE(*r.collation); // back to the type's default
    CHECK(r.existing_collation == std::optional<std::string>{"NOCASE"});
    CHECK(std::get<AlterColumn>(*reverse(Op{r})) == op);
}

TEST_CASE("alter_column reverses each change it makes and keeps the rest as existing values") {
    AlterColumn op{.table = "books", .column = "title", .type = schema::Type::parse("text"), .nullable = true,
                   .server_default = std::optional<std::string>{}, .new_name = "name",
                   .existing_type = schema::Type::parse("varchar(200)"), .existing_nullable = false,
                   .existing_server_default = std::optional<std::string>{"''"}};
    auto r = std::get<AlterColumn>(*reverse(Op{op}));
    CHECK(r.column == "name");
    CHECK(r.new_name == "title");
    CHECK(r.type == schema::Type::parse("varchar(200)"));
    CHECK(r.existing_type == schema::Type::parse("text"));
    CHECK(r.nullable == false);
    CHECK(r.server_default == std::optional<std::string>{"''"});
    REQUIRE(r.existing_server_default);
    CHECK_FALSE(*r.existing_server_default);
    CHECK_FALSE(r.comment);
}

TEST_CASE("a nullability change without the existing value is assumed to flip it") {
    auto r = std::get<AlterColumn>(*reverse(Op{AlterColumn{.table = "t", .column = "c", .nullable = false}}));
    CHECK(r.nullable == true);
    CHECK(r.existing_nullable == false);
}

TEST_CASE("reversing a list reverses the order") {
    std::vector<Op> ops{CreateTable{test::sample_books_table()}, AddColumn{{}, "books", test::sample_isbn()},
                        RenameTable{{}, "books", "volumes"}};
    auto r = reverse(ops);
    REQUIRE(r.size() == 3);
    CHECK(r[0] == Op{RenameTable{{}, "volumes", "books"}});
    CHECK(std::holds_alternative<DropColumn>(r[1]));
    CHECK(std::holds_alternative<DropTable>(r[2]));
}

TEST_CASE("reversing a list with an irreversible op names it") {
    std::vector<Op> ops{AddColumn{{}, "books", test::sample_isbn()}, DropColumn{{}, "books", "price", {}}};
    CHECK_THROWS_WITH(reverse(ops), Catch::StartsWith("drop_column books.price: cannot be reversed"));
    CHECK_THROWS_AS(reverse(ops), NotSupported);
}
