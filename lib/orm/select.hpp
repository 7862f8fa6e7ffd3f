// The select builder: select<Author>() for mapped objects, select(col(..), count()) for rows;
// where / joins / order_by / group_by / having / limit / offset, and loader options.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <migrate/db/value.hpp>
#include <migrate/orm/expression.hpp>
#include <migrate/orm/mapper.hpp>

namespace migrate::orm {

// Load a relationship path ahead of time with one `WHERE key IN (...)` query per level:
// selectin(&Author::books), selectin(&Author::books, &Book::tags).
struct LoadOption {
    std::vector<const RelationshipBase*> path;
};

template <class... Members> LoadOption selectin(Members... members) {
    LoadOption o;
    auto add = [&]<class C, class M>(M C::*member) { o.path.push_back(&mapper_of<C>().relationship_for(member)); };
    (add(members), ...);
    return o;
}

namespace detail {
struct JoinClause {
    bool outer = false;
    std::string table;
    Expr on;
};

// Everything a select holds; the typed Select<R> below only adds what its results are.
struct SelectCore {
    const MapperBase* entity = nullptr;
    std::vector<Expr> columns;
    std::string from;
    std::vector<JoinClause> joins;
    Expr where, having;
    std::vector<Expr> group_by, order_by;
    std::optional<std::int64_t> limit, offset;
    bool distinct = false;
    std::vector<LoadOption> loads;

    void add_where(const Expr& condition);
    void add_having(const Expr& condition);
    void join_relationship(const RelationshipBase& r, bool outer);
    void render(SqlWriter& out) const;
};
} // namespace detail

// R is a mapped type (results are std::shared_ptr<R>) or db::Row (results are rows).
template <class R> class Select {
public:
    Select& where(const Condition& c) { core_.add_where(c); return *this; }
    // Joins along a relationship (its keys give the ON clause), or to a mapped type ON a condition.
    template <class C, class M> Select& join(M C::*relationship) {
        core_.join_relationship(mapper_of<C>().relationship_for(relationship), false);
        return *this;
    }
    template <class C, class M> Select& outer_join(M C::*relationship) {
        core_.join_relationship(mapper_of<C>().relationship_for(relationship), true);
        return *this;
    }
    template <class T> Select& join(const Condition& on) {
        core_.joins.push_back({false, mapper_of<T>().table_name(), on});
        return *this;
    }
    template <class T> Select& outer_join(const Condition& on) {
        core_.joins.push_back({true, mapper_of<T>().table_name(), on});
        return *this;
    }
    // For row selects whose first column is not from the table to select from.
    template <class T> Select& from() { core_.from = mapper_of<T>().table_name(); return *this; }
    template <class... E> Select& order_by(const E&... e) { (core_.order_by.push_back(e), ...); return *this; }
    template <class... E> Select& group_by(const E&... e) { (core_.group_by.push_back(e), ...); return *this; }
    Select& having(const Condition& c) { core_.add_having(c); return *this; }
    Select& limit(std::int64_t n) { core_.limit = n; return *this; }
    Select& offset(std::int64_t n) { core_.offset = n; return *this; }
    Select& distinct() { core_.distinct = true; return *this; }
    template <class... O> Select& options(O... o) { (core_.loads.push_back(std::move(o)), ...); return *this; }

    void render(SqlWriter& out) const { core_.render(out); }
    const detail::SelectCore& core() const { return core_; }
    detail::SelectCore& core() { return core_; }

private:
    detail::SelectCore core_;
};

// SELECT every mapped column of T FROM T's table.
template <class T> Select<T> select() {
    Select<T> s;
    const MapperBase& m = mapper_of<T>();
    s.core().entity = &m;
    s.core().from = m.table_name();
    for (auto& c : m.columns()) s.core().columns.push_back(detail::column_ref(m.table_name(), c->name()));
    return s;
}

// SELECT these expressions; FROM the table of the first column unless from<T>() says otherwise.
template <class... E> requires(sizeof...(E) > 0) Select<db::Row> select(const E&... columns) {
    Select<db::Row> s;
    (s.core().columns.push_back(columns), ...);
    for (auto& c : s.core().columns) {
        if (s.core().from.empty()) s.core().from = detail::first_table(c);
    }
    return s;
}

} // namespace migrate::orm
