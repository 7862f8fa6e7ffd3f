// The unit of work: flush writes pending, changed and removed objects and association rows in
// foreign-key order (parents inserted first, children deleted first).
#include <migrate/orm/detail/session_core.hpp>

#include <algorithm>
#include <functional>
#include <unordered_set>
#include <utility>

namespace migrate::orm::detail {

namespace {

// Mappers ordered so that a table comes after every table it references.
std::vector<const MapperBase*> dependency_order(std::vector<const MapperBase*> mappers) {
    std::sort(mappers.begin(), mappers.end(),
              [](const MapperBase* a, const MapperBase* b) { return a->table_name() < b->table_name(); });
    std::vector<const MapperBase*> out;
    std::unordered_set<const MapperBase*> done, visiting;
    std::function<void(const MapperBase*)> visit = [&](const MapperBase* m) {
        if (done.contains(m) || visiting.contains(m)) return; // a cycle: leave its order as found
        visiting.insert(m);
        for (auto& fk : m->table().foreign_keys)
            for (auto* other : mappers)
                if (other != m && other->table_name() == fk.ref_table) visit(other);
        for (auto& r : m->relationships())
            if (r->kind() == RelationKind::many_to_one && &r->target() != m) {
                if (std::find(mappers.begin(), mappers.end(), &r->target()) != mappers.end()) visit(&r->target());
            }
        visiting.erase(m);
        done.insert(m);
        out.push_back(m);
    };
    for (auto* m : mappers) visit(m);
    return out;
}

db::Value key_value(const MapperBase& m, const void* object) {
    return m.columns()[m.primary_key().front()]->get(object);
}

} // namespace

void SessionCore::begin() {
    if (!connection().in_transaction()) {
        connection().begin();
        owns_transaction_ = true;
    }
}

void SessionCore::add(std::shared_ptr<void> object, const MapperBase& m, bool made_here) {
    if (std::size_t i = made_here ? npos : state_of(object.get()); i != npos) {
        if (states_[i].status == Status::deleted) states_[i].status = Status::persistent;
        return;
    }
    attach(object.get(), m, false);
    pending_.push_back(new_state(std::move(object), store_for(m), Status::pending));
}

void SessionCore::remove(const void* object) {
    std::size_t i = state_of(object);
    if (i == npos) throw UsageError("remove() of an object that is not in this session");
    if (states_[i].status == Status::pending) expunge(i);
    else states_[i].status = Status::deleted;
}

std::vector<db::Row> SessionCore::query(const Rendered& statement) {
    if (autoflush) flush();
    begin();
    return connection().query(statement.sql, statement.params);
}

db::ExecResult SessionCore::execute(const Rendered& statement) {
    if (autoflush) flush();
    begin();
    return connection().execute(statement.sql, statement.params);
}

std::int64_t SessionCore::execute_many(const std::string& sql, const std::vector<db::Params>& rows) {
    if (autoflush) flush();
    begin();
    std::int64_t n = 0;
    for (auto& p : rows) n += connection().execute(sql, p).rows_affected;
    return n;
}

void SessionCore::insert_objects(const MapperBase& m, const std::vector<const void*>& objects) {
    if (objects.empty()) return;
    // Leave out the generated key when the first object does not set it: then the database does.
    auto skip = m.generated_key();
    if (skip && !m.columns()[*skip]->is_unset(objects.front())) skip.reset();
    SqlWriter out(engine_.dialect());
    std::vector<std::string> names;
    for (std::size_t i = 0; i < m.columns().size(); ++i)
        if (i != skip) names.push_back(m.columns()[i]->name());
    render_insert_columns(out, m.table_name(), names);
    std::vector<db::Params> rows;
    rows.reserve(objects.size());
    for (const void* o : objects) {
        db::Params p;
        p.reserve(names.size());
        for (std::size_t i = 0; i < m.columns().size(); ++i)
            if (i != skip) p.push_back(m.columns()[i]->get(o));
        rows.push_back(std::move(p));
    }
    execute_many(out.sql(), rows);
}

// One flush, in the order the foreign keys need. Bookkeeping happens as statements succeed; a
// failure rolls the whole transaction back (see recover_after_failure).
struct UnitOfWork {
    SessionCore& s;

