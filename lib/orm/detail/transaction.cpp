// The end of a Session's transaction: commit, and rollback that expunges what the transaction
// created, restores what it deleted and reads every loaded object again; refresh.
#include <migrate/orm/detail/session_core.hpp>

#include <algorithm>

namespace migrate::orm::detail {

Connection& SessionCore::connection() {
    if (!conn_) conn_.emplace(engine_.connect(echo_to_));
    return *conn_;
}

void SessionCore::return_connection() {
    if (!conn_) return;
    statements_ += conn_->statements();
    conn_.reset(); // the pool rolls back a transaction this session did not own and left open
}

void SessionCore::commit() {
    flush();
    if (owns_transaction_ && connection().in_transaction()) connection().commit();
    owns_transaction_ = false;
    return_connection();
    for (std::size_t i = 0; i < states_.size(); ++i) states_[i].inserted_in_tx = false;
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
    if (owns_transaction_ && conn_ && conn_->in_transaction()) conn_->rollback();
    owns_transaction_ = false;
    return_connection();
}

void SessionCore::rollback() {
    close();
    // Objects the transaction created or never saved leave the session, without their generated keys.
    std::vector<std::size_t> gone = std::move(pending_);
    pending_.clear();
    for (std::size_t i = 0; i < states_.size(); ++i)
        if (states_[i].object && states_[i].inserted_in_tx) gone.push_back(i);
    for (std::size_t i : gone) {
        const ObjectState& st = states_[i];
        if (!st.object) continue; // listed twice: pending, and inserted before a flush failed
        if (auto g = st.mapper().generated_key(); g && st.inserted_in_tx)
            st.mapper().columns()[*g]->set(st.object.get(), db::Value());
        expunge(i);
    }
    // Objects deleted by the transaction come back with their snapshots; then everything loaded is read again.
    for (auto& st : deleted_in_tx_) {
        if (contains(st.object.get())) continue; // added again since: the session holds it already
        std::size_t i = new_state(std::move(st.object), *st.store, Status::persistent);
        states_[i].snapshot = std::move(st.snapshot);
        register_identity(i);
    }
    deleted_in_tx_.clear();
    std::vector<std::vector<std::size_t>> by_store(stores_.size());
    for (std::size_t i = 0; i < states_.size(); ++i) {
        if (!states_[i].object) continue;
        states_[i].status = Status::persistent;
        by_store[states_[i].store->position].push_back(i);
    }
    for (std::size_t k = 0; k < stores_.size(); ++k)
        if (!by_store[k].empty()) refresh_all(*stores_[k], by_store[k]);
    close(); // the reads above were a transaction of their own: give the connection back
}

void SessionCore::refresh(const void* object) {
    std::size_t i = state_of(object);
    if (i == npos || states_[i].status == Status::pending)
        throw UsageError("refresh() of an object that is not loaded in this session");
    refresh_all(*states_[i].store, {i});
}

// Reads these objects again (one query per batch); those whose rows are gone leave the session.
void SessionCore::refresh_all(MapperStore& store, const std::vector<std::size_t>& states) {
    const MapperBase& m = *store.mapper;
    if (m.primary_key().size() != 1) throw NotSupported("refresh of " + m.table_name() + " (composite key)");
    std::size_t key_column = m.primary_key().front();
    std::vector<db::Value> keys;
    keys.reserve(states.size());
    for (std::size_t i : states) keys.push_back(states_[i].snapshot[key_column]);
    begin();
    std::vector<std::size_t> seen;
    for (std::size_t at = 0; at < keys.size(); at += selectin_batch) {
        std::vector<db::Value> batch(keys.begin() + static_cast<std::ptrdiff_t>(at),
                                     keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), at + selectin_batch)));
        SelectCore sel;
        sel.from = m.table_name();
        for (auto& c : m.columns()) sel.columns.push_back(column_ref(m.table_name(), c->name()));
        auto stmt = render_in(engine_, sel, m.table_name(), m.columns()[key_column]->name(), batch);
        auto rows = connection().query(stmt.sql, stmt.params);
        auto loaded = load(store, rows, 0, true);
        seen.insert(seen.end(), loaded.begin(), loaded.end());
    }
    std::vector<bool> found(states_.size());
    for (std::size_t i : seen) found[i] = true;
    for (std::size_t i : states)
        if (!found[i]) expunge(i);
}

} // namespace migrate::orm::detail
