// The endpoints: selectin loading for lists, validation before any write for POST /books.
#include "routes.hpp"

#include <algorithm>

#include <migrate/db/connection.hpp>
#include <migrate/db/error.hpp>
#include <migrate/orm/orm.hpp>
#include <migrate/tutorial/models.hpp>

namespace bookshop {

using namespace migrate::orm;
using migrate::tutorial::Author;
using migrate::tutorial::Book;
using migrate::tutorial::Tag;
using nlohmann::json;

namespace {

template <class V> json nullable(const std::optional<V>& v) { return v ? json(*v) : json(nullptr); }

json book_json(const Book& b, bool with_author) {
    json out = {{"id", b.id},
                {"title", b.title},
                {"author_id", b.author_id},
                {"published", nullable(b.published)},
                {"price", nullable(b.price)},
                {"isbn", nullable(b.isbn)}};
    if (with_author) {
        out["author"] = b.author ? json(b.author->name) : json(nullptr);
        std::vector<std::string> tags;
        for (auto& t : b.tags) tags.push_back(t->name);
        std::sort(tags.begin(), tags.end());
        out["tags"] = tags;
    }
    return out;
}

Reply bad(const std::string& message) { return {400, {{"error", message}}}; }

// A POST /books body, checked field by field before anything touches the database.
struct NewBook {
    std::string title;
    std::int64_t author_id = 0;
    std::optional<std::int64_t> published;
    std::optional<double> price;
    std::optional<std::string> isbn;
    std::vector<std::string> tags;
};

// The message of the first problem, or nothing when the body is a valid book.
std::optional<std::string> parse_book(const std::string& body, NewBook& out) {
    json j;
    try {
        j = json::parse(body);
    } catch (const json::parse_error& e) {
        return std::string("the body is not JSON: ") + e.what();
    }
    if (!j.is_object()) return "the body must be a JSON object";
    for (auto& [key, value] : j.items()) {
        if (key != "title" && key != "author_id" && key != "published" && key != "price" && key != "isbn" &&
            key != "tags")
            return "unknown field '" + key + "' (expected title, author_id, published, price, isbn, tags)";
    }
    if (!j.contains("title") || !j["title"].is_string()) return "title: required, a string";
    out.title = j["title"].get<std::string>();
    if (out.title.empty() || out.title.size() > 300) return "title: 1 to 300 characters";
    if (!j.contains("author_id") || !j["author_id"].is_number_integer()) return "author_id: required, an integer";
    out.author_id = j["author_id"].get<std::int64_t>();
    if (j.contains("published") && !j["published"].is_null()) {
        if (!j["published"].is_number_integer()) return "published: an integer year or null";
        out.published = j["published"].get<std::int64_t>();
    }
    if (j.contains("price") && !j["price"].is_null()) {
        if (!j["price"].is_number()) return "price: a number or null";
        double p = j["price"].get<double>();
        if (p < 0 || p >= 1e8) return "price: from 0 to 99999999.99"; // numeric(10,2)
        out.price = p;
    }
    if (j.contains("isbn") && !j["isbn"].is_null()) {
        if (!j["isbn"].is_string() || j["isbn"].get<std::string>().size() > 17) return "isbn: a string of at most 17 characters";
        out.isbn = j["isbn"].get<std::string>();
    }
    if (j.contains("tags")) {
        if (!j["tags"].is_array()) return "tags: an array of tag names";
        for (auto& t : j["tags"]) {
            if (!t.is_string() || t.get<std::string>().empty() || t.get<std::string>().size() > 100)
                return "tags: each a name of 1 to 100 characters";
            out.tags.push_back(t.get<std::string>());
        }
        std::sort(out.tags.begin(), out.tags.end());
        out.tags.erase(std::unique(out.tags.begin(), out.tags.end()), out.tags.end());
    }
    return std::nullopt;
}

} // namespace

Reply list_authors(Session& session) {
    json out = json::array();
    for (auto& a : session.all(select<Author>().order_by(col(&Author::name), col(&Author::id)).options(selectin(&Author::books)))) {
        std::vector<std::shared_ptr<Book>> books(a->books.begin(), a->books.end());
        std::sort(books.begin(), books.end(), [](auto& x, auto& y) { return x->id < y->id; });
        json list = json::array();
        for (auto& b : books) list.push_back(book_json(*b, false));
        out.push_back({{"id", a->id}, {"name", a->name}, {"born", nullable(a->born)}, {"books", list}});
    }
    return {200, out};
}

Reply list_books(Session& session, const std::optional<std::string>& tag) {
    auto query = select<Book>().order_by(col(&Book::id)).options(selectin(&Book::author), selectin(&Book::tags));
    if (tag) query.join(&Book::tags).where(col(&Tag::name) == *tag);
    json out = json::array();
    for (auto& b : session.all(query)) out.push_back(book_json(*b, true));
    return {200, out};
}

Reply create_book(Session& session, const std::string& body) {
    NewBook in;
    if (auto problem = parse_book(body, in)) return bad(*problem);
    auto author = session.get<Author>(in.author_id);
    if (!author) return bad("author_id: no author " + std::to_string(in.author_id));
    if (in.isbn && session.first(select<Book>().where(col(&Book::isbn) == *in.isbn)))
        return {409, {{"error", "isbn: " + *in.isbn + " belongs to another book"}}};
    Book book{.title = in.title, .published = in.published, .price = in.price, .isbn = in.isbn, .author = author};
    if (!in.tags.empty()) {
        auto existing = session.all(select<Tag>().where(col(&Tag::name).in(in.tags)));
        for (auto& name : in.tags) {
            auto found = std::find_if(existing.begin(), existing.end(), [&](auto& t) { return t->name == name; });
            book.tags.add(found != existing.end() ? *found : session.add(Tag{.name = name}));
        }
    }
    auto added = session.add(std::move(book));
    try {
        session.commit();
    } catch (const migrate::DatabaseError& e) {
        // A concurrent request took the isbn or a new tag's name first: the flush rolled back.
        // Any other failure is the server's (500, from the request's handler).
        if (!migrate::db::is_unique_violation(e)) throw;
        return {409, {{"error", e.what()}}};
    }
    return {201, book_json(*added, true)};
}

} // namespace bookshop
