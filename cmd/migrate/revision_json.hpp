// The `revision` object of --format json (docs/json-output.md): one revision of the graph with
// its place in it, as heads, branches, history and show print it.
#pragma once

#include "output.hpp"

#include <migrate/revision/revision_graph.hpp>

#include <string>
#include <vector>

namespace migrate::cli {

Json revision_json(const revision::RevisionGraph& graph, revision::RevisionGraph::Index i);

// An array of revision objects.
Json revisions_json(const revision::RevisionGraph& graph, const std::vector<revision::RevisionGraph::Index>& list);

} // namespace migrate::cli
