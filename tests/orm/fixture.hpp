// ORM tests run the same body on SQLite (in memory) and on PostgreSQL (a database of its own),
// against the tutorial schema created from the models' MetaData.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include <migrate/dialect/dialect.hpp>
#include <migrate/orm/orm.hpp>
#include <migrate/tutorial/metadata.hpp>
#include <migrate/tutorial/models.hpp>
#include <support/test_support.hpp>

namespace orm_test {

using namespace migrate::orm;
using migrate::tutorial::Author;
using migrate::tutorial::Book;
using migrate::tutorial::Tag;

inline void create_schema(Engine& engine) {
    auto conn = engine.connect();
    for (auto& sql : engine.dialect().render_metadata(migrate::tutorial::metadata())) conn.execute(sql);
}

// Drops and re-creates the tutorial tables (for a test that seeds several sizes).
inline void create_schema_fresh(Engine& engine) {
    {
        auto conn = engine.connect();
        for (auto& sql : engine.dialect().drop_metadata(migrate::tutorial::metadata())) conn.execute(sql);
    }
    create_schema(engine);
}

inline std::unique_ptr<Engine> sqlite_engine() {
    auto e = std::make_unique<Engine>("sqlite://");
    create_schema(*e);
    return e;
}

inline std::unique_ptr<Engine> pg_engine(const std::string& url) {
    auto e = std::make_unique<Engine>(url);
    create_schema(*e);
    return e;
}

// Statements the engine ran while `f` ran.
template <class F> std::size_t count_statements(Engine& engine, F&& f) {
    engine.reset_statement_count();
    f();
    return engine.statement_count();
}

} // namespace orm_test

// One test body, two test cases: "<name> (sqlite)" [sqlite] and "<name> (postgres)" [postgres].
#define ORM_TEST_BOTH(name, body)                                                                  \
    TEST_CASE(name " (sqlite)", "[sqlite]") {                                                      \
        auto engine_ptr = orm_test::sqlite_engine();                                               \
        body(*engine_ptr);                                                                         \
    }                                                                                              \
    TEST_CASE(name " (postgres)", "[postgres]") {                                                  \
        auto server = migrate::test::pg_url();                                                     \
        if (!server) return;                                                                       \
        migrate::test::PgDatabase db(*server);                                                     \
        auto engine_ptr = orm_test::pg_engine(db.url());                                           \
        body(*engine_ptr);                                                                         \
    }
