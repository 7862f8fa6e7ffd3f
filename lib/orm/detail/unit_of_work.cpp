// The unit of work: flush writes pending, changed and removed objects and association rows in
// foreign-key order (parents inserted first, children deleted first).
#include <migrate/orm/detail/session_core.hpp>

#include <algorithm>
#include <functional>
#include <unordered_set>

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
    if (!engine_.connection().in_transaction()) {
        engine_.connection().begin();
        owns_transaction_ = true;
    }
}

void SessionCore::add(std::shared_ptr<void> object, const MapperBase& m) {
    const void* addr = object.get();
    if (auto it = states_.find(addr); it != states_.end()) {
        if (it->second.status == Status::deleted) it->second.status = Status::persistent;
        return;
    }
    ObjectState& st = states_[addr];
    st.object = std::move(object);
    st.mapper = &m;
    st.status = Status::pending;
    attach(st.object.get(), m, false);
    pending_.push_back(addr);
}

void SessionCore::remove(const void* object) {
    auto it = states_.find(object);
    if (it == states_.end()) throw UsageError("remove() of an object that is not in this session");
    if (it->second.status == Status::pending) expunge(object);
    else it->second.status = Status::deleted;
}

bool SessionCore::contains(const void* object) const { return states_.contains(object); }

void SessionCore::expunge(const void* object) {
    auto it = states_.find(object);
    if (it == states_.end()) return;
    ObjectState& st = it->second;
    if (st.status != Status::pending) identity_[st.mapper].erase(st.key);
    std::erase(pending_, object);
    for (auto& r : st.mapper->relationships()) r->state(st.object.get()).session.reset();
    states_.erase(it);
}

std::vector<db::Row> SessionCore::query(const Rendered& statement) {
    if (autoflush) flush();
    begin();
    return engine_.query(statement.sql, statement.params);
}

db::ExecResult SessionCore::execute(const Rendered& statement) {
    if (autoflush) flush();
    begin();
    return engine_.execute(statement.sql, statement.params);
}

std::int64_t SessionCore::execute_many(const std::string& sql, const std::vector<db::Params>& rows) {
    if (autoflush) flush();
    begin();
    std::int64_t n = 0;
    for (auto& p : rows) n += engine_.execute(sql, p).rows_affected;
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
                auto it = s.states_.find(targets.front().get());
                if (it == s.states_.end() || it->second.status == Status::pending)
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
            const MapperBase& child = r->target();
            const ColumnBase& fk = *child.columns()[r->fk_column()];
            db::Value key = key_value(m, o);
            auto current = r->targets(o);
            for (auto& old : st.snapshot) {
                bool kept = std::any_of(current.begin(), current.end(), [&](auto& c) { return c == old; });
                if (!kept && fk.schema().nullable && fk.get(old.get()) == key) fk.set(old.get(), db::Value());
            }
            for (auto& c : current) fk.set(c.get(), key);
            st.snapshot = std::move(current);
        }
    }

    // INSERT text per (mapper, whether the key is generated): rendered once per flush.
    std::unordered_map<const MapperBase*, std::string> insert_sql_[2];

    const std::string& insert_sql(const MapperBase& m, bool generate) {
        auto& slot = insert_sql_[generate ? 1 : 0][&m];
        if (!slot.empty()) return slot;
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
        if (generate) {
            out << " RETURNING ";
            out.identifier(m.columns()[*gen]->name());
        }
        slot = std::move(out.sql());
        return slot;
    }

    void insert(const void* addr, ObjectState& st) {
        const MapperBase& m = *st.mapper;
        void* o = st.object.get();
        auto gen = m.generated_key();
        bool generate = gen && m.columns()[*gen]->is_unset(o);
        db::Params params;
        params.reserve(m.columns().size());
        for (std::size_t i = 0; i < m.columns().size(); ++i)
            if (!(generate && i == *gen)) params.push_back(m.columns()[i]->get(o));
        const std::string& sql = insert_sql(m, generate);
        if (generate) {
            auto rows = s.engine_.query(sql, params);
            m.columns()[*gen]->set(o, rows.at(0)[0]);
        } else {
            s.engine_.execute(sql, params);
        }
        st.status = Status::persistent;
        st.inserted_in_tx = true;
        st.key = s.key_of(m, o);
        st.snapshot = s.values_of(m, o);
        if (!s.identity_[&m].emplace(st.key, addr).second)
            throw UsageError("flush: two objects of " + m.table_name() + " have the same primary key");
    }

    void update(ObjectState& st) {
        const MapperBase& m = *st.mapper;
        void* o = st.object.get();
        auto now = s.values_of(m, o);
        if (now == st.snapshot) return;
        if (s.key_of(m, o) != st.key)
            throw UsageError("flush: the primary key of a loaded " + m.table_name() + " was changed; that is not supported");
        SqlWriter out(s.engine_.dialect());
        out << "UPDATE ";
        out.identifier(m.table_name());
        out << " SET ";
        bool first = true;
        for (std::size_t i = 0; i < now.size(); ++i) {
            if (now[i] == st.snapshot[i]) continue;
            if (!first) out << ", ";
            first = false;
            out.identifier(m.columns()[i]->name());
            out << " = ";
            out.bind(now[i]);
        }
        where_key(out, m, st.key);
        s.engine_.execute(out.sql(), out.params());
        st.snapshot = std::move(now);
    }

    void where_key(SqlWriter& out, const MapperBase& m, const Key& key) {
        out << " WHERE ";
        for (std::size_t i = 0; i < key.size(); ++i) {
            if (i) out << " AND ";
            out.identifier(m.columns()[m.primary_key()[i]]->name());
            out << " = ";
            out.bind(key[i]);
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
        s.engine_.execute(out.sql(), out.params());
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
        for (auto* m : mappers)
            for (auto& r : m->relationships()) {
                if (r->kind() != RelationKind::many_to_many) continue;
                const std::string* column = m == st.mapper ? &r->local_key()
                                            : &r->target() == st.mapper ? &r->remote_key() : nullptr;
                if (!column) continue;
                SqlWriter out(s.engine_.dialect());
                out << "DELETE FROM ";
                out.identifier(r->association());
                out << " WHERE ";
                out.identifier(*column);
                out << " = ";
                out.bind(st.key.front());
                s.engine_.execute(out.sql(), out.params());
            }
    }

    void run();
};

