#include "table_facts.hpp"

namespace migrate::lint::detail {

TableFacts::TableFacts(const dialect::Dialect& dialect, db::Connection* connection, std::int64_t bound)
    : dialect_(dialect), connection_(connection), bound_(bound) {}

TableFacts::Fact& TableFacts::at(const dialect::ObjectName& table) {
    const std::string key = ops::display_name(table);
    auto it = facts_.find(key);
    if (it != facts_.end()) return it->second;
    Fact fact;
    if (connection_) {
        auto rows = dialect_.table_rows(*connection_, table, bound_);
        fact.kind = rows ? Kind::existing : Kind::missing;
        fact.rows = rows.value_or(0);
    }
    return facts_.emplace(key, fact).first->second;
}

bool TableFacts::holds_rows(const dialect::ObjectName& table) {
    const Fact& f = at(table);
    return f.kind == Kind::unknown || (f.kind == Kind::existing && f.rows > 0);
}

bool TableFacts::holds_more_than(const dialect::ObjectName& table, std::int64_t threshold) {
    const Fact& f = at(table);
    return f.kind == Kind::unknown || (f.kind == Kind::existing && f.rows > threshold);
}

bool TableFacts::existed_before(const dialect::ObjectName& table) {
    const Fact& f = at(table);
    return f.kind == Kind::unknown || f.kind == Kind::existing;
}

std::string TableFacts::describe(const dialect::ObjectName& table) {
    const Fact& f = at(table);
    const std::string name = ops::display_name(table);
    switch (f.kind) {
    case Kind::unknown: return name + ": rows unknown (linted offline, without the database)";
    case Kind::existing:
        return name + " holds " + (f.rows >= bound_ ? "about " : "") + std::to_string(f.rows) +
               (f.rows == 1 ? " row" : " rows");
    case Kind::created: return name + " is created by this run";
    case Kind::missing: return name + " does not exist";
    }
    return name;
}

void TableFacts::apply(const ops::Op& op) {
    if (const auto* create = std::get_if<ops::CreateTable>(&op)) {
        facts_[ops::display_name({create->table.schema, create->table.name})] = Fact{Kind::created, 0};
    } else if (const auto* drop = std::get_if<ops::DropTable>(&op)) {
        facts_[ops::display_name({drop->schema, drop->table})] = Fact{Kind::missing, 0};
    } else if (const auto* rename = std::get_if<ops::RenameTable>(&op)) {
        const dialect::ObjectName from{rename->schema, rename->table};
        Fact moved = at(from);
        facts_[ops::display_name(from)] = Fact{Kind::missing, 0};
        facts_[ops::display_name({rename->schema, rename->new_name})] = moved;
    }
}

} // namespace migrate::lint::detail
