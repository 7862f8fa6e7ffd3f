#include <catch2/catch.hpp>

#include "graph_fixtures.hpp"

#include <migrate/base/error.hpp>
#include <migrate/revision/target.hpp>

using namespace migrate::revision;
using namespace migrate::revision::test;
using Catch::Matchers::Contains;

namespace {
std::string one(const RevisionGraph& graph, const std::string& target) {
    return graph.at(resolve_revision(graph, target)).id;
}
} // namespace

TEST_CASE("target syntax splits branch, revision and relative step") {
    auto t = parse_target("shoppingcart@head-2");
    CHECK(t.branch == "shoppingcart");
    CHECK(t.ref == "head");
    CHECK(t.relative == -2);
    auto rel = parse_target("+3");
    CHECK(rel.ref.empty());
    CHECK(rel.relative == 3);
    CHECK(parse_target("ab12").has_relative == false);
    CHECK_THROWS_AS(parse_target("ab12+x"), migrate::UsageError);
    CHECK_THROWS_AS(parse_target("@head"), migrate::UsageError);
    CHECK_THROWS_AS(parse_target("a b"), migrate::UsageError);
    CHECK_THROWS_AS(parse_target(""), migrate::UsageError);
}

TEST_CASE("full ids, labels and unique prefixes name one revision") {
    RevisionGraph graph(forest());
    CHECK(one(graph, account) == account);
    CHECK(one(graph, "19") == account);
    CHECK(one(graph, "networking") == networking);
    CHECK(one(graph, "networking@head") == ip_account);
    CHECK(one(RevisionGraph(chain(3)), "head") == "r2");
}

TEST_CASE("an ambiguous prefix fails listing every candidate") {
    RevisionGraph graph({make_rev("abc111"), make_rev("abc222", {"abc111"}), make_rev("abd333", {"abc222"})});
    CHECK_THROWS_AS(resolve_revision(graph, "abc"), migrate::UsageError);
    CHECK_THROWS_WITH(resolve_revision(graph, "abc"), Contains("abc111") && Contains("abc222") && !Contains("abd333"));
    CHECK(one(graph, "abd") == "abd333");
}

TEST_CASE("an unknown target fails naming it and the known labels") {
    RevisionGraph graph(forest());
    CHECK_THROWS_AS(resolve_revision(graph, "zzz"), migrate::UsageError);
    CHECK_THROWS_WITH(resolve_revision(graph, "zzz"),
                      Contains("\"zzz\"") && Contains("networking") && Contains("shoppingcart"));
    CHECK_THROWS_WITH(resolve_revision(graph, "nolabel@head"), Contains("nolabel"));
}

TEST_CASE("base names no revision and heads names them all") {
    RevisionGraph graph(forest());
    CHECK(resolve_revisions(graph, "base").empty());
    CHECK(resolve_revisions(graph, "heads").size() == 3);
    CHECK_THROWS_WITH(resolve_revision(graph, "base"), Contains("names none"));
}

TEST_CASE("label@<rev> checks that the revision is on the branch") {
    RevisionGraph graph(forest());
    CHECK(one(graph, "shoppingcart@d747") == shopping_column);
    CHECK_THROWS_WITH(resolve_revision(graph, "shoppingcart@ae10"), Contains("not on branch"));
}

TEST_CASE("<rev>+N and <rev>-N walk the chain and stop at forks with the candidates") {
    RevisionGraph graph(forest());
    CHECK(one(graph, "ae10+1") == account_column);
    CHECK(one(graph, "ae10-1") == account);
    CHECK(one(graph, "2a95-2") == ip_number);
    CHECK(resolve_revisions(graph, "3cac-1").empty()); // below the base
    CHECK_THROWS_WITH(resolve_revision(graph, "1975+1"),
                      Contains("branch point") && Contains(add_column) && Contains(shopping));
    CHECK_THROWS_WITH(resolve_revision(graph, "d747+1"), Contains("a head"));
    CHECK_THROWS_WITH(resolve_revision(graph, "3cac-2"), Contains("a base"));
    RevisionGraph merged(diamond());
    CHECK_THROWS_WITH(resolve_revision(merged, "53ff-1"), Contains("merge point"));
}

TEST_CASE("relative targets need the current heads") {
    RevisionGraph graph(forest());
    CHECK_THROWS_WITH(resolve_revisions(graph, "+1"), Contains("upgrade or downgrade"));
}

TEST_CASE("+N and -N count from the current head of a chain") {
    RevisionGraph graph(chain(4));
    CHECK(step_ids(plan_upgrade(graph, {}, "+1")) == Ids{"r0"});
    CHECK(step_ids(plan_upgrade(graph, {"r1"}, "+2")) == Ids{"r2", "r3"});
    CHECK_THROWS_WITH(plan_upgrade(graph, {"r1"}, "+3"), Contains("a head"));
    CHECK(step_ids(plan_downgrade(graph, {"r3"}, "-2")) == Ids{"r3", "r2"});
    CHECK(step_ids(plan_downgrade(graph, {"r3"}, "r1")) == Ids{"r3", "r2"});
    CHECK(step_ids(plan_downgrade(graph, {"r3"}, "r3-1")) == Ids{"r3"});
    CHECK(step_ids(plan_downgrade(graph, {"r3"}, "r0-1")) == Ids{"r3", "r2", "r1", "r0"});
    CHECK(step_ids(plan_downgrade(graph, {"r3"}, "base")) == Ids{"r3", "r2", "r1", "r0"});
    CHECK_THROWS_WITH(plan_downgrade(graph, {"r3"}, "-5"), Contains("only 4"));
    CHECK_THROWS_WITH(plan_upgrade(graph, {"r3"}, "-1"), Contains("use downgrade"));
    CHECK_THROWS_WITH(plan_downgrade(graph, {"r1"}, "+1"), Contains("use upgrade"));
}

TEST_CASE("+N with several current heads or a fork ahead asks for a branch") {
    RevisionGraph graph(two_heads(true));
    CHECK_THROWS_WITH(plan_upgrade(graph, {account}, "+1"), Contains("branch point"));
    CHECK_THROWS_WITH(plan_upgrade(graph, {shopping, add_column}, "+1"),
                      Contains("several current heads") && Contains(shopping) && Contains(add_column));
    CHECK(step_ids(plan_upgrade(graph, {}, "shoppingcart@+1")) == Ids{account, shopping});
}

TEST_CASE("upgrading to an applied revision is an empty plan") {
    RevisionGraph graph(chain(3));
    auto plan = plan_upgrade(graph, {"r2"}, "r1");
    CHECK(plan.empty());
    CHECK(plan.heads_after() == Ids{"r2"});
}

TEST_CASE("downgrade to a revision that is not applied fails naming the current heads") {
    RevisionGraph graph(two_heads());
    CHECK_THROWS_AS(plan_downgrade(graph, {shopping}, add_column), migrate::UsageError);
    CHECK_THROWS_WITH(plan_downgrade(graph, {shopping}, add_column), Contains("not applied") && Contains(shopping));
}

TEST_CASE("a current revision missing from the script directory is a revision error") {
    RevisionGraph graph(chain(2));
    CHECK_THROWS_AS(plan_upgrade(graph, {"gone"}, "head"), migrate::RevisionError);
    CHECK_THROWS_WITH(plan_upgrade(graph, {"gone"}, "head"), Contains("\"gone\""));
}
