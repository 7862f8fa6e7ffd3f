// What a closing Session leaves behind. Relationship members hold their targets strongly, so a
// loaded pair such as Author::books and Book::author is a reference cycle that shared_ptr alone
// never frees. When the session closes it finds the objects that nothing outside the object
// graph still holds (trial deletion, as a cycle collector does) and empties their relationship
// members; objects the program still holds, and everything they reach, keep their links.
#include <migrate/orm/detail/session_core.hpp>

namespace migrate::orm::detail {

namespace {

struct GraphNode {
    const MapperBase* mapper = nullptr; // null: a free state
    long internal = 1;                  // references from inside the graph: the holder's and members'
    bool links = false;                 // some relationship member holds a target
    bool reachable = false;
};

} // namespace

void SessionCore::release_graph() {
    // Node i < states_.size() is state i, whose reference to its object is the graph's own; the
    // objects deleted in the transaction or reached only through members follow, held by
    // `others`. state_of() finds both: by_address_ indexes the others too, from here on.
    const std::size_t session_objects = states_.size();
    std::vector<GraphNode> nodes(session_objects);
    std::vector<std::shared_ptr<void>> others;
    for (std::size_t i = 0; i < session_objects; ++i)
        if (states_[i].object) nodes[i].mapper = &states_[i].mapper();
    auto object_at = [&](std::size_t i) { return i < session_objects ? states_[i].object.get() : others[i - session_objects].get(); };
    auto visit = [&](std::shared_ptr<void> object, const MapperBase& mapper) -> GraphNode& {
        std::size_t i = state_of(object.get());
        if (i == npos) {
            i = nodes.size();
            by_address_.insert(address(object.get()), i);
            nodes.push_back({&mapper});
            others.push_back(std::move(object));
        }
        return nodes[i];
    };
    for (auto& st : deleted_in_tx_) visit(std::move(st.object), st.mapper());
    deleted_in_tx_.clear();
    // The closure over relationship members (nodes appended as they are reached); snapshots
    // only served this session's flushes, and would count as references. An object only its
    // state holds, with no targets of its own, is in no cycle: it is freed here, while in cache.
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (!nodes[i].mapper) continue;
        void* object = object_at(i);
        for (auto& r : nodes[i].mapper->relationships()) {
            r->state(object).snapshot.clear();
            for (auto& target : r->targets(object)) {
                nodes[i].links = true;
                visit(std::move(target), r->target()).internal += 1;
            }
        }
        if (!nodes[i].links && i < session_objects && states_[i].object.use_count() == 1) {
            states_[i].object.reset();
            nodes[i].mapper = nullptr;
        }
    }

    // Objects held from outside, and whatever their members reach, stay linked.
    std::vector<std::size_t> stack;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (!nodes[i].mapper) continue;
        long count = i < session_objects ? states_[i].object.use_count() : others[i - session_objects].use_count();
        if (count > nodes[i].internal) stack.push_back(i);
    }
    while (!stack.empty()) {
        GraphNode& node = nodes[stack.back()];
        void* object = object_at(stack.back());
        stack.pop_back();
        if (node.reachable) continue;
        node.reachable = true;
        if (!node.links) continue;
        for (auto& r : node.mapper->relationships())
            for (auto& target : r->targets(object)) stack.push_back(state_of(target.get()));
    }
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].links && !nodes[i].reachable)
            for (auto& r : nodes[i].mapper->relationships()) r->set_loaded(object_at(i), {});

    // The session lets go of everything; what nothing else holds is freed here.
    others.clear();
    states_.clear();
    free_states_.clear();
    unindexed_.clear();
    by_address_.clear();
    stores_.clear();
    pending_.clear();
}

} // namespace migrate::orm::detail
