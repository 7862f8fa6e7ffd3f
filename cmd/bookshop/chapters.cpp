// Chapters 1-4: migrate, start empty, CRUD with the Session, navigating relationships.
#include "story.hpp"

#include <iomanip>
#include <iostream>

#include <migrate/orm/orm.hpp>
#include <migrate/runtime/migrate.hpp>
#include <migrate/tutorial/models.hpp>

namespace bookshop {

using namespace migrate::orm;
using migrate::tutorial::Author;
using migrate::tutorial::Book;
using migrate::tutorial::Tag;

void heading(int step, const std::string& title) {
    std::cout << "\n== Step " << step << ": " << title << " ==\n";
}

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::string default_migrations() {
    namespace fs = std::filesystem;
    for (fs::path dir = fs::current_path();; dir = dir.parent_path()) {
        if (fs::exists(dir / "migrate.toml")) return migrate::Config::load(dir / "migrate.toml").script_location.string();
        if (dir == dir.root_path() || dir.empty()) break;
    }
    return (fs::current_path() / "migrations").string();
}

void migrate_to_head(const Options& options) {
    heading(1, "migrate the schema to head (the migrations/ chain, not create_all)");
    auto config = migrate::Config::defaults(std::filesystem::current_path());
    config.set_url_from_command_line(options.url);
    config.script_location = std::filesystem::absolute(options.migrations);
    migrate::Migrator migrator(config);
    migrator.set_echo(options.echo);
    migrator.on_progress([](const migrate::StepEvent& e) {
        if (e.phase == migrate::StepEvent::Phase::finished)
            std::cout << "  applied " << e.revision << "  " << e.message << "\n";
    });
    auto result = migrator.upgrade("head");
    if (result.steps == 0) std::cout << "  already at head\n";
    std::cout << "  current revision: " << (result.heads_after.empty() ? "base" : result.heads_after.front()) << "\n";
}

void start_empty(Engine& engine) {
    heading(2, "start from empty tables (Core DELETE, children first)");
    Session s(engine);
    auto n_books = s.execute(delete_from<Book>());
    auto n_tags = s.execute(delete_from<Tag>());
    auto n_authors = s.execute(delete_from<Author>());
    s.commit();
    std::cout << "  deleted " << n_books << " books, " << n_tags << " tags, " << n_authors << " authors\n";
}

void crud(Engine& engine) {
    heading(3, "create, read, update, delete with the Session");
    Session s(engine);
    auto leguin = s.add(Author{.name = "Ursula K. Le Guin", .born = 1929});
    auto tolkien = s.add(Author{.name = "J. R. R. Tolkien", .born = 1892});
    auto butler = s.add(Author{.name = "Octavia E. Butler", .born = 1947});
    auto scifi = s.add(Tag{.name = "science fiction"});
    auto fantasy = s.add(Tag{.name = "fantasy"});
    auto classic = s.add(Tag{.name = "classic"});
    s.add(Book{.title = "A Wizard of Earthsea", .published = 1968, .price = 9.99, .author = leguin,
               .tags = {fantasy, classic}});
    s.add(Book{.title = "The Left Hand of Darkness", .published = 1969, .price = 12.50, .author = leguin,
               .tags = {scifi, classic}});
    s.add(Book{.title = "The Dispossessed", .published = 1974, .price = 13.00, .author = leguin, .tags = {scifi}});
    s.add(Book{.title = "The Hobbit", .published = 1937, .price = 8.75, .isbn = "978-0-261-10221-7",
               .author = tolkien, .tags = {fantasy, classic}});
    s.add(Book{.title = "Kindred", .published = 1979, .price = 11.25, .author = butler, .tags = {scifi, classic}});
    auto draft = s.add(Book{.title = "Untitled draft", .price = 1.00, .author = butler});
    s.commit();
    std::cout << "  added 3 authors, 3 tags, 6 books; generated ids: " << leguin->name << " = " << leguin->id
              << ", " << tolkien->name << " = " << tolkien->id << "\n";

    auto found = s.all(select<Book>().where(col(&Book::title).like("The %")).order_by(col(&Book::title)));
    std::cout << "  books whose title starts with 'The':\n";
    for (auto& b : found) std::cout << "    " << b->title << " (" << b->published.value_or(0) << ")\n";

    auto same = s.get<Author>(leguin->id);
    std::cout << "  get<Author>(" << leguin->id << ") is the object already loaded: " << (same == leguin ? "yes" : "no")
              << "\n";

    auto hobbit = s.first(select<Book>().where(col(&Book::title) == "The Hobbit"));
    hobbit->price = 9.50;
    s.commit();
    std::cout << "  updated: The Hobbit now costs " << std::fixed << std::setprecision(2) << *hobbit->price << "\n";

    s.remove(draft);
    s.commit();
    auto left = s.scalar<std::int64_t>(select(count()).from<Book>());
    std::cout << "  deleted the draft; " << left << " books remain\n";
}

void navigate(Engine& engine) {
    heading(4, "navigate relationships (one-to-many, many-to-one, many-to-many)");
    Session s(engine);
    auto leguin = s.first(select<Author>().where(col(&Author::name) == "Ursula K. Le Guin"));
    std::cout << "  " << leguin->name << " wrote:\n";
    for (auto& b : leguin->books) std::cout << "    " << b->title << "\n";
    auto kindred = s.first(select<Book>().where(col(&Book::title) == "Kindred"));
    std::cout << "  'Kindred' was written by " << kindred->author->name << "\n";
    std::cout << "  'Kindred' is tagged:";
    for (auto& t : kindred->tags) std::cout << " [" << t->name << "]";
    std::cout << "\n";
    auto classic = s.first(select<Tag>().where(col(&Tag::name) == "classic"));
    std::cout << "  books tagged 'classic': " << classic->books.size() << "\n";
    // A tag added to a loaded collection becomes one association row at commit.
    auto fantasy = s.first(select<Tag>().where(col(&Tag::name) == "fantasy"));
    kindred->tags.add(fantasy);
    s.commit();
    auto rows = s.scalar<std::int64_t>(select(count()).from<Tag>().join(&Tag::books).where(col(&Tag::name) == "fantasy"));
    std::cout << "  tagged 'Kindred' as fantasy too: fantasy now has " << rows << " books\n";
}

} // namespace bookshop
