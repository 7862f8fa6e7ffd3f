// bookshop: the tutorial. Migrates its database with the library, then shows the Session,
// relationships, N+1 vs selectin loading, a Core bulk UPDATE and a raw-SQL report.
#include <CLI/CLI.hpp>

#include <iostream>

#include <migrate/base/error.hpp>
#include <migrate/db/url.hpp>
#include <migrate/orm/engine.hpp>

#include "serve.hpp"
#include "story.hpp"

int main(int argc, char** argv) {
    bookshop::Options options;
    CLI::App app{"The migrate tutorial: a bookshop with authors, books and tags.\n"
                 "Example: bookshop --url postgresql://localhost/bookshop --echo"};
    app.add_option("--url", options.url, "database URL (default: sqlite:///bookshop.db in this directory)");
    app.add_option("--migrations", options.migrations,
                   "the migrations/ directory holding versions/ (default: the script_location of the nearest "
                   "migrate.toml in this directory or above, else ./migrations)");
    app.add_flag("--echo", options.echo, "print every statement with its parameters and duration");
    app.add_option("--books", options.bulk_books, "books in the bulk price change")->capture_default_str();
    app.add_option("--authors", options.lazy_authors, "authors in the N+1 demonstration")->capture_default_str();
    bookshop::ServeOptions serve_options;
    auto* serve = app.add_subcommand("serve", "the models behind a small web service: GET /authors, GET /books?tag=NAME,\n"
                                              "POST /books, GET /stats; each request its own Session on one Engine.\n"
                                              "Example: bookshop serve --port 8080 --echo --url 'sqlite:///bookshop.db?pool_size=4'");
    serve->add_option("--port", serve_options.port, "TCP port on 127.0.0.1 (0: any free one, printed)")->capture_default_str();
    serve->fallthrough(); // --url, --echo, --migrations may follow `serve`
    CLI11_PARSE(app, argc, argv);

    try {
        if (options.migrations.empty()) options.migrations = bookshop::default_migrations();
        std::cout << "bookshop on " << migrate::db::mask_password(options.url) << "\n";
        if (serve->parsed()) return bookshop::serve(options, serve_options);
        bookshop::migrate_to_head(options);
        migrate::orm::Engine engine(options.url, {.echo = options.echo});
        bookshop::start_empty(engine);
        bookshop::crud(engine);
        bookshop::navigate(engine);
        bookshop::lazy_vs_selectin(engine, options);
        bookshop::bulk_price_change(engine, options);
        bookshop::report(engine);
        std::cout << "\nDone.\n";
        return 0;
    } catch (const migrate::UsageError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    } catch (const migrate::RevisionError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
