// The end of a Session's transaction: commit, and rollback that expunges what the transaction
// created, restores what it deleted and reads every loaded object again; refresh.
#include <migrate/orm/detail/session_core.hpp>

#include <unordered_set>

namespace migrate::orm::detail {

void SessionCore::commit() {
    flush();
    if (owns_transaction_ && engine_.connection().in_transaction()) engine_.connection().commit();
    owns_transaction_ = false;
    for (auto& [addr, st] : states_) st.inserted_in_tx = false;
    deleted_in_tx_.clear();
}

void SessionCore::recover_after_failure() {
    try {
        rollback();
    } catch (...) {
        // The original error is what the caller needs to see.
    }
}

void SessionCore::close() {
    if (owns_transaction_ && engine_.connection().in_transaction()) engine_.connection().rollback();
    owns_transaction_ = false;
}

void SessionCore::rollback() {
    close();
    // Objects the transaction created or never saved leave the session, without their generated keys.
    std::vector<const void*> gone = pending_;
    for (auto& [addr, st] : states_)
        if (st.inserted_in_tx) gone.push_back(addr);
    for (const void* addr : gone) {
        auto it = states_.find(addr);
        if (it == states_.end()) continue;
        if (auto g = it->second.mapper->generated_key(); g && it->second.inserted_in_tx)
            it->second.mapper->columns()[*g]->set(it->second.object.get(), db::Value());
        expunge(addr);
    }
    // Objects deleted by the transaction come back; then everything loaded is read again.
    for (auto& st : deleted_in_tx_) register_persistent(st.object, *st.mapper, st.key);
    deleted_in_tx_.clear();
    std::unordered_map<const MapperBase*, std::vector<void*>> by_mapper;
    for (auto& [addr, st] : states_) {
        st.status = Status::persistent;
        by_mapper[st.mapper].push_back(st.object.get());
    }
    for (auto& [m, objects] : by_mapper) refresh_all(*m, objects);
}

void SessionCore::refresh(const void* object) {
    auto it = states_.find(object);
    if (it == states_.end() || it->second.status == Status::pending)
        throw UsageError("refresh() of an object that is not loaded in this session");
    refresh_all(*it->second.mapper, {it->second.object.get()});
}

// Reads these objects again (one query per batch); those whose rows are gone leave the session.
void SessionCore::refresh_all(const MapperBase& m, const std::vector<void*>& objects) {
    std::unordered_set<const void*> seen;
    std::vector<db::Value> keys;
    for (void* o : objects) keys.push_back(states_.at(o).key.front());
    if (m.primary_key().size() != 1) throw NotSupported("refresh of " + m.table_name() + " (composite key)");
    begin();
    for (std::size_t at = 0; at < keys.size(); at += selectin_batch) {
        std::vector<db::Value> batch(keys.begin() + static_cast<std::ptrdiff_t>(at),
                                     keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), at + selectin_batch)));
        SelectCore sel;
        sel.from = m.table_name();
        for (auto& c : m.columns()) sel.columns.push_back(column_ref(m.table_name(), c->name()));
        auto stmt = render_in(engine_, sel, m.table_name(), m.columns()[m.primary_key().front()]->name(), batch);
        for (auto& o : load(m, engine_.query(stmt.sql, stmt.params), 0, true)) seen.insert(o.get());
    }
    for (void* o : objects)
        if (!seen.contains(o)) expunge(o);
}

} // namespace migrate::orm::detail
