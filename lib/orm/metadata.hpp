// Mapped models as a schema::MetaData: what autogenerate and the model-vs-migrations test compare.
#pragma once

#include <migrate/orm/mapper.hpp>
#include <migrate/schema/model.hpp>

namespace migrate::orm {

// The tables of these mapped types, in the order given, plus plain tables (association tables).
template <class... T> schema::MetaData metadata_of(std::vector<schema::Table> extra_tables = {}) {
    schema::MetaData m;
    (m.tables.push_back(mapper_of<T>().table()), ...);
    for (auto& t : extra_tables) m.tables.push_back(std::move(t));
    return m;
}

} // namespace migrate::orm
