// Round-trip helpers for the reflection tests: apply a model's DDL to a real database, read it
// back, and compare with the dialect's normalise() of the model, order-insensitively.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include <migrate/db/connection.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/dialect/reflect.hpp>
#include <migrate/schema/print.hpp>

#include <support/test_support.hpp>

namespace migrate::test {

// Sorts what has no meaningful order (tables, constraints, indexes by name) and keeps what
// has (columns, key columns, enum values), so that two models compare on content only.
inline schema::MetaData canonical(schema::MetaData m) {
    auto by_name = [](const auto& a, const auto& b) { return std::tie(a.schema, a.name) < std::tie(b.schema, b.name); };
    auto by_opt_name = [](const auto& a, const auto& b) {
        return std::tie(a.name, a.columns) < std::tie(b.name, b.columns);
    };
    std::sort(m.schemas.begin(), m.schemas.end());
    std::sort(m.tables.begin(), m.tables.end(), by_name);
    std::sort(m.views.begin(), m.views.end(), by_name);
    std::sort(m.enums.begin(), m.enums.end(), by_name);
    std::sort(m.sequences.begin(), m.sequences.end(), by_name);
    for (auto& t : m.tables) {
        std::sort(t.foreign_keys.begin(), t.foreign_keys.end(), by_opt_name);
        std::sort(t.unique_constraints.begin(), t.unique_constraints.end(), by_opt_name);
        std::sort(t.check_constraints.begin(), t.check_constraints.end(),
                  [](const auto& a, const auto& b) { return std::tie(a.name, a.expression) < std::tie(b.name, b.expression); });
        std::sort(t.indexes.begin(), t.indexes.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    }
    return m;
}

// Compares piece by piece so that a failure names the table that differs.
inline void require_same_schema(const schema::MetaData& actual_in, const schema::MetaData& expected_in) {
    auto actual = canonical(actual_in), expected = canonical(expected_in);
    CHECK(actual.schemas == expected.schemas);
    CHECK(actual.enums == expected.enums);
    CHECK(actual.sequences == expected.sequences);
    CHECK(actual.views == expected.views);
    REQUIRE(actual.tables.size() == expected.tables.size());
    for (std::size_t i = 0; i < actual.tables.size(); ++i) {
        INFO("table " << expected.tables[i].qualified_name());
        CHECK(actual.tables[i] == expected.tables[i]);
    }
    CHECK(actual == expected);
}

inline void apply_statements(db::Connection& conn, const dialect::Statements& statements) {
    for (const auto& s : statements) {
        INFO("statement: " << s);
        conn.execute_script(s);
    }
}

// One throwaway database of either dialect.
class ScratchDatabase {
public:
    static std::unique_ptr<ScratchDatabase> sqlite() {
        auto db = std::unique_ptr<ScratchDatabase>(new ScratchDatabase);
        db->dir_.emplace();
        db->conn_ = db::connect("sqlite:///" + (db->dir_->path() / "scratch.db").string());
        return db;
    }
    static std::unique_ptr<ScratchDatabase> postgresql(const std::string& server_url) {
        auto db = std::unique_ptr<ScratchDatabase>(new ScratchDatabase);
        db->pg_.emplace(server_url);
        db->conn_ = db::connect(db->pg_->url());
        return db;
    }
    db::Connection& conn() { return *conn_; }
    ~ScratchDatabase() { conn_.reset(); } // close before the database is dropped

private:
    ScratchDatabase() = default;
    std::optional<TempDir> dir_;
    std::optional<PgDatabase> pg_;
    std::unique_ptr<db::Connection> conn_;
};

// reflect(apply(render(M))) == normalise(M), for M created in `conn`'s (empty) database.
inline void require_round_trip(db::Connection& conn, const schema::MetaData& model,
                               const dialect::ReflectOptions& options = {}) {
    const auto& d = dialect::dialect_for(conn.backend());
    apply_statements(conn, d.render_metadata(model));
    auto reflected = dialect::reflect(conn, options);
    require_same_schema(reflected, d.normalise(model));
}

} // namespace migrate::test
