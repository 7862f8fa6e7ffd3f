// What two projects' databases differ in, as autogenerate compares them (the tool's own tables
// and Alembic's version table left out): the schema-equality check of the adoption tests.
#pragma once

#include "cli_fixture.hpp"

#include <migrate/autogen/compare.hpp>
#include <migrate/dialect/dialect.hpp>
#include <migrate/dialect/reflect.hpp>

namespace migrate::test {

inline std::vector<std::string> schema_differences(const Project& a, const Project& b) {
    auto ca = a.connect();
    auto cb = b.connect();
    const auto& d = dialect::dialect_for(ca->backend());
    dialect::ReflectOptions ro;
    ro.schemas = {d.default_schema()};
    ro.exclude_tables = {"migrate_version", "migrate_history", "alembic_version"};
    autogen::CompareOptions co;
    co.dialect = &d;
    return autogen::describe(autogen::diff(dialect::reflect(*ca, ro), dialect::reflect(*cb, ro), co));
}

} // namespace migrate::test
