// Alembic's "Working with Branches" scenarios, on graphs built in code.
#include <catch2/catch.hpp>

#include "graph_fixtures.hpp"

#include <migrate/base/error.hpp>
#include <migrate/revision/target.hpp>

using namespace migrate::revision;
using namespace migrate::revision::test;
using Catch::Matchers::Contains;

TEST_CASE("a branch point shows up as two heads and one branch point") {
    RevisionGraph graph(two_heads());
    CHECK(graph.heads() == Ids{shopping, add_column});
    CHECK(graph.bases() == Ids{account});
    CHECK(graph.branch_points() == Ids{account});
    CHECK(graph.merge_points().empty());
}

TEST_CASE("upgrade head with two heads fails, naming both heads and the ways out") {
    RevisionGraph graph(two_heads());
    CHECK_THROWS_AS(plan_upgrade(graph, {}, "head"), migrate::UsageError);
    CHECK_THROWS_WITH(plan_upgrade(graph, {}, "head"),
                      Contains(shopping) && Contains(add_column) && Contains("@head") && Contains("\"heads\""));
}

TEST_CASE("upgrade heads from nothing applies the branch point, then both branches") {
    RevisionGraph graph(two_heads());
    auto plan = plan_upgrade(graph, {}, "heads");
    auto steps = step_ids(plan);
    REQUIRE(steps.size() == 3);
    CHECK(steps[0] == account);
    CHECK(plan.steps[0].heads_after == Ids{account});
    CHECK(plan.heads_after() == Ids{shopping, add_column});
}

TEST_CASE("downgrade -1 with two heads closes one branch at a time, then the branch point") {
    RevisionGraph graph(two_heads());
    Ids current{shopping, add_column};
    auto first = plan_downgrade(graph, current, "-1");
    CHECK(step_ids(first) == Ids{add_column});
    CHECK(first.heads_after() == Ids{shopping});
    auto second = plan_downgrade(graph, first.heads_after(), "-1");
    CHECK(step_ids(second) == Ids{shopping});
    CHECK(second.heads_after() == Ids{account});
    auto third = plan_downgrade(graph, second.heads_after(), "-1");
    CHECK(step_ids(third) == Ids{account});
    CHECK(third.heads_after().empty());
    CHECK_THROWS_WITH(plan_downgrade(graph, {}, "-1"), Contains("only 0"));
}

TEST_CASE("upgrading to one branch by id prefix applies its ancestors and no sibling") {
    RevisionGraph graph(two_heads());
    auto plan = plan_upgrade(graph, {}, "27c6a");
    CHECK(step_ids(plan) == Ids{account, shopping});
    auto next = plan_upgrade(graph, plan.heads_after(), "ae102");
    CHECK(step_ids(next) == Ids{add_column});
    CHECK(next.heads_after() == Ids{shopping, add_column});
}

TEST_CASE("a merge point upgrades through both parents and leaves one head") {
    RevisionGraph graph(diamond());
    CHECK(graph.heads() == Ids{merge});
    CHECK(graph.merge_points() == Ids{merge});
    auto plan = plan_upgrade(graph, {}, "head");
    auto steps = step_ids(plan);
    REQUIRE(steps.size() == 4);
    CHECK(steps.front() == account);
    CHECK(steps.back() == merge);
    // Between the branches and the merge, the version table holds both heads.
    CHECK(plan.steps[2].heads_after == Ids{shopping, add_column});
    CHECK(plan.heads_after() == Ids{merge});
}

TEST_CASE("a merge point applies only the missing parent for a database on one branch") {
    RevisionGraph graph(diamond());
    auto plan = plan_upgrade(graph, {add_column}, "head");
    CHECK(step_ids(plan) == Ids{shopping, merge});
    CHECK(plan.steps[0].heads_after == Ids{shopping, add_column});
}

TEST_CASE("downgrade -1 from a merge point restores both of its parents as heads") {
    RevisionGraph graph(diamond());
    auto plan = plan_downgrade(graph, {merge}, "-1");
    CHECK(step_ids(plan) == Ids{merge});
    CHECK(plan.heads_after() == Ids{shopping, add_column});
}

TEST_CASE("downgrade to the branch point reverts the merge and both branches") {
    RevisionGraph graph(diamond());
    auto plan = plan_downgrade(graph, {merge}, account);
    auto steps = step_ids(plan);
    REQUIRE(steps.size() == 3);
    CHECK(steps[0] == merge);
    CHECK(plan.heads_after() == Ids{account});
}

TEST_CASE("a branch label names its revision, and applies above it and down to the branch point") {
    RevisionGraph graph(forest());
    CHECK(resolve_revision(graph, "shoppingcart") == *graph.index_of(shopping));
    CHECK(graph.labels_of(*graph.index_of(shopping_column)) == Ids{"shoppingcart"});
    CHECK(graph.labels_of(*graph.index_of(account)).empty()); // the branch point is shared
    CHECK(graph.labels_of(*graph.index_of(add_column)).empty());
    RevisionGraph stretch({make_rev("a"), make_rev("b", {"a"}), make_rev("c", {"b"}, {"x"}), make_rev("d", {"c"})});
    CHECK(stretch.in_branch("x", *stretch.index_of("a")));
    CHECK(stretch.in_branch("x", *stretch.index_of("d")));
}

