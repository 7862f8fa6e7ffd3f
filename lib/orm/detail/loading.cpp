// Loading: rows into objects through the identity map, get() by key, entity selects, and the
// relationship loaders (lazy = the same loader for one owner; selectin = all owners, batched).
#include <migrate/orm/detail/session_core.hpp>

#include <algorithm>

namespace migrate::orm {

void detail::RelationState::ensure_loaded() {
    if (loaded) return;
    auto core = session.lock();
    if (!core) throw Error("a relationship was read after its Session was closed; load it while the session lives");
    core->load_relationship(*relationship, {owner});
}

namespace detail {

namespace {
const std::string& key_column(const MapperBase& m) {
    if (m.primary_key().size() != 1)
        throw NotSupported("loading relationships of " + m.table_name() + " needs a single-column primary key");
    return m.columns()[m.primary_key().front()]->name();
}

// Room for `more` elements, growing geometrically: loads of a row or two must not reallocate each time.
template <class V> void reserve_more(V& v, std::size_t more) {
    if (v.capacity() - v.size() < more) v.reserve(std::max(v.size() + more, 2 * v.capacity()));
}

// The mapped columns' values of `row` (those from `offset` on) become `snapshot`: the row's own
// vector when it holds nothing else, so loading allocates no snapshot of its own.
void take_snapshot(std::vector<db::Value>& snapshot, db::Row& row, std::size_t offset, std::size_t width) {
    auto& values = row.values();
    if (offset == 0 && values.size() == width) {
        snapshot = std::move(values);
    } else {
        auto first = values.begin() + static_cast<std::ptrdiff_t>(offset);
        snapshot.assign(std::make_move_iterator(first), std::make_move_iterator(first + static_cast<std::ptrdiff_t>(width)));
    }
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

std::vector<std::size_t> SessionCore::load(MapperStore& store, std::vector<db::Row>& rows, std::size_t offset,
                                         bool refresh) {
    const MapperBase& m = *store.mapper;
    const auto& cols = m.columns();
    std::vector<std::size_t> out;
    out.reserve(rows.size());
    reserve_more(unindexed_, rows.size());
    store.identity.reserve(store.identity.size() + rows.size());
    for (db::Row& row : rows) {
        db::Value* values = row.values().data() + offset;
        std::size_t i = store.with_key(values, [&](KeyView key) { return store.identity.find(key); });
        if (i != npos) {
            if (refresh) {
                void* obj = states_[i].object.get();
                for (std::size_t c = 0; c < cols.size(); ++c) cols[c]->set(obj, values[c]);
                take_snapshot(states_[i].snapshot, row, offset, cols.size());
                attach(obj, m, true);
            }
            out.push_back(i);
            continue;
        }
        std::shared_ptr<void> obj = m.create();
        for (std::size_t c = 0; c < cols.size(); ++c) cols[c]->set(obj.get(), values[c]);
        attach(obj.get(), m, true);
        i = new_state(std::move(obj), store, Status::persistent);
        take_snapshot(states_[i].snapshot, row, offset, cols.size());
        register_identity(i);
        out.push_back(i);
    }
    return out;
}

std::shared_ptr<void> SessionCore::get(const MapperBase& m, const Key& key) {
    if (key.size() != m.primary_key().size())
        throw UsageError("get() on " + m.table_name() + " needs " + std::to_string(m.primary_key().size()) +
                         " key value(s), got " + std::to_string(key.size()));
    MapperStore& store = store_for(m);
    if (std::size_t i = store.identity.find(key); i != npos) return states_[i].object;
    SelectCore s = entity_select(m);
    for (std::size_t i = 0; i < key.size(); ++i) {
        s.add_where(binary(" = ", k_compare, column_ref(m.table_name(), m.columns()[m.primary_key()[i]]->name()),
                           bound(key[i])));
    }
    SqlWriter out(engine_.dialect());
    s.render(out);
    begin();
    auto rows = connection().query(out.sql(), out.params());
    auto loaded = load(store, rows, 0, false);
    return loaded.empty() ? nullptr : states_[loaded.front()].object;
}

std::vector<std::shared_ptr<void>> SessionCore::select_objects(const SelectCore& select) {
    SqlWriter out(engine_.dialect());
    select.render(out);
    auto rows = query({std::move(out.sql()), std::move(out.params())});
    auto loaded = load(store_for(*select.entity), rows, 0, false);
    std::vector<std::shared_ptr<void>> objs;
    objs.reserve(loaded.size());
    FlatIndex seen; // a join to many repeats the entity: keep the first of each
    for (std::size_t i : loaded)
        if (select.joins.empty() || seen.insert(i, objs.size()) == objs.size()) objs.push_back(states_[i].object);
    for (const LoadOption& option : select.loads) {
        // Raw pointers suffice: every object of a level is held by the session or by its owner.
        std::vector<void*> level;
        level.reserve(objs.size());
        for (auto& o : objs) level.push_back(o.get());
        for (std::size_t p = 0; p < option.path.size(); ++p) {
            const RelationshipBase* r = option.path[p];
            std::vector<void*> owners;
            for (void* o : level)
                if (!r->state(o).loaded) owners.push_back(o);
            if (!owners.empty()) load_relationship(*r, owners);
            if (p + 1 == option.path.size()) break;
            std::vector<void*> next;
            FlatIndex reached;
            for (void* o : level)
                for (auto& t : r->targets(o))
                    if (reached.insert(address(t.get()), next.size()) == next.size()) next.push_back(t.get());
            level = std::move(next);
        }
    }
    return objs;
}

void SessionCore::load_relationship(const RelationshipBase& r, const std::vector<void*>& owners) {
    const MapperBase& owner = r.owner();
    const MapperBase& target = r.target();
    MapperStore& targets = store_for(target);
    begin();
    if (r.kind() == RelationKind::many_to_one) {
        const ColumnBase& fk = *owner.columns()[r.fk_column()];
        std::vector<db::Value> missing;
        KeyIndex asked;
        for (void* o : owners) {
            db::Value k = fk.get(o);
            KeyView key(&k, 1);
            if (!k.is_null() && targets.identity.find(key) == npos && asked.insert(key, missing.size()) == missing.size())
                missing.push_back(std::move(k));
        }
        for (std::size_t at = 0; at < missing.size(); at += selectin_batch) {
            std::vector<db::Value> batch(missing.begin() + static_cast<std::ptrdiff_t>(at),
                                         missing.begin() + static_cast<std::ptrdiff_t>(std::min(missing.size(), at + selectin_batch)));
            auto stmt = render_in(engine_, entity_select(target), target.table_name(), key_column(target), batch);
            auto rows = connection().query(stmt.sql, stmt.params);
            load(targets, rows, 0, false);
        }
        for (void* o : owners) {
            db::Value k = fk.get(o);
            std::size_t i = k.is_null() ? npos : targets.identity.find(KeyView(&k, 1));
            if (i == npos) r.set_loaded(o, {});
            else r.set_loaded(o, {states_[i].object});
        }
        return;
    }
    // one_to_many and many_to_many: group the loaded targets by the owner key they came with.
    std::vector<db::Value> keys;
    keys.reserve(owners.size());
    for (void* o : owners) keys.push_back(owner.columns()[owner.primary_key().front()]->get(o));
    key_column(owner); // throws for a composite key before any query runs
    KeyIndex owner_at;
    for (std::size_t i = 0; i < keys.size(); ++i) owner_at.insert(KeyView(&keys[i], 1), i);
    std::vector<std::vector<std::shared_ptr<void>>> found(owners.size());
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
        auto rows = connection().query(stmt.sql, stmt.params);
        // Owners first: load() moves the column values out of the rows.
        std::vector<std::size_t> owner_of;
        owner_of.reserve(rows.size());
        for (auto& row : rows) owner_of.push_back(owner_at.find(KeyView(&row[offset ? 0 : owner_col], 1)));
        auto loaded = load(targets, rows, offset, false);
        for (std::size_t j = 0; j < loaded.size(); ++j)
            if (owner_of[j] != npos) found[owner_of[j]].push_back(states_[loaded[j]].object);
    }
    for (std::size_t i = 0; i < owners.size(); ++i) r.set_loaded(owners[i], std::move(found[i]));
}

} // namespace detail
} // namespace migrate::orm
