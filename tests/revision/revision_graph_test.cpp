#include <catch2/catch.hpp>

#include "graph_fixtures.hpp"

#include <migrate/base/error.hpp>


using namespace migrate::revision;
using namespace migrate::revision::test;
using Catch::Matchers::Contains;

namespace {
Revision from_file(Revision rev, const std::string& file) {
    rev.path = file;
    return rev;
}
} // namespace

TEST_CASE("a duplicate revision id names both files") {
    std::vector<Revision> revs{from_file(make_rev("abc"), "versions/abc_one.json"),
                               from_file(make_rev("abc"), "versions/abc_two.json")};
    CHECK_THROWS_AS(RevisionGraph(revs), migrate::RevisionError);
    CHECK_THROWS_WITH(RevisionGraph(revs), Contains("versions/abc_one.json") && Contains("versions/abc_two.json") &&
                                               Contains("duplicate"));
}

TEST_CASE("a down_revision that does not exist names the file, the field and the id") {
    std::vector<Revision> revs{from_file(make_rev("a1"), "versions/a1.json"),
                               from_file(make_rev("b2", {"a9"}), "versions/b2.json")};
    CHECK_THROWS_WITH(RevisionGraph(revs), Contains("versions/b2.json: down_revision") && Contains("\"a9\""));
}

TEST_CASE("a down_revision given as a prefix suggests the full id") {
    std::vector<Revision> revs{make_rev("a1b2c3"), make_rev("d4", {"a1b"})};
    CHECK_THROWS_WITH(RevisionGraph(revs), Contains("did you mean \"a1b2c3\""));
}

TEST_CASE("a depends_on that does not exist names the file and the field") {
    std::vector<Revision> revs{from_file(make_rev("a1"), "versions/a1.json"),
                               from_file(make_rev("b2", {}, {}, {"nothere"}), "versions/b2.json")};
    CHECK_THROWS_WITH(RevisionGraph(revs), Contains("versions/b2.json: depends_on") && Contains("\"nothere\""));
}

TEST_CASE("depends_on may name a branch label") {
    RevisionGraph graph({make_rev("a1", {}, {"core"}), make_rev("b2", {}, {}, {"core"})});
    CHECK(graph.dependencies(*graph.index_of("b2")) == std::vector<RevisionGraph::Index>{*graph.index_of("a1")});
}

TEST_CASE("a cycle names its members") {
    std::vector<Revision> revs{make_rev("base0"), make_rev("x1", {"z3"}), make_rev("y2", {"x1"}),
                               make_rev("z3", {"y2"})};
    CHECK_THROWS_AS(RevisionGraph(revs), migrate::RevisionError);
    CHECK_THROWS_WITH(RevisionGraph(revs), Contains("cycle") && Contains("x1") && Contains("y2") && Contains("z3") &&
                                               !Contains("base0"));
    CHECK_THROWS_WITH(RevisionGraph({make_rev("self", {"self"})}), Contains("self -> self"));
}

TEST_CASE("a cycle through depends_on is found too") {
    std::vector<Revision> revs{make_rev("a1", {}, {}, {"b2"}), make_rev("b2", {"a1"})};
    CHECK_THROWS_WITH(RevisionGraph(revs), Contains("cycle") && Contains("a1") && Contains("b2"));
}

TEST_CASE("a label declared twice or equal to a revision id is refused") {
    CHECK_THROWS_WITH(RevisionGraph({from_file(make_rev("a1", {}, {"x"}), "versions/a1.json"),
                                     from_file(make_rev("b2", {}, {"x"}), "versions/b2.json")}),
                      Contains("versions/a1.json") && Contains("versions/b2.json") && Contains("branch_labels"));
    CHECK_THROWS_WITH(RevisionGraph({make_rev("a1"), make_rev("b2", {}, {"a1"})}), Contains("also a revision id"));
}

TEST_CASE("edges go both ways and the topological order puts prerequisites first") {
    RevisionGraph graph(forest());
    auto idx = [&](const std::string& id) { return *graph.index_of(id); };
    CHECK(graph.children(idx(account)).size() == 2);
    CHECK(graph.dependents(idx(account_column)) == std::vector<RevisionGraph::Index>{idx(ip_account)});
    std::vector<std::size_t> place(graph.size());
    const auto& order = graph.topological_order();
    REQUIRE(order.size() == graph.size());
    for (std::size_t k = 0; k < order.size(); ++k) place[order[k]] = k;
    for (RevisionGraph::Index i = 0; i < graph.size(); ++i) {
        for (auto p : graph.prerequisites(i)) CHECK(place[p] < place[i]);
    }
    CHECK(graph.depth(idx(account)) == 1);
    CHECK(graph.depth(idx(ip_account)) == 4);
}

TEST_CASE("a 10,000-revision chain builds and plans whole") {
    auto revs = chain(10000);
    RevisionGraph graph(std::move(revs));
    CHECK(graph.heads() == Ids{"r9999"});
    auto up = plan_upgrade(graph, {}, "head");
    CHECK(up.steps.size() == 10000);
    CHECK(up.steps.front().revision->id == "r0");
    auto down = plan_downgrade(graph, up.heads_after(), "base");
    CHECK(down.steps.size() == 10000);
    CHECK(plan_downgrade(graph, {"r9999"}, "-3").steps.size() == 3);
}
