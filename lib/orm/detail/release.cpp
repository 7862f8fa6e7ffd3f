// What a closing Session leaves behind. Relationship members hold their targets strongly, so a
// loaded pair such as Author::books and Book::author is a reference cycle that shared_ptr alone
// never frees. When the session closes it finds the objects that nothing outside the object
// graph still holds (trial deletion, as a cycle collector does) and empties their relationship
// members; objects the program still holds, and everything they reach, keep their links.
#include <migrate/orm/detail/session_core.hpp>

#include <unordered_map>

namespace migrate::orm::detail {

namespace {

struct GraphNode {
    std::shared_ptr<void> object; // the collector's own reference, discounted below
    const MapperBase* mapper = nullptr;
    long internal = 1;            // references from inside the graph: this one and members'
    bool reachable = false;
};

} // namespace

void SessionCore::release_graph() {
    std::unordered_map<const void*, GraphNode> nodes;
    std::vector<const void*> frontier;
    auto visit = [&](const std::shared_ptr<void>& object, const MapperBase& mapper) {
        auto [it, fresh] = nodes.try_emplace(object.get(), GraphNode{object, &mapper});
        if (fresh) frontier.push_back(object.get());
        return &it->second;
    };
    for (auto& [addr, st] : states_) visit(st.object, *st.mapper);
    for (auto& st : deleted_in_tx_) visit(st.object, *st.mapper);
    // The closure over relationship members; snapshots only served this session's flushes.
    while (!frontier.empty()) {
        GraphNode& node = nodes.at(frontier.back());
        frontier.pop_back();
        for (auto& r : node.mapper->relationships()) {
            r->state(node.object.get()).snapshot.clear();
            for (auto& target : r->targets(node.object.get())) visit(target, r->target())->internal += 1;
        }
    }
    // The session lets go of its own references before anything is counted.
    states_.clear();
    identity_.clear();
    pending_.clear();
    deleted_in_tx_.clear();

    // Objects held from outside, and whatever their members reach, stay linked.
    std::vector<GraphNode*> stack;
    for (auto& [addr, node] : nodes)
        if (node.object.use_count() > node.internal) stack.push_back(&node);
    while (!stack.empty()) {
        GraphNode* node = stack.back();
        stack.pop_back();
        if (node->reachable) continue;
        node->reachable = true;
        for (auto& r : node->mapper->relationships())
            for (auto& target : r->targets(node->object.get())) stack.push_back(&nodes.at(target.get()));
    }
    for (auto& [addr, node] : nodes)
        if (!node.reachable)
            for (auto& r : node.mapper->relationships()) r->set_loaded(node.object.get(), {});
}

} // namespace migrate::orm::detail