void UnitOfWork::run() {
    // Objects reachable from the session through loaded relationships join it (save cascade).
    std::vector<const void*> work;
    work.reserve(s.states_.size());
    for (auto& [addr, st] : s.states_) work.push_back(addr);
    for (std::size_t i = 0; i < work.size(); ++i) {
        ObjectState& st = s.states_.at(work[i]);
        if (st.status == Status::deleted) continue;
        for (auto& r : st.mapper->relationships()) {
            if (!r->state(st.object.get()).loaded) continue;
            for (auto& t : r->targets(st.object.get()))
                if (!s.states_.contains(t.get())) {
                    s.add(t, r->target());
                    work.push_back(t.get());
                }
        }
    }
    std::unordered_map<const MapperBase*, std::vector<const void*>> persistent, deleted;
    std::vector<const MapperBase*> mappers;
    for (auto& [addr, st] : s.states_) {
        if (std::find(mappers.begin(), mappers.end(), st.mapper) == mappers.end()) mappers.push_back(st.mapper);
        if (st.status == Status::persistent) persistent[st.mapper].push_back(addr);
        if (st.status == Status::deleted) deleted[st.mapper].push_back(addr);
    }
    if (s.pending_.empty() && deleted.empty() && persistent.empty()) return;
    auto order = dependency_order(mappers);
    s.begin();
    for (const MapperBase* m : order) {
        for (const void* addr : s.pending_) {
            ObjectState& st = s.states_.at(addr);
            if (st.mapper != m) continue;
            sync_many_to_one(st.object.get(), *m);
            insert(addr, st);
        }
        for (const void* addr : persistent[m]) {
            ObjectState& st = s.states_.at(addr);
            sync_many_to_one(st.object.get(), *m);
            update(st);
        }
        // Children come later in the order: give them this parent's key before they are written.
        for (const void* addr : s.pending_)
            if (s.states_.at(addr).mapper == m) sync_one_to_many(s.states_.at(addr).object.get(), *m);
        for (const void* addr : persistent[m]) sync_one_to_many(s.states_.at(addr).object.get(), *m);
    }
    for (const MapperBase* m : order) {
        for (const void* addr : s.pending_) {
            if (s.states_.at(addr).mapper == m) sync_associations(s.states_.at(addr).object.get(), *m);
        }
        for (const void* addr : persistent[m]) sync_associations(s.states_.at(addr).object.get(), *m);
    }
    s.pending_.clear();
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        for (const void* addr : deleted[*it]) {
            ObjectState& st = s.states_.at(addr);
            delete_associations(st, order);
            SqlWriter out(s.engine_.dialect());
            out << "DELETE FROM ";
            out.identifier((*it)->table_name());
            where_key(out, **it, st.key);
            s.engine_.execute(out.sql(), out.params());
            s.identity_[st.mapper].erase(st.key);
            s.deleted_in_tx_.push_back(std::move(st));
            s.states_.erase(addr);
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
