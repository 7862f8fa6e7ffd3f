// The tutorial's mappings and its MetaData.
#include <migrate/tutorial/models.hpp>

#include <migrate/orm/metadata.hpp>
#include <migrate/tutorial/metadata.hpp>

namespace migrate::orm {

using tutorial::Author;
using tutorial::Book;
using tutorial::Tag;

const Mapper<Author>& Mapped<Author>::mapper() {
    static const Mapper<Author> m = std::move(Mapper<Author>("authors")
                                                  .column(&Author::id, "id", "integer", {.primary_key = true, .generated = true})
                                                  .column(&Author::name, "name", "varchar(200)")
                                                  .column(&Author::born, "born", "integer")
                                                  .one_to_many(&Author::books, &Book::author_id));
    return m;
}

const Mapper<Book>& Mapped<Book>::mapper() {
    static const Mapper<Book> m = std::move(
        Mapper<Book>("books")
            .column(&Book::id, "id", "integer", {.primary_key = true, .generated = true})
            .column(&Book::title, "title", "varchar(300)")
            .column(&Book::author_id, "author_id", "integer")
            .column(&Book::published, "published", "integer")
            .column(&Book::price, "price", "numeric(10,2)")
            .column(&Book::isbn, "isbn", "varchar(17)")
            .foreign_key({.name = "fk_books_author_id", .columns = {"author_id"}, .ref_table = "authors",
                          .ref_columns = {"id"}})
            .index({.name = "ix_books_author_id", .elements = {{.text = "author_id"}}})
            .index({.name = "ux_books_isbn", .elements = {{.text = "isbn"}}, .unique = true})
            .many_to_one(&Book::author, &Book::author_id)
            .many_to_many(&Book::tags, "book_tags", "book_id", "tag_id"));
    return m;
}

const Mapper<Tag>& Mapped<Tag>::mapper() {
    static const Mapper<Tag> m = std::move(Mapper<Tag>("tags")
                                               .column(&Tag::id, "id", "integer", {.primary_key = true, .generated = true})
                                               .column(&Tag::name, "name", "varchar(100)")
                                               .unique({.name = "uq_tags_name", .columns = {"name"}})
                                               .many_to_many(&Tag::books, "book_tags", "tag_id", "book_id"));
    return m;
}

} // namespace migrate::orm

namespace migrate::tutorial {

schema::Table book_tags_table() {
    schema::Table t;
    t.name = "book_tags";
    t.columns = {{.name = "book_id", .type = schema::Type::parse("integer"), .nullable = false},
                 {.name = "tag_id", .type = schema::Type::parse("integer"), .nullable = false}};
    t.primary_key = schema::PrimaryKey{.name = "pk_book_tags", .columns = {"book_id", "tag_id"}};
    t.foreign_keys = {{.name = "fk_book_tags_book_id", .columns = {"book_id"}, .ref_table = "books",
                       .ref_columns = {"id"}, .on_delete = schema::FkAction::cascade},
                      {.name = "fk_book_tags_tag_id", .columns = {"tag_id"}, .ref_table = "tags",
                       .ref_columns = {"id"}, .on_delete = schema::FkAction::cascade}};
    t.indexes = {{.name = "ix_book_tags_tag_id", .elements = {{.text = "tag_id"}}}};
    return t;
}

schema::MetaData metadata() { return orm::metadata_of<Author, Book, Tag>({book_tags_table()}); }

} // namespace migrate::tutorial
