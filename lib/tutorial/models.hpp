// The bookshop tutorial's models: authors write books, books carry tags (through book_tags).
// Plain structs; the mappings beside them give both the ORM's SQL and the schema::Table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <migrate/orm/mapper.hpp>
#include <migrate/orm/relationship.hpp>

namespace migrate::tutorial {

struct Book;
struct Tag;

struct Author {
    std::int64_t id = 0;
    std::string name{};
    std::optional<std::int64_t> born{}; // year
    orm::ToMany<Book> books{};
};

struct Book {
    std::int64_t id = 0;
    std::string title{};
    std::int64_t author_id = 0;
    std::optional<std::int64_t> published{}; // year
    std::optional<double> price{};           // NULL: no price yet
    std::optional<std::string> isbn{};
    orm::ToOne<Author> author{};
    orm::ToMany<Tag> tags{};
};

struct Tag {
    std::int64_t id = 0;
    std::string name{};
    orm::ToMany<Book> books{};
};

} // namespace migrate::tutorial

template <> struct migrate::orm::Mapped<migrate::tutorial::Author> {
    static const Mapper<migrate::tutorial::Author>& mapper();
};
template <> struct migrate::orm::Mapped<migrate::tutorial::Book> {
    static const Mapper<migrate::tutorial::Book>& mapper();
};
template <> struct migrate::orm::Mapped<migrate::tutorial::Tag> {
    static const Mapper<migrate::tutorial::Tag>& mapper();
};
