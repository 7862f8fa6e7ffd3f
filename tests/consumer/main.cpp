// Opens a SQLite database through the installed library and prints a query's result.
#include <migrate/db/connection.hpp>
#include <migrate/db/error.hpp>

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
        return 0;
    } catch (const migrate::Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
