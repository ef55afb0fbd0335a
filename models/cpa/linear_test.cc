// Conformance tests ported from upstream's linearcontroller/linear_controller_test.go, plus
// the edge cases of reference/konnectivity-cpa.md §A3.
#include "models/cpa/linear.h"

#include <gtest/gtest.h>

#include "models/cpa/params.h"

namespace tunnelsim::cpa {
namespace {

LinearParams Parse(std::string_view json) {
  Result<LinearParams> r = ParseLinearParams(json);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : LinearParams{};
}

ClusterStatus Schedulable(int32_t nodes, int32_t cores) {
  return ClusterStatus{nodes, nodes, cores, cores};
}

TEST(LinearParser, UpstreamTable) {
  LinearParams p = Parse(R"({"coresPerReplica": 2, "nodesPerReplica": 1, "min": 1,
                             "max": 100, "preventSinglePointFailure": true})");
  EXPECT_EQ(p.cores_per_replica, 2);
  EXPECT_EQ(p.nodes_per_replica, 1);
  EXPECT_EQ(p.min, 1);
  EXPECT_EQ(p.max, 100);
  EXPECT_TRUE(p.prevent_single_point_failure);
  EXPECT_FALSE(ParseLinearParams(R"({ "coresPerReplica": {{ 1:1 } })").ok());
  EXPECT_FALSE(ParseLinearParams(R"({ "coresPerReplica": "whatisthis")").ok());
  EXPECT_EQ(ParseLinearParams(R"({ "nodesPerReplica":  -20 })").status().message(),
            "invalid negative value for nodesPerReplica: -20");
  EXPECT_EQ(
      ParseLinearParams(R"({"nodesPerReplica": 1, "min": 100, "max": 50})").status().message(),
      "max replicas count 50 should be greater than / equal to min replicas count 100");
  EXPECT_EQ(ParseLinearParams(R"({"min": 1, "max": 100})").status().message(),
            "should at least provide either CoresPerReplica or NodesPerReplica (Greater than 0)");
  EXPECT_EQ(ParseLinearParams(R"({"coresPerReplica": 2, "nodesPerReplica": 1, "min": 1,
      "max": 100, "preventSinglePointFailure": invalid, })")
                .status()
                .message(),
            "could not parse parameters (invalid character 'i' looking for beginning of value)");
}

TEST(LinearParser, MinDefaultsAndOtherChecks) {
  EXPECT_EQ(Parse(R"({"nodesPerReplica":16})").min, 1);
  EXPECT_EQ(Parse(R"({"nodesPerReplica":16,"min":0})").min, 1);
  EXPECT_EQ(ParseLinearParams(R"({"nodesPerReplica":16,"min":-1})").status().message(),
            "invalid negative value for min: -1");
  EXPECT_EQ(ParseLinearParams(R"({"coresPerReplica":-0.5,"nodesPerReplica":1})").status().message(),
            "invalid negative value for coresPerReplica: -0.5");
  EXPECT_EQ(ParseLinearParams(R"({"nodesPerReplica":-1e7})").status().message(),
            "invalid negative value for nodesPerReplica: -1e+07");
  EXPECT_FALSE(ParseLinearParams("null").ok());  // neither per-replica value set
  EXPECT_EQ(Parse(R"({"coresPerReplica":1e1})").cores_per_replica, 10.0);
  EXPECT_FALSE(ParseLinearParams(R"({"coresPerReplica":1,"min":1.0})").ok());
}

TEST(LinearReplicas, UpstreamScaleFromSingleParam) {
  LinearParams p{.cores_per_replica = 2, .min = 2, .max = 100};
  struct Case {
    int64_t resources, replicas;
  };
  for (Case c : {Case{0, 2},
                 {1, 2},
                 {2, 2},
                 {3, 2},
                 {4, 2},
                 {6, 3},
                 {10, 5},
                 {11, 6},
                 {19, 10},
                 {20, 10},
                 {21, 11},
                 {30, 15},
                 {40, 20}}) {
    EXPECT_EQ(LinearReplicasFor(c.resources, p.cores_per_replica, p), c.replicas) << c.resources;
  }
}

