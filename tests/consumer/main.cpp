// Opens a SQLite database through the installed library and prints a query's result.
#include <migrate/db/connection.hpp>
#include <migrate/db/error.hpp>
#include <migrate/orm/orm.hpp>

#include <iostream>

int main() {
    try {
        auto conn = migrate::db::connect("sqlite://");
        conn->execute_script("CREATE TABLE books (id integer PRIMARY KEY, title text NOT NULL)");
        {
            migrate::db::Transaction tx(*conn);
            for (const char* title : {"The Dispossessed", "Kindred"})
                conn->execute("INSERT INTO books (title) VALUES (?)", {title});
            tx.commit();
        }
        for (const auto& row : conn->query("SELECT id, title FROM books ORDER BY id"))
            std::cout << row["id"].as_int() << " " << row["title"].as_text() << "\n";
        // The ORM's headers are installed too: a Session over the same kind of database.
        migrate::orm::Engine engine("sqlite://");
        migrate::orm::Session session(engine);
        std::cout << "session objects: " << session.size() << "\n";
        return 0;
    } catch (const migrate::Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
