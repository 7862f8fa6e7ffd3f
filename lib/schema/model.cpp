// Lookups on the schema model.
#include <migrate/schema/model.hpp>

#include <algorithm>
#include <utility>

namespace migrate::schema {

const Column* Table::column(std::string_view wanted) const {
    auto it = std::find_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == wanted; });
    return it == columns.end() ? nullptr : &*it;
}

Column* Table::column(std::string_view wanted) {
    return const_cast<Column*>(std::as_const(*this).column(wanted));
}

std::string Table::qualified_name() const { return schema ? *schema + "." + name : name; }

const Table* MetaData::table(std::string_view wanted, const std::optional<std::string>& in_schema) const {
    auto it = std::find_if(tables.begin(), tables.end(),
                           [&](const Table& t) { return t.name == wanted && t.schema == in_schema; });
    return it == tables.end() ? nullptr : &*it;
}

Table* MetaData::table(std::string_view wanted, const std::optional<std::string>& in_schema) {
    return const_cast<Table*>(std::as_const(*this).table(wanted, in_schema));
}

} // namespace migrate::schema
