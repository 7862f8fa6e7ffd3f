// The bookshop web service's endpoints as plain functions of a Session: what a request asks,
// what it answers (status and JSON). The HTTP server (serve.cpp) only routes and logs.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <migrate/orm/session.hpp>

namespace bookshop {

struct Reply {
    int status = 200;
    nlohmann::json body;
};

// GET /authors: every author with their books, selectin-loaded: 2 queries whatever the count.
Reply list_authors(migrate::orm::Session& session);
// GET /books[?tag=NAME]: books (with the tag), with their author and tags.
Reply list_books(migrate::orm::Session& session, const std::optional<std::string>& tag);
// POST /books: {"title", "author_id", "published"?, "price"?, "isbn"?, "tags"?: [names]}.
// A bad body is 400 with a message naming the field, and nothing is written.
Reply create_book(migrate::orm::Session& session, const std::string& body);

} // namespace bookshop
