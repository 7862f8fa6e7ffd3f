// What a closing Session leaves behind. Relationship members hold their targets strongly, so a
// loaded pair such as Author::books and Book::author is a reference cycle that shared_ptr alone
// never frees. When the session closes it finds the objects that nothing outside the object
// graph still holds (trial deletion, as a cycle collector does) and empties their relationship
// members; objects the program still holds, and everything they reach, keep their links.
#include <migrate/orm/detail/session_core.hpp>

namespace migrate::orm::detail {

namespace {

struct GraphNode {
    std::shared_ptr<void> object; // the collector's own reference, discounted below
    const MapperBase* mapper = nullptr;
    long internal = 1;            // references from inside the graph: this one and members'
    bool links = false;           // some relationship member holds a target
    bool reachable = false;
};

} // namespace

void SessionCore::release_graph() {
    // Node i is state i (a free state is an empty node); objects deleted in the transaction or
    // reached only through members follow. by_address_ indexes the nodes from here on.
    std::vector<GraphNode> nodes;
    nodes.reserve(states_.size() + deleted_in_tx_.size());
    for (auto& st : states_) nodes.push_back({std::move(st.object), st.store ? st.store->mapper : nullptr});
    auto visit = [&](std::shared_ptr<void> object, const MapperBase& mapper) -> GraphNode& {
        std::size_t i = by_address_.insert(address(object.get()), nodes.size());
        if (i == nodes.size()) nodes.push_back({std::move(object), &mapper});
        return nodes[i];
    };
    for (auto& st : deleted_in_tx_) visit(std::move(st.object), st.mapper());
    // The closure over relationship members (nodes appended as they are reached); snapshots
    // only served this session's flushes.
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (!nodes[i].object) continue;
        void* object = nodes[i].object.get();
        for (auto& r : nodes[i].mapper->relationships()) {
            r->state(object).snapshot.clear();
            for (auto& target : r->targets(object)) {
                nodes[i].links = true;
                visit(std::move(target), r->target()).internal += 1;
            }
        }
    }
    // The session lets go of its own references before anything is counted (the states'
    // objects moved into the nodes above).
    states_.clear();
    free_states_.clear();
    stores_.clear();
    pending_.clear();
    deleted_in_tx_.clear();

    // Objects held from outside, and whatever their members reach, stay linked.
    std::vector<std::size_t> stack;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].object && nodes[i].object.use_count() > nodes[i].internal) stack.push_back(i);
    while (!stack.empty()) {
        GraphNode& node = nodes[stack.back()];
        stack.pop_back();
        if (node.reachable) continue;
        node.reachable = true;
        if (!node.links) continue;
        for (auto& r : node.mapper->relationships())
            for (auto& target : r->targets(node.object.get())) stack.push_back(by_address_.find(address(target.get())));
    }
    by_address_.clear();
    for (auto& node : nodes)
        if (node.links && !node.reachable)
            for (auto& r : node.mapper->relationships()) r->set_loaded(node.object.get(), {});
}

} // namespace migrate::orm::detail
