// The unit of work: flush writes pending, changed and removed objects and association rows in
// foreign-key order (parents inserted first, children deleted first).
#include <migrate/orm/detail/unit_of_work.hpp>

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

// A relationship from a mapped type to itself (a parent row of the same table).
bool refers_to_itself(const MapperBase& m) {
    return std::any_of(m.relationships().begin(), m.relationships().end(),
                       [&](const auto& r) { return r->kind() != RelationKind::many_to_many && &r->target() == &m; });
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
    for (std::int64_t count : connection().execute_many(sql, rows)) n += count;
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

void UnitOfWork::sync_many_to_one(void* o, const MapperBase& m) {
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

void UnitOfWork::sync_one_to_many(void* o, const MapperBase& m) {
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

void UnitOfWork::sync_associations(void* o, const MapperBase& m) {
    for (auto& r : m.relationships()) {
        if (r->kind() != RelationKind::many_to_many) continue;
        RelationState& st = r->state(o);
        if (!st.loaded) continue;
        auto current = r->targets(o);
        db::Value local = key_value(m, o);
        AssociationRows* rows = nullptr;
        auto rows_of = [&]() -> AssociationRows& {
            if (!rows) {
                auto it = std::find_if(associations.begin(), associations.end(),
                                       [&](const AssociationRows& a) { return a.relationship == r.get(); });
                rows = it != associations.end() ? &*it : &associations.emplace_back(AssociationRows{r.get(), {}, {}});
            }
            return *rows;
        };
        for (auto& old : st.snapshot)
            if (std::find(current.begin(), current.end(), old) == current.end())
                rows_of().remove.push_back({local, key_value(r->target(), old.get())});
        for (auto& c : current)
            if (std::find(st.snapshot.begin(), st.snapshot.end(), c) == st.snapshot.end())
                rows_of().add.push_back({local, key_value(r->target(), c.get())});
        st.snapshot = std::move(current);
    }
}

// Objects reachable from the session through loaded relationships join it (save cascade).
void UnitOfWork::cascade() {
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
    // Children come later in the order: their parents are written, and have given them their
    // keys, before their own batches are built.
    for (const MapperBase* m : order) {
        MapperStore& store = s.store_for(*m);
        const auto& added = pending[store.position];
        const auto& loaded = persistent[store.position];
        if (refers_to_itself(*m)) {
            // A row may need the key of another row of its own batch: one object at a time, in
            // add() order, as a parent added before its children needs.
            for (const auto* states : {&added, &loaded})
                for (std::size_t i : *states) {
                    void* o = s.states_[i].object.get();
                    sync_many_to_one(o, *m);
                    if (states == &added) insert_objects(store, {i});
                    else update_objects(store, {i});
                    sync_one_to_many(o, *m);
                }
            continue;
        }
        for (std::size_t i : added) sync_many_to_one(s.states_[i].object.get(), *m);
        insert_objects(store, added);
        for (std::size_t i : loaded) sync_many_to_one(s.states_[i].object.get(), *m);
        update_objects(store, loaded);
        for (const auto* states : {&added, &loaded})
            for (std::size_t i : *states) sync_one_to_many(s.states_[i].object.get(), *m);
    }
    for (const MapperBase* m : order) {
        std::size_t k = s.store_for(*m).position;
        for (std::size_t i : pending[k]) sync_associations(s.states_[i].object.get(), *m);
        for (std::size_t i : persistent[k]) sync_associations(s.states_[i].object.get(), *m);
    }
    write_associations();
    s.pending_.clear();
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        MapperStore& store = s.store_for(**it);
        delete_objects(store, deleted[store.position], order);
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
