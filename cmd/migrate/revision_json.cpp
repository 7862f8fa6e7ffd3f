#include "revision_json.hpp"

namespace migrate::cli {

namespace {

Json ids(const revision::RevisionGraph& g, const std::vector<revision::RevisionGraph::Index>& list) {
    Json out = Json::array();
    for (auto i : list) out.push_back(g.at(i).id);
    return out;
}

} // namespace

Json revision_json(const revision::RevisionGraph& g, revision::RevisionGraph::Index i) {
    const auto& rev = g.at(i);
    Json out;
    out["revision"] = rev.id;
    out["parents"] = ids(g, g.parents(i));
    out["children"] = ids(g, g.children(i));
    out["branch_labels"] = rev.branch_labels;
    out["depends_on"] = rev.depends_on;
    out["message"] = rev.message;
    out["create_date"] = rev.create_date.empty() ? Json(nullptr) : Json(rev.create_date);
    out["file"] = rev.path.empty() ? Json(nullptr) : Json(rev.path.string());
    out["is_head"] = g.is_head(i);
    out["is_branch_point"] = g.is_branch_point(i);
    out["is_merge_point"] = rev.is_merge_point();
    return out;
}

Json revisions_json(const revision::RevisionGraph& g, const std::vector<revision::RevisionGraph::Index>& list) {
    Json out = Json::array();
    for (auto i : list) out.push_back(revision_json(g, i));
    return out;
}

} // namespace migrate::cli
