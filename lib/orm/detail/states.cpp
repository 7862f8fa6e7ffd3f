// The Session's bookkeeping: entries of states_ indexed by object address, one MapperStore per
// mapped type, identities.
#include <migrate/orm/detail/session_core.hpp>

#include <algorithm>

namespace migrate::orm::detail {

MapperStore& SessionCore::store_for(const MapperBase& m) {
    for (auto& store : stores_)
        if (store->mapper == &m) return *store;
    return *stores_.emplace_back(std::make_unique<MapperStore>(m, stores_.size()));
}

std::size_t SessionCore::new_state(std::shared_ptr<void> object, MapperStore& store, Status status) {
    std::size_t i = states_.size();
    if (free_states_.empty()) {
        states_.emplace_back();
    } else {
        i = free_states_.back();
        free_states_.pop_back();
    }
    unindexed_.push_back(i);
    states_[i] = ObjectState{.object = std::move(object), .store = &store, .status = status};
    return i;
}

void SessionCore::index_addresses() {
    // An entry freed since (or freed and reused) is skipped or already indexed.
    for (std::size_t i : unindexed_)
        if (states_[i].object) by_address_.insert(address(states_[i].object.get()), i);
    unindexed_.clear();
}

ObjectState SessionCore::take_state(std::size_t i) {
    ObjectState st = std::move(states_[i]);
    states_[i] = ObjectState{};
    by_address_.erase(address(st.object.get()));
    free_states_.push_back(i);
    return st;
}

bool SessionCore::register_identity(std::size_t i) {
    MapperStore& store = *states_[i].store;
    return store.with_key(states_[i].snapshot.data(), [&](KeyView key) { return store.identity.insert(key, i) == i; });
}

void SessionCore::expunge(std::size_t i) {
    if (!states_[i].object) return;
    ObjectState st = take_state(i);
    MapperStore& store = *st.store;
    if (st.status == Status::pending) {
        std::erase(pending_, i);
    } else {
        store.with_key(st.snapshot.data(), [&](KeyView key) { store.identity.erase(key); });
    }
    for (auto& r : store.mapper->relationships()) r->state(st.object.get()).session.reset();
}

} // namespace migrate::orm::detail