    void sync_many_to_one(void* o, const MapperBase& m) {
        for (auto& r : m.relationships()) {
            if (r->kind() != RelationKind::many_to_one) continue;
            RelationState& st = r->state(o);
            if (!st.assigned) continue;
            auto targets = r->targets(o);
            const ColumnBase& fk = *m.columns()[r->fk_column()];
            if (targets.empty()) {
                fk.set(o, db::Value());
            } else {
                std::size_t t = s.state_of(targets.front().get());
                if (t == SessionCore::npos || s.states_[t].status == Status::pending)
                    throw UsageError("flush: " + m.table_name() + " refers to a " + r->target().table_name() +
                                     " that is not saved yet (a cycle between mapped tables?)");
                fk.set(o, key_value(r->target(), targets.front().get()));
            }
            st.assigned = false;
        }
    }

    void sync_one_to_many(void* o, const MapperBase& m) {
        for (auto& r : m.relationships()) {
            if (r->kind() != RelationKind::one_to_many) continue;
            RelationState& st = r->state(o);
            if (!st.loaded) continue;
            auto current = r->targets(o);
            if (current.empty() && st.snapshot.empty()) continue; // the common new, empty collection
            const ColumnBase& fk = *r->target().columns()[r->fk_column()];
            db::Value key = key_value(m, o);
            for (auto& old : st.snapshot) {
                bool kept = std::any_of(current.begin(), current.end(), [&](auto& c) { return c == old; });
                if (!kept && fk.schema().nullable && fk.get(old.get()) == key) fk.set(old.get(), db::Value());
            }
            for (auto& c : current) fk.set(c.get(), key);
            st.snapshot = std::move(current);
        }
    }

    // Whether a generated key comes back as RETURNING rows rather than the last insert id.
    bool returning() const { return !s.engine_.dialect().capabilities().last_insert_id_is_key; }

    // INSERT text per mapper and whether the key is generated: rendered once per session.
    const std::string& insert_sql(MapperStore& store, bool generate) {
        std::string& slot = store.insert_sql[generate ? 1 : 0];
        if (!slot.empty()) return slot;
        const MapperBase& m = *store.mapper;
        auto gen = m.generated_key();
        SqlWriter out(s.engine_.dialect());
        std::vector<std::string> names;
        for (std::size_t i = 0; i < m.columns().size(); ++i)
            if (!(generate && i == *gen)) names.push_back(m.columns()[i]->name());
        if (names.empty()) {
            out << "INSERT INTO ";
            out.identifier(m.table_name());
            out << " DEFAULT VALUES";
        } else {
            render_insert_columns(out, m.table_name(), names);
        }
        if (generate && returning()) {
            out << " RETURNING ";
            out.identifier(m.columns()[*gen]->name());
        }
        slot = std::move(out.sql());
        return slot;
    }

    void insert(std::size_t i) {
        ObjectState& st = s.states_[i];
        MapperStore& store = *st.store;
        const MapperBase& m = *store.mapper;
        const auto& cols = m.columns();
        void* o = st.object.get();
        auto gen = m.generated_key();
        bool generate = gen && cols[*gen]->is_unset(o);
        db::Params params;
        params.reserve(cols.size());
        for (std::size_t c = 0; c < cols.size(); ++c)
            if (!(generate && c == *gen)) params.push_back(cols[c]->get(o));
        const std::string& sql = insert_sql(store, generate);
        if (generate && returning()) {
            cols[*gen]->set(o, s.connection().query(sql, params).at(0)[0]);
        } else {
            auto result = s.connection().execute(sql, params);
            if (generate) cols[*gen]->set(o, db::Value(result.last_insert_id));
        }
        st.status = Status::persistent;
        st.inserted_in_tx = true;
        // The snapshot is what was written: the parameters, and the key as the object now holds it.
        if (generate) params.insert(params.begin() + static_cast<std::ptrdiff_t>(*gen), cols[*gen]->get(o));
        st.snapshot = std::move(params);
        if (!s.register_identity(i))
            throw UsageError("flush: two objects of " + m.table_name() + " have the same primary key");
    }

