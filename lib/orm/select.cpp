// Rendering a select, and the ON clauses a relationship implies.
#include <migrate/orm/select.hpp>

#include <limits>

namespace migrate::orm::detail {

namespace {

const std::string& single_key(const MapperBase& m) {
    if (m.primary_key().size() != 1)
        throw NotSupported("relationships need a single-column primary key; " + m.table_name() + " has " +
                           std::to_string(m.primary_key().size()));
    return m.columns()[m.primary_key().front()]->name();
}

void list(SqlWriter& out, const std::vector<Expr>& items) {
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out << ", ";
        items[i].render(out);
    }
}

} // namespace

void SelectCore::add_where(const Expr& condition) {
    where = where.empty() ? condition : binary(" AND ", k_and, where, condition);
}

void SelectCore::add_having(const Expr& condition) {
    having = having.empty() ? condition : binary(" AND ", k_and, having, condition);
}

void SelectCore::join_relationship(const RelationshipBase& r, bool outer) {
    const MapperBase& owner = r.owner();
    const MapperBase& target = r.target();
    const std::string& o = owner.table_name();
    const std::string& t = target.table_name();
    switch (r.kind()) {
    case RelationKind::many_to_one:
        joins.push_back({outer, t,
                         binary(" = ", k_compare, column_ref(t, single_key(target)),
                                column_ref(o, owner.columns()[r.fk_column()]->name()))});
        break;
    case RelationKind::one_to_many:
        joins.push_back({outer, t,
                         binary(" = ", k_compare, column_ref(t, target.columns()[r.fk_column()]->name()),
                                column_ref(o, single_key(owner)))});
        break;
    case RelationKind::many_to_many:
        joins.push_back({outer, r.association(),
                         binary(" = ", k_compare, column_ref(r.association(), r.local_key()),
                                column_ref(o, single_key(owner)))});
        joins.push_back({outer, t,
                         binary(" = ", k_compare, column_ref(t, single_key(target)),
                                column_ref(r.association(), r.remote_key()))});
        break;
    }
}

void SelectCore::render(SqlWriter& out) const {
    if (from.empty()) throw UsageError("a select needs a table: no column names one, and from<T>() was not given");
    out << (distinct ? "SELECT DISTINCT " : "SELECT ");
    list(out, columns);
    out << " FROM ";
    out.identifier(from);
    for (auto& j : joins) {
        out << (j.outer ? " LEFT OUTER JOIN " : " JOIN ");
        out.identifier(j.table);
        out << " ON ";
        j.on.render(out);
    }
    if (!where.empty()) {
        out << " WHERE ";
        where.render(out);
    }
    if (!group_by.empty()) {
        out << " GROUP BY ";
        list(out, group_by);
    }
    if (!having.empty()) {
        out << " HAVING ";
        having.render(out);
    }
    if (!order_by.empty()) {
        out << " ORDER BY ";
        list(out, order_by);
    }
    // OFFSET without LIMIT is not SQLite; a limit no table reaches means "all" on both.
    if (limit || offset) {
        out << " LIMIT ";
        out.bind(db::Value(limit.value_or(std::numeric_limits<std::int64_t>::max())));
    }
    if (offset) {
        out << " OFFSET ";
        out.bind(db::Value(*offset));
    }
}

} // namespace migrate::orm::detail
