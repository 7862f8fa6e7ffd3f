// The bookshop tutorial's chapters, each a function printing under its own heading.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include <migrate/orm/engine.hpp>

namespace bookshop {

struct Options {
    std::string url = "sqlite:///bookshop.db";
    std::string migrations; // empty: default_migrations()
    bool echo = false;
    std::size_t bulk_books = 50'000;
    std::size_t lazy_authors = 100;
};

// The migrations/ directory when --migrations is not given: the script_location of the nearest
// migrate.toml in the working directory or above it, else migrations/ in the working directory.
std::string default_migrations();

void heading(int step, const std::string& title);

void migrate_to_head(const Options& options);
void start_empty(migrate::orm::Engine& engine);
void crud(migrate::orm::Engine& engine);
void navigate(migrate::orm::Engine& engine);
void lazy_vs_selectin(migrate::orm::Engine& engine, const Options& options);
void bulk_price_change(migrate::orm::Engine& engine, const Options& options);
void report(migrate::orm::Engine& engine);

// Milliseconds since `start`, for the timings the story prints.
double ms_since(std::chrono::steady_clock::time_point start);

} // namespace bookshop
