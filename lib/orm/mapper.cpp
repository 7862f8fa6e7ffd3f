// The non-template half of a mapping: building its schema::Table column by column.
#include <migrate/orm/mapper.hpp>

namespace migrate::orm {

void MapperBase::add_column(std::unique_ptr<ColumnBase> column, std::string name, const std::string& type,
                            bool nullable, bool primary_key, bool generated,
                            std::optional<std::string> server_default) {
    column->schema_.name = std::move(name);
    column->schema_.type = schema::Type::parse(type);
    column->schema_.nullable = nullable && !primary_key;
    column->schema_.server_default = std::move(server_default);
    column->primary_key_ = primary_key;
    if (primary_key) {
        if (!table_.primary_key) table_.primary_key = schema::PrimaryKey{};
        table_.primary_key->columns.push_back(column->schema_.name);
        key_.push_back(columns_.size());
        if (generated) generated_ = columns_.size();
    }
    // A generated integer key is the portable "autoincrement" (identity on PostgreSQL).
    column->schema_.autoincrement = primary_key && generated;
    table_.columns.push_back(column->schema_);
    columns_.push_back(std::move(column));
}

std::size_t MapperBase::column_index(std::string_view name) const {
    for (std::size_t i = 0; i < columns_.size(); ++i)
        if (columns_[i]->name() == name) return i;
    throw UsageError("table " + table_.name + " has no mapped column " + std::string(name));
}

} // namespace migrate::orm
