#include <migrate/revision/revision_graph.hpp>

#include <migrate/base/error.hpp>

#include <algorithm>

namespace migrate::revision {
namespace {

using Index = RevisionGraph::Index;

std::string file_of(const Revision& rev) {
    return rev.path.empty() ? "revision " + rev.id : rev.path.generic_string();
}

void push_unique(std::vector<Index>& list, Index i) {
    if (std::find(list.begin(), list.end(), i) == list.end()) list.push_back(i);
}

} // namespace

RevisionGraph::RevisionGraph(std::vector<Revision> revisions) : revisions_(std::move(revisions)) {
    std::sort(revisions_.begin(), revisions_.end(),
              [](const Revision& a, const Revision& b) { return a.id < b.id; });
    for (std::size_t i = 1; i < revisions_.size(); ++i) {
        if (revisions_[i].id == revisions_[i - 1].id) {
            throw RevisionError(file_of(revisions_[i]), "revision",
                                "duplicate revision id \"" + revisions_[i].id + "\", also in " +
                                    file_of(revisions_[i - 1]));
        }
    }
    nodes_.resize(revisions_.size());
    by_id_.reserve(revisions_.size());
    for (Index i = 0; i < revisions_.size(); ++i) by_id_.emplace(revisions_[i].id, i);
    link();
    order_and_check_cycles();
    apply_labels();
}

void RevisionGraph::link() {
    for (Index i = 0; i < revisions_.size(); ++i) {
        for (const auto& label : revisions_[i].branch_labels) {
            if (auto other = by_label_.find(label); other != by_label_.end()) {
                throw RevisionError(file_of(revisions_[i]), "branch_labels",
                                    "label \"" + label + "\" is also declared by " +
                                        file_of(revisions_[other->second]));
            }
            if (by_id_.count(label)) {
                throw RevisionError(file_of(revisions_[i]), "branch_labels",
                                    "label \"" + label + "\" is also a revision id");
            }
            by_label_.emplace(label, i);
        }
    }
    auto missing = [&](Index i, const char* field, const std::string& ref, bool labels_allowed) {
        std::string msg = "revision \"" + ref + "\" does not exist";
        if (labels_allowed) msg = "no revision or branch label \"" + ref + "\" exists";
        auto close = with_prefix(ref);
        if (close.size() == 1) msg += " (did you mean \"" + revisions_[close.front()].id + "\"?)";
        return RevisionError(file_of(revisions_[i]), field, msg);
    };
    for (Index i = 0; i < revisions_.size(); ++i) {
        Node& node = nodes_[i];
        for (const auto& ref : revisions_[i].down_revisions) {
            auto parent = by_id_.find(ref);
            if (parent == by_id_.end()) throw missing(i, "down_revision", ref, false);
            node.parents.push_back(parent->second);
        }
        for (const auto& ref : revisions_[i].depends_on) {
            if (auto id = by_id_.find(ref); id != by_id_.end()) {
                push_unique(node.dependencies, id->second);
            } else if (auto label = by_label_.find(ref); label != by_label_.end()) {
                push_unique(node.dependencies, label->second);
            } else {
                throw missing(i, "depends_on", ref, true);
            }
        }
        for (Index p : node.parents) {
            nodes_[p].children.push_back(i);
            push_unique(node.prerequisites, p);
        }
        for (Index d : node.dependencies) {
            nodes_[d].dependents.push_back(i);
            push_unique(node.prerequisites, d);
        }
    }
    for (Index i = 0; i < nodes_.size(); ++i) {
        for (Index p : nodes_[i].prerequisites) nodes_[p].successors.push_back(i);
    }
}

// Iterative depth-first post-order over prerequisites: a topological order when acyclic, and a
// cycle's members (the grey stretch of the stack) when not. Heads are visited first so that
// each branch is laid out contiguously; the rest picks up revisions reachable from no head.
void RevisionGraph::order_and_check_cycles() {
    enum : char { white, grey, black };
    std::vector<char> colour(nodes_.size(), white);
    order_.reserve(nodes_.size());
    std::vector<std::pair<Index, std::size_t>> stack;
    auto visit = [&](Index root) {
        if (colour[root] != white) return;
        stack.emplace_back(root, 0);
        colour[root] = grey;
        while (!stack.empty()) {
            auto& [node, next] = stack.back();
            const auto& prereqs = nodes_[node].prerequisites;
            if (next < prereqs.size()) {
                Index p = prereqs[next++];
                if (colour[p] == white) {
                    colour[p] = grey;
                    stack.emplace_back(p, 0);
                } else if (colour[p] == grey) {
                    std::string path;
                    std::string files;
                    auto from = std::find_if(stack.begin(), stack.end(), [&](const auto& e) { return e.first == p; });
                    for (auto it = from; it != stack.end(); ++it) {
                        path += revisions_[it->first].id + " -> ";
                        files += (files.empty() ? "" : ", ") + file_of(revisions_[it->first]);
                    }
                    throw RevisionError("revisions form a cycle through down_revision/depends_on: " + path +
                                        revisions_[p].id + " (" + files + ")");
                }
                continue;
            }
            colour[node] = black;
            std::size_t depth = 0;
            for (Index p : prereqs) depth = std::max(depth, nodes_[p].depth);
            nodes_[node].depth = depth + 1;
            order_.push_back(node);
            stack.pop_back();
        }
    };
    for (Index h : head_indexes()) visit(h);
    for (Index i = 0; i < nodes_.size(); ++i) visit(i);
}

void RevisionGraph::apply_labels() {
    if (by_label_.empty()) return;
    // Upwards: a revision carries its own labels and those of its parents.
    for (Index i : order_) {
        auto& labels = nodes_[i].labels;
        labels = revisions_[i].branch_labels;
        for (Index p : nodes_[i].parents) labels.insert(labels.end(), nodes_[p].labels.begin(), nodes_[p].labels.end());
        std::sort(labels.begin(), labels.end());
        labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    }
    // Downwards: the unbranched stretch below a labelled revision, down to a branch point.
    for (const auto& [label, owner] : by_label_) {
        Index at = owner;
        while (nodes_[at].parents.size() == 1) {
            Index p = nodes_[at].parents.front();
            if (nodes_[p].children.size() != 1) break;
            auto& labels = nodes_[p].labels;
            labels.insert(std::upper_bound(labels.begin(), labels.end(), label), label);
            at = p;
        }
    }
}

std::optional<Index> RevisionGraph::index_of(std::string_view id) const {
    auto it = by_id_.find(std::string(id));
    if (it == by_id_.end()) return std::nullopt;
    return it->second;
}

const Revision* RevisionGraph::find(std::string_view id) const {
    auto i = index_of(id);
    return i ? &revisions_[*i] : nullptr;
}

std::vector<Index> RevisionGraph::with_prefix(std::string_view prefix) const {
    std::vector<Index> out;
    auto it = std::lower_bound(revisions_.begin(), revisions_.end(), prefix,
                               [](const Revision& r, std::string_view p) { return r.id < p; });
    for (; it != revisions_.end() && std::string_view(it->id).substr(0, prefix.size()) == prefix; ++it) {
        out.push_back(static_cast<Index>(it - revisions_.begin()));
    }
    return out;
}

std::optional<Index> RevisionGraph::labelled(std::string_view label) const {
    auto it = by_label_.find(std::string(label));
    if (it == by_label_.end()) return std::nullopt;
    return it->second;
}

bool RevisionGraph::in_branch(std::string_view label, Index i) const {
    const auto& labels = nodes_[i].labels;
    return std::binary_search(labels.begin(), labels.end(), label);
}

std::vector<Index> RevisionGraph::head_indexes() const {
    std::vector<Index> out;
    for (Index i = 0; i < nodes_.size(); ++i) {
        if (nodes_[i].children.empty()) out.push_back(i);
    }
    return out;
}

namespace {
template <class Pred>
std::vector<std::string> ids_where(const std::vector<Revision>& revisions, Pred pred) {
    std::vector<std::string> out;
    for (Index i = 0; i < revisions.size(); ++i) {
        if (pred(i)) out.push_back(revisions[i].id);
    }
    return out;
}
} // namespace

std::vector<std::string> RevisionGraph::bases() const {
    return ids_where(revisions_, [&](Index i) { return nodes_[i].parents.empty(); });
}
std::vector<std::string> RevisionGraph::heads() const {
    return ids_where(revisions_, [&](Index i) { return nodes_[i].children.empty(); });
}
std::vector<std::string> RevisionGraph::branch_points() const {
    return ids_where(revisions_, [&](Index i) { return nodes_[i].children.size() > 1; });
}
std::vector<std::string> RevisionGraph::merge_points() const {
    return ids_where(revisions_, [&](Index i) { return nodes_[i].parents.size() > 1; });
}

std::string RevisionGraph::describe(const std::vector<Index>& list, std::size_t limit) const {
    std::string out;
    for (std::size_t k = 0; k < list.size() && k < limit; ++k) {
        out += (k ? ", " : "") + revisions_[list[k]].id;
    }
    if (list.size() > limit) out += " and " + std::to_string(list.size() - limit) + " more";
    return out;
}

} // namespace migrate::revision