TEST(LinearReplicas, UpstreamScaleFromMultipleParams) {
  LinearParams p{.cores_per_replica = 2,
                 .nodes_per_replica = 2.5,
                 .min = 1,
                 .max = 100,
                 .prevent_single_point_failure = true};
  struct Case {
    int32_t cores, nodes, replicas;
  };
  for (Case c : {Case{0, 0, 1},
                 {1, 2, 2},
                 {2, 3, 2},
                 {3, 4, 2},
                 {4, 4, 2},
                 {6, 4, 3},
                 {6, 5, 3},
                 {8, 5, 4},
                 {8, 15, 6},
                 {8, 16, 7},
                 {19, 21, 10},
                 {23, 20, 12},
                 {26, 38, 16},
                 {30, 49, 20},
                 {40, 20, 20}}) {
    EXPECT_EQ(LinearReplicas(p, ClusterStatus{c.nodes, c.nodes, c.cores, c.cores}), c.replicas)
        << c.cores << " cores, " << c.nodes << " nodes";
  }
}

TEST(LinearReplicas, IeeeDivisionIsKept) {
  // 21 / 0.7 = 30.000000000000004 in IEEE double, so ceil gives 31, not 30.
  EXPECT_EQ(LinearReplicas(Parse(R"({"nodesPerReplica":0.7})"), Schedulable(21, 0)), 31);
  EXPECT_EQ(LinearReplicas(Parse(R"({"nodesPerReplica":0.35})"), Schedulable(21, 0)), 61);
  EXPECT_EQ(LinearReplicas(Parse(R"({"coresPerReplica":0.7})"), Schedulable(1, 21)), 31);
}

TEST(LinearReplicas, PreventSinglePointFailureOverridesMax) {
  LinearParams p = Parse(R"({"nodesPerReplica":10,"max":1,"preventSinglePointFailure":true})");
  EXPECT_EQ(LinearReplicas(p, Schedulable(2, 8)), 2);
  EXPECT_EQ(LinearReplicas(p, Schedulable(1, 8)), 1);  // one node: no lift
  p.prevent_single_point_failure = false;
  EXPECT_EQ(LinearReplicas(p, Schedulable(2, 8)), 1);
}

TEST(LinearReplicas, PreventSinglePointFailureWithoutNodesPerReplica) {
  // The node term defaults to 1 when nodesPerReplica is unset, and PSPF still lifts it.
  LinearParams p = Parse(R"({"coresPerReplica":256,"preventSinglePointFailure":true})");
  EXPECT_EQ(LinearReplicas(p, Schedulable(3, 12)), 2);
}

TEST(LinearReplicas, UnsetTermIsOneNotMin) {
  LinearParams p = Parse(R"({"coresPerReplica":4,"min":3})");
  EXPECT_EQ(LinearReplicasFor(100, 0, p), 1);
  EXPECT_EQ(LinearReplicas(p, Schedulable(100, 4)), 3);  // min applies to the used term
}

TEST(LinearReplicas, IncludeUnschedulableNodesUsesTotals) {
  LinearParams p = Parse(R"({"nodesPerReplica":2,"includeUnschedulableNodes":true})");
  EXPECT_EQ(LinearReplicas(p, ClusterStatus{10, 2, 40, 8}), 5);
  p.include_unschedulable_nodes = false;
  EXPECT_EQ(LinearReplicas(p, ClusterStatus{10, 2, 40, 8}), 1);
}

TEST(LinearReplicas, OutOfRangeDoublesConvertLikeGoOnAmd64) {
  // A tiny per-replica value makes the term +Inf; Go's int() gives INT64_MIN (amd64).
  LinearParams p = Parse(R"({"nodesPerReplica":1e-320})");
  EXPECT_EQ(LinearReplicasFor(5, p.nodes_per_replica, p), INT64_MIN);
  EXPECT_EQ(LinearReplicas(p, Schedulable(5, 0)), 1);  // the unset cores term (1) wins
  p.cores_per_replica = 1e-320;
  EXPECT_EQ(LinearReplicas(p, Schedulable(5, 4)), 0);  // int32(INT64_MIN) == 0
  // 4e9 replicas wraps in int32() as in Go (-294967296).
  LinearParams q = Parse(R"({"nodesPerReplica":1e-9})");
  EXPECT_EQ(LinearReplicasFor(4, q.nodes_per_replica, q), 4'000'000'000);
  EXPECT_EQ(LinearReplicas(q, Schedulable(4, 0)), -294967296);
}

}  // namespace
}  // namespace tunnelsim::cpa