    void update(ObjectState& st) {
        const MapperBase& m = st.mapper();
        const auto& cols = m.columns();
        void* o = st.object.get();
        auto& snapshot = st.snapshot;
        std::vector<std::pair<std::size_t, db::Value>> changed;
        for (std::size_t c = 0; c < cols.size(); ++c)
            if (db::Value now = cols[c]->get(o); now != snapshot[c]) changed.emplace_back(c, std::move(now));
        if (changed.empty()) return;
        for (auto& [c, value] : changed)
            if (cols[c]->primary_key())
                throw UsageError("flush: the primary key of a loaded " + m.table_name() +
                                 " was changed; that is not supported");
        SqlWriter out(s.engine_.dialect());
        out << "UPDATE ";
        out.identifier(m.table_name());
        out << " SET ";
        for (std::size_t k = 0; k < changed.size(); ++k) {
            if (k) out << ", ";
            out.identifier(cols[changed[k].first]->name());
            out << " = ";
            out.bind(changed[k].second);
        }
        where_key(out, m, snapshot.data());
        s.connection().execute(out.sql(), out.params());
        for (auto& [c, value] : changed) snapshot[c] = std::move(value);
    }

    // WHERE on the primary key as `row` (an object's snapshot) holds it.
    void where_key(SqlWriter& out, const MapperBase& m, const db::Value* row) {
        out << " WHERE ";
        for (std::size_t i = 0; i < m.primary_key().size(); ++i) {
            std::size_t c = m.primary_key()[i];
            if (i) out << " AND ";
            out.identifier(m.columns()[c]->name());
            out << " = ";
            out.bind(row[c]);
        }
    }

    void association_row(const RelationshipBase& r, const db::Value& local, const db::Value& remote, bool add) {
        SqlWriter out(s.engine_.dialect());
        if (add) {
            render_insert_columns(out, r.association(), {r.local_key(), r.remote_key()});
            out.params() = {local, remote};
        } else {
            out << "DELETE FROM ";
            out.identifier(r.association());
            out << " WHERE ";
            out.identifier(r.local_key());
            out << " = ";
            out.bind(local);
            out << " AND ";
            out.identifier(r.remote_key());
            out << " = ";
            out.bind(remote);
        }
        s.connection().execute(out.sql(), out.params());
    }

    void sync_associations(void* o, const MapperBase& m) {
        for (auto& r : m.relationships()) {
            if (r->kind() != RelationKind::many_to_many) continue;
            RelationState& st = r->state(o);
            if (!st.loaded) continue;
            auto current = r->targets(o);
            db::Value local = key_value(m, o);
            for (auto& old : st.snapshot)
                if (std::find(current.begin(), current.end(), old) == current.end())
                    association_row(*r, local, key_value(r->target(), old.get()), false);
            for (auto& c : current)
                if (std::find(st.snapshot.begin(), st.snapshot.end(), c) == st.snapshot.end())
                    association_row(*r, local, key_value(r->target(), c.get()), true);
            st.snapshot = std::move(current);
        }
    }

