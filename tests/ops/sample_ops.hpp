// One fully specified example of every op (and of each optional form), shared by the ops tests.
#pragma once

// Designated initializers that leave members at their defaults are the point of these
// fixtures; GCC 12's -Wextra would flag each one.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <vector>

#include <migrate/ops/op.hpp>

namespace migrate::test {

using namespace migrate::ops;

inline schema::Table sample_books_table() {
    schema::Table t;
    t.name = "books";
    t.columns = {
        {.name = "id", .type = schema::Type::parse("integer"), .nullable = false},
        {.name = "title", .type = schema::Type::parse("varchar(200)"), .nullable = false, .comment = "as printed"},
        {.name = "author_id", .type = schema::Type::parse("integer")},
        {.name = "price", .type = schema::Type::parse("numeric(10,2)"), .server_default = "0"},
    };
    t.primary_key = schema::PrimaryKey{.name = "pk_books", .columns = {"id"}};
    t.foreign_keys = {{.name = "fk_books_author",
                       .columns = {"author_id"},
                       .ref_table = "authors",
                       .ref_columns = {"id"},
                       .on_delete = schema::FkAction::cascade}};
    t.unique_constraints = {{.name = "uq_books_title", .columns = {"title"}}};
    t.check_constraints = {{.name = "ck_books_price", .expression = "price >= 0"}};
    t.indexes = {{.name = "ix_books_author", .elements = {{.text = "author_id"}}}};
    t.comment = "the books we sell";
    return t;
}

inline schema::Index sample_index() {
    return {.name = "ix_books_lower_title",
            .elements = {{.text = "lower(title)", .is_expression = true}, {.text = "id", .descending = true}},
            .unique = true,
            .where = "price > 0"};
}

inline schema::Column sample_isbn() {
    return {.name = "isbn", .type = schema::Type::parse("varchar(20)"), .nullable = false, .server_default = "''"};
}

// Every op, each with everything it can carry (so JSON round trips check every field).
inline std::vector<Op> every_op() {
    AlterColumn alter;
    alter.schema = "shop";
    alter.table = "books";
    alter.column = "title";
    alter.type = schema::Type::parse("text");
    alter.using_expr = "title::text";
    alter.nullable = true;
    alter.server_default = std::optional<std::string>{"'untitled'"};
    alter.comment = std::optional<std::string>{};
    alter.collation = std::optional<std::string>{"C"};
    alter.new_name = "name";
    alter.existing_type = schema::Type::parse("varchar(200)");
    alter.existing_nullable = false;
    alter.existing_server_default = std::optional<std::string>{};
    alter.existing_comment = std::optional<std::string>{"as printed"};
    alter.existing_collation = std::optional<std::string>{};

    schema::Sequence seq{.schema = "shop", .name = "order_no", .start = 1000, .increment = 10,
                         .min_value = 1, .max_value = 99999, .cycle = true, .owned_by = "orders.no"};

    return {
        CreateTable{sample_books_table()},
        DropTable{{}, "books", sample_books_table()},
        DropTable{"shop", "books", {}},
        RenameTable{"shop", "books", "volumes"},
        SetTableComment{{}, "books", "all the books", std::optional<std::string>{}},
        SetTableComment{{}, "books", {}, {}},
        AddColumn{"shop", "books", sample_isbn()},
        DropColumn{{}, "books", "isbn", sample_isbn()},
        DropColumn{{}, "books", "isbn", {}},
        alter,
        AlterColumn{.table = "books", .column = "price", .nullable = false},
        AlterColumn{.table = "books", .column = "title", .collation = std::optional<std::string>{},
                    .existing_type = schema::Type::parse("text"), .existing_collation = std::optional<std::string>{"C"}},
        SetColumnComment{{}, "books", "isbn", "ISBN-13", std::optional<std::string>{"old"}},
        CreateIndex{"shop", "books", sample_index(), true},
        DropIndex{{}, "books", "ix_books_lower_title", sample_index(), false},
        DropIndex{{}, "books", "ix_books_isbn", {}, true},
        RenameIndex{{}, "books", "ix_books_lower_title", "books_lower_title_idx", sample_index()},
        RenameIndex{"shop", "books", "ix_books_isbn", "books_isbn_idx", {}},
        CreateUniqueConstraint{{}, "books", {.name = "uq_books_isbn", .columns = {"isbn"}}},
        CreateForeignKey{"shop", "books",
                         {.name = "fk_books_publisher", .columns = {"publisher_id"}, .ref_schema = "shared",
                          .ref_table = "publishers", .ref_columns = {"id"}, .on_delete = schema::FkAction::set_null,
                          .on_update = schema::FkAction::cascade, .deferrable = true, .initially_deferred = true},
                         true},
        CreateCheckConstraint{{}, "books", {.name = "ck_books_isbn", .expression = "length(isbn) = 13"}, false},
        CreateCheckConstraint{{}, "books", {.name = "ck_books_price", .expression = "price >= 0"}, true},
        ValidateConstraint{{}, "books", "ck_books_price"},
        AlterColumn{.table = "books", .column = "price", .nullable = false, .online = true, .existing_nullable = true},
        CreatePrimaryKey{{}, "book_tags", {.name = "pk_book_tags", .columns = {"book_id", "tag_id"}}},
        DropConstraint{{}, "books", "uq_books_isbn", ConstraintType::unique,
                       Constraint{schema::UniqueConstraint{.name = "uq_books_isbn", .columns = {"isbn"}}}},
        DropConstraint{{}, "books", "fk_books_author", ConstraintType::foreign_key, {}},
        CreateEnum{{.schema = "shop", .name = "mood", .values = {"sad", "ok", "happy"}}},
        DropEnum{{}, "mood", std::vector<std::string>{"sad", "ok"}},
        DropEnum{{}, "mood", {}},
        AddEnumValue{{}, "mood", "meh", "ok", {}},
        CreateSequence{seq},
        DropSequence{{.name = "order_no"}},
        CreateView{{.name = "cheap_books", .definition = "SELECT * FROM books WHERE price < 5"}},
        ReplaceView{{.schema = "shop", .name = "cheap_books", .definition = "SELECT * FROM books WHERE price < 10"},
                    "SELECT * FROM books WHERE price < 5"},
        DropView{{}, "cheap_books", "SELECT 1"},
        DropView{{}, "cheap_books", {}},
        Sql{"UPDATE books SET price = 0 WHERE price IS NULL", "postgresql"},
        Sql{"DELETE FROM books", {}},
        BulkInsert{{}, "authors",
                   {nlohmann::json{{"id", 1}, {"name", "Ursula K. Le Guin"}, {"born", 1929}, {"alive", false}},
                    nlohmann::json{{"id", 2}, {"name", "O'Brien"}, {"rating", 4.5}, {"born", nullptr},
                                   {"tags", nlohmann::json::array({"a", "b"})}}}},
        Backfill{"shop", "books", {{"isbn", "'none'"}, {"price", "0"}}, "id", "isbn IS NULL", 500},
    };
}

} // namespace migrate::test
