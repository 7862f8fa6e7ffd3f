// Loading: rows into objects through the identity map, get() by key, entity selects, and the
// relationship loaders (lazy = the same loader for one owner; selectin = all owners, batched).
#include <migrate/orm/detail/session_core.hpp>

#include <functional>
#include <unordered_set>

namespace migrate::orm {

void detail::RelationState::ensure_loaded() {
    if (loaded) return;
    auto core = session.lock();
    if (!core) throw Error("a relationship was read after its Session was closed; load it while the session lives");
    core->load_relationship(*relationship, {owner});
}

namespace detail {

std::size_t KeyHash::operator()(const Key& key) const noexcept {
    std::size_t h = key.size();
    for (auto& v : key) {
        std::size_t x = std::visit(
            [](const auto& s) -> std::size_t {
                using S = std::decay_t<decltype(s)>;
                if constexpr (std::is_same_v<S, std::monostate>) return 0;
                else if constexpr (std::is_same_v<S, db::Blob>) return s.bytes.size();
                else return std::hash<S>{}(s);
            },
            v.storage());
        h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    }
    return h;
}

namespace {
const std::string& key_column(const MapperBase& m) {
    if (m.primary_key().size() != 1)
        throw NotSupported("loading relationships of " + m.table_name() + " needs a single-column primary key");
    return m.columns()[m.primary_key().front()]->name();
}

SelectCore entity_select(const MapperBase& m) {
    SelectCore s;
    s.entity = &m;
    s.from = m.table_name();
    for (auto& c : m.columns()) s.columns.push_back(column_ref(m.table_name(), c->name()));
    return s;
}
} // namespace

Rendered render_in(const Engine& engine, const SelectCore& base, const std::string& table, const std::string& column,
                   const std::vector<db::Value>& keys) {
    SelectCore s = base;
    s.where = in_list(column_ref(table, column), keys, false);
    SqlWriter out(engine.dialect());
    s.render(out);
    return {std::move(out.sql()), std::move(out.params())};
}

Key SessionCore::key_of(const MapperBase& m, const void* object) const {
    Key k;
    k.reserve(m.primary_key().size());
    for (auto i : m.primary_key()) k.push_back(m.columns()[i]->get(object));
    return k;
}

std::vector<db::Value> SessionCore::values_of(const MapperBase& m, const void* object) const {
    std::vector<db::Value> v;
    v.reserve(m.columns().size());
    for (auto& c : m.columns()) v.push_back(c->get(object));
    return v;
}

void SessionCore::attach(void* object, const MapperBase& m, bool loaded_from_db) {
    for (auto& r : m.relationships()) {
        RelationState& st = r->state(object);
        st.session = weak_from_this();
        st.owner = object;
        st.relationship = r.get();
        if (loaded_from_db) {
            st.loaded = false;
            st.assigned = false;
            st.snapshot.clear();
        }
    }
}

void SessionCore::register_persistent(std::shared_ptr<void> object, const MapperBase& m, Key key) {
    const void* addr = object.get();
    identity_[&m].emplace(key, addr);
    ObjectState& st = states_[addr];
    st.object = std::move(object);
    st.mapper = &m;
    st.status = Status::persistent;
    st.key = std::move(key);
}

std::vector<std::shared_ptr<void>> SessionCore::load(const MapperBase& m, const std::vector<db::Row>& rows,
                                                     std::size_t offset, bool refresh) {
    std::vector<std::shared_ptr<void>> out;
    out.reserve(rows.size());
    auto& ids = identity_[&m];
    ids.reserve(ids.size() + rows.size());
    states_.reserve(states_.size() + rows.size());
    const auto& cols = m.columns();
    for (const db::Row& row : rows) {
        Key key;
        key.reserve(m.primary_key().size());
        for (auto i : m.primary_key()) key.push_back(row[offset + i]);
        if (auto it = ids.find(key); it != ids.end()) {
            ObjectState& st = states_.at(it->second);
            if (refresh) {
                void* obj = st.object.get();
                for (std::size_t i = 0; i < cols.size(); ++i) cols[i]->set(obj, row[offset + i]);
                st.snapshot.assign(row.values().begin() + static_cast<std::ptrdiff_t>(offset),
                                   row.values().begin() + static_cast<std::ptrdiff_t>(offset + cols.size()));
                attach(obj, m, true);
            }
            out.push_back(st.object);
            continue;
        }
        std::shared_ptr<void> obj = m.create();
        for (std::size_t i = 0; i < cols.size(); ++i) cols[i]->set(obj.get(), row[offset + i]);
        attach(obj.get(), m, true);
        const void* addr = obj.get();
        auto [pos, inserted] = ids.emplace(std::move(key), addr);
        ObjectState& st = states_[addr];
        st.object = obj;
        st.mapper = &m;
        st.status = Status::persistent;
        st.key = pos->first;
        st.snapshot.assign(row.values().begin() + static_cast<std::ptrdiff_t>(offset),
                           row.values().begin() + static_cast<std::ptrdiff_t>(offset + cols.size()));
        out.push_back(std::move(obj));
    }
    return out;
}

std::shared_ptr<void> SessionCore::get(const MapperBase& m, const Key& key) {
    if (key.size() != m.primary_key().size())
        throw UsageError("get() on " + m.table_name() + " needs " + std::to_string(m.primary_key().size()) +
                         " key value(s), got " + std::to_string(key.size()));
    auto& ids = identity_[&m];
    if (auto it = ids.find(key); it != ids.end()) return states_.at(it->second).object;
    SelectCore s = entity_select(m);
    for (std::size_t i = 0; i < key.size(); ++i) {
        s.add_where(binary(" = ", k_compare, column_ref(m.table_name(), m.columns()[m.primary_key()[i]]->name()),
                           bound(key[i])));
    }
    SqlWriter out(engine_.dialect());
    s.render(out);
    begin();
    auto rows = engine_.query(out.sql(), out.params());
    auto objs = load(m, rows, 0, false);
    return objs.empty() ? nullptr : objs.front();
}

std::vector<std::shared_ptr<void>> SessionCore::select_objects(const SelectCore& select) {
    SqlWriter out(engine_.dialect());
    select.render(out);
    auto rows = query({std::move(out.sql()), std::move(out.params())});
    auto objs = load(*select.entity, rows, 0, false);
    if (!select.joins.empty()) { // a join to many repeats the entity: keep the first of each
        std::unordered_set<const void*> seen;
        std::erase_if(objs, [&](const std::shared_ptr<void>& o) { return !seen.insert(o.get()).second; });
    }
    for (const LoadOption& option : select.loads) {
        std::vector<std::shared_ptr<void>> level = objs;
        for (const RelationshipBase* r : option.path) {
            std::vector<void*> owners;
            for (auto& o : level)
                if (!r->state(o.get()).loaded) owners.push_back(o.get());
            if (!owners.empty()) load_relationship(*r, owners);
            std::vector<std::shared_ptr<void>> next;
            std::unordered_set<const void*> seen;
            for (auto& o : level)
                for (auto& t : r->targets(o.get()))
                    if (seen.insert(t.get()).second) next.push_back(t);
            level = std::move(next);
        }
    }
    return objs;
}

void SessionCore::load_relationship(const RelationshipBase& r, const std::vector<void*>& owners) {
    const MapperBase& owner = r.owner();
    const MapperBase& target = r.target();
    begin();
    if (r.kind() == RelationKind::many_to_one) {
        const ColumnBase& fk = *owner.columns()[r.fk_column()];
        auto& ids = identity_[&target];
        std::vector<db::Value> missing;
        std::unordered_set<Key, KeyHash> asked;
        for (void* o : owners) {
            Key k{fk.get(o)};
            if (!k[0].is_null() && !ids.contains(k) && asked.insert(k).second) missing.push_back(k[0]);
        }
        for (std::size_t at = 0; at < missing.size(); at += selectin_batch) {
            std::vector<db::Value> batch(missing.begin() + static_cast<std::ptrdiff_t>(at),
                                         missing.begin() + static_cast<std::ptrdiff_t>(std::min(missing.size(), at + selectin_batch)));
            auto stmt = render_in(engine_, entity_select(target), target.table_name(), key_column(target), batch);
            load(target, engine_.query(stmt.sql, stmt.params), 0, false);
        }
        for (void* o : owners) {
            Key k{fk.get(o)};
            auto it = ids.find(k);
            if (it == ids.end()) r.set_loaded(o, {});
            else r.set_loaded(o, {states_.at(it->second).object});
        }
        return;
    }
    // one_to_many and many_to_many: group the loaded targets by the owner key they came with.
    std::unordered_map<Key, std::vector<std::shared_ptr<void>>, KeyHash> by_owner;
    std::vector<db::Value> keys;
    keys.reserve(owners.size());
    for (void* o : owners) keys.push_back(owner.columns()[owner.primary_key().front()]->get(o));
    key_column(owner); // throws for a composite key before any query runs
    for (std::size_t at = 0; at < keys.size(); at += selectin_batch) {
        std::vector<db::Value> batch(keys.begin() + static_cast<std::ptrdiff_t>(at),
                                     keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), at + selectin_batch)));
        SelectCore s = entity_select(target);
        s.order_by.push_back(column_ref(target.table_name(), key_column(target)));
        std::size_t offset = 0, owner_col = 0;
        Rendered stmt;
        if (r.kind() == RelationKind::one_to_many) {
            owner_col = r.fk_column();
            stmt = render_in(engine_, s, target.table_name(), target.columns()[owner_col]->name(), batch);
        } else {
            s.columns.insert(s.columns.begin(), column_ref(r.association(), r.local_key()));
            s.joins.push_back({false, r.association(),
                               binary(" = ", k_compare, column_ref(r.association(), r.remote_key()),
                                      column_ref(target.table_name(), key_column(target)))});
            offset = 1;
            stmt = render_in(engine_, s, r.association(), r.local_key(), batch);
        }
        auto rows = engine_.query(stmt.sql, stmt.params);
        auto objs = load(target, rows, offset, false);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const db::Value& k = offset ? rows[i][0] : rows[i][owner_col];
            by_owner[Key{k}].push_back(objs[i]);
        }
    }
    for (std::size_t i = 0; i < owners.size(); ++i) {
        auto it = by_owner.find(Key{keys[i]});
        r.set_loaded(owners[i], it == by_owner.end() ? std::vector<std::shared_ptr<void>>{} : std::move(it->second));
    }
}

} // namespace detail
} // namespace migrate::orm