    // Association rows naming a deleted object, on either side, go before the object.
    void delete_associations(const ObjectState& st, const std::vector<const MapperBase*>& mappers) {
        const MapperBase& deleted = st.mapper();
        for (auto* m : mappers)
            for (auto& r : m->relationships()) {
                if (r->kind() != RelationKind::many_to_many) continue;
                const std::string* column = m == &deleted ? &r->local_key()
                                            : &r->target() == &deleted ? &r->remote_key() : nullptr;
                if (!column) continue;
                SqlWriter out(s.engine_.dialect());
                out << "DELETE FROM ";
                out.identifier(r->association());
                out << " WHERE ";
                out.identifier(*column);
                out << " = ";
                out.bind(st.snapshot[deleted.primary_key().front()]);
                s.connection().execute(out.sql(), out.params());
            }
    }

    // Objects reachable from the session through loaded relationships join it (save cascade).
    void cascade() {
        std::vector<std::size_t> work;
        for (std::size_t i = 0; i < s.states_.size(); ++i)
            if (s.states_[i].object && s.states_[i].status != Status::deleted) work.push_back(i);
        for (std::size_t w = 0; w < work.size(); ++w) {
            void* o = s.states_[work[w]].object.get();
            const MapperBase& m = s.states_[work[w]].mapper();
            for (auto& r : m.relationships()) {
                if (!r->state(o).loaded) continue;
                for (auto& t : r->targets(o))
                    if (!s.contains(t.get())) {
                        s.add(t, r->target());
                        work.push_back(s.state_of(t.get()));
                    }
            }
        }
    }

    void run();
};

void UnitOfWork::run() {
    cascade();
    // State indices by mapped type (MapperStore::position); pending ones in add() order.
    std::size_t n = s.stores_.size();
    std::vector<std::vector<std::size_t>> pending(n), persistent(n), deleted(n);
    for (std::size_t i : s.pending_) pending[s.states_[i].store->position].push_back(i);
    for (std::size_t i = 0; i < s.states_.size(); ++i) {
        const ObjectState& st = s.states_[i];
        if (!st.object) continue;
        if (st.status == Status::persistent) persistent[st.store->position].push_back(i);
        if (st.status == Status::deleted) deleted[st.store->position].push_back(i);
    }
    std::vector<const MapperBase*> mappers;
    for (auto& store : s.stores_) {
        std::size_t k = store->position;
        if (!pending[k].empty() || !persistent[k].empty() || !deleted[k].empty()) mappers.push_back(store->mapper);
    }
    if (mappers.empty()) return;
    auto order = dependency_order(mappers);
    s.begin();
    // Children come later in the order: each parent gives them its key before they are written.
    // One pass per object, while it is in cache.
    for (const MapperBase* m : order) {
        std::size_t k = s.store_for(*m).position;
        for (std::size_t i : pending[k]) {
            void* o = s.states_[i].object.get();
            sync_many_to_one(o, *m);
            insert(i);
            sync_one_to_many(o, *m);
        }
        for (std::size_t i : persistent[k]) {
            void* o = s.states_[i].object.get();
            sync_many_to_one(o, *m);
            update(s.states_[i]);
            sync_one_to_many(o, *m);
        }
    }
    for (const MapperBase* m : order) {
        std::size_t k = s.store_for(*m).position;
        for (std::size_t i : pending[k]) sync_associations(s.states_[i].object.get(), *m);
        for (std::size_t i : persistent[k]) sync_associations(s.states_[i].object.get(), *m);
    }
    s.pending_.clear();
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        MapperStore& store = s.store_for(**it);
        for (std::size_t i : deleted[store.position]) {
            ObjectState& st = s.states_[i];
            delete_associations(st, order);
            SqlWriter out(s.engine_.dialect());
            out << "DELETE FROM ";
            out.identifier((*it)->table_name());
            where_key(out, **it, st.snapshot.data());
            s.connection().execute(out.sql(), out.params());
            store.with_key(st.snapshot.data(), [&](KeyView key) { store.identity.erase(key); });
            s.deleted_in_tx_.push_back(s.take_state(i));
        }
    }
}

void SessionCore::flush() {
    try {
        UnitOfWork{*this}.run();
    } catch (...) {
        recover_after_failure();
        throw;
    }
}

} // namespace migrate::orm::detail