TEST_CASE("upgrade shoppingcart@head applies that branch only") {
    RevisionGraph graph(two_heads(true));
    auto plan = plan_upgrade(graph, {account}, "shoppingcart@head");
    CHECK(step_ids(plan) == Ids{shopping});
    CHECK(plan.heads_after() == Ids{shopping});
}

TEST_CASE("<rev>@head names the head of the branch holding that revision") {
    RevisionGraph graph(forest(false));
    CHECK(resolve_revisions(graph, "ae10@head") == std::vector<RevisionGraph::Index>{*graph.index_of(account_column)});
    CHECK(resolve_revisions(graph, "shoppingcart@head") == std::vector<RevisionGraph::Index>{*graph.index_of(shopping_column)});
    CHECK_THROWS_WITH(resolve_revisions(graph, "1975@head"), Contains("multiple heads") && Contains(shopping_column));
    CHECK(resolve_revisions(graph, "1975@heads").size() == 2);
}

TEST_CASE("relative targets work on a labelled branch") {
    RevisionGraph graph(forest());
    auto up = plan_upgrade(graph, {account}, "shoppingcart@+2");
    CHECK(step_ids(up) == Ids{shopping, shopping_column});
    auto one = plan_upgrade(graph, {shopping, add_column}, "shoppingcart@+1");
    CHECK(step_ids(one) == Ids{shopping_column});
    auto down = plan_downgrade(graph, {shopping_column, add_column}, "shoppingcart@-1");
    CHECK(step_ids(down) == Ids{shopping_column});
    CHECK(down.heads_after() == Ids{shopping, add_column});
    CHECK(resolve_revision(graph, "shoppingcart@head-1") == *graph.index_of(shopping));
}

TEST_CASE("upgrade networking@head pulls in what it depends on from another base") {
    RevisionGraph graph(forest());
    auto steps = step_ids(plan_upgrade(graph, {}, "networking@head"));
    CHECK(steps.size() == 7);
    CHECK(position(steps, account) < position(steps, add_column));
    CHECK(position(steps, add_column) < position(steps, account_column));
    CHECK(position(steps, account_column) < position(steps, ip_account));
    CHECK(position(steps, dns) < position(steps, ip_account));
    CHECK(position(steps, shopping) == steps.size()); // not needed, not applied
    CHECK(position(steps, more_account) == steps.size());
}

TEST_CASE("a revision others only depend on is an effective head, absent from the version table") {
    RevisionGraph graph(forest(false, false));
    CHECK(graph.heads() == Ids{shopping, ip_account, account_column});
    auto plan = plan_upgrade(graph, {dns, shopping, account_column}, "heads");
    CHECK(step_ids(plan) == Ids{ip_account});
    CHECK(plan.heads_after() == Ids{shopping, ip_account});
    CHECK(normalize_heads(graph, {ip_account, account_column, shopping}) == Ids{shopping, ip_account});
}

TEST_CASE("downgrade networking@base leaves the revisions it depends on in place") {
    RevisionGraph graph(forest());
    Ids all = plan_upgrade(graph, {}, "heads").heads_after();
    auto plan = plan_downgrade(graph, all, "networking@base");
    CHECK(step_ids(plan) == Ids{ip_account, dns, ip_number, networking});
    CHECK(plan.heads_after() == Ids{more_account, shopping_column});
}

TEST_CASE("downgrading a revision also reverts what depends on it, and nothing on other branches") {
    RevisionGraph graph(forest());
    Ids all = plan_upgrade(graph, {}, "heads").heads_after();
    CHECK(all == Ids{ip_account, more_account, shopping_column});
    auto plan = plan_downgrade(graph, all, add_column);
    auto steps = step_ids(plan);
    CHECK(steps.size() == 3);
    CHECK(position(steps, ip_account) < position(steps, account_column));
    CHECK(position(steps, more_account) < position(steps, account_column));
    CHECK(plan.heads_after() == Ids{dns, add_column, shopping_column});
}

TEST_CASE("upgrade heads on the whole forest ends with one row per real head") {
    RevisionGraph graph(forest());
    auto plan = plan_upgrade(graph, {}, "heads");
    CHECK(plan.steps.size() == graph.size());
    for (const auto& step : plan.steps) {
        for (auto p : graph.prerequisites(*graph.index_of(step.revision->id))) {
            CHECK(position(step_ids(plan), graph.at(p).id) < position(step_ids(plan), step.revision->id));
        }
    }
    CHECK(plan.heads_after() == Ids{ip_account, more_account, shopping_column});
    CHECK(plan_upgrade(graph, plan.heads_after(), "heads").empty());
}
