// Conformance tests ported from upstream's laddercontroller/ladder_controller_test.go, plus
// the AKS konnectivity-agent ladder (reference/konnectivity-cpa.md §A2, §B).
#include "models/cpa/ladder.h"

#include <gtest/gtest.h>

#include "models/cpa/params.h"

namespace tunnelsim::cpa {
namespace {

using Entries = std::vector<LadderEntry>;

LadderParams Parse(std::string_view json) {
  Result<LadderParams> r = ParseLadderParams(json);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : LadderParams{};
}

ClusterStatus Schedulable(int32_t nodes, int32_t cores) {
  return ClusterStatus{nodes, nodes, cores, cores};
}

TEST(LadderParser, UpstreamTable) {
  EXPECT_EQ(Parse(R"({ "coresToReplicas" : [ [1,1] ] })").cores_to_replicas, (Entries{{1, 1}}));
  EXPECT_FALSE(ParseLadderParams(R"({ "coresToReplicas" : {{ 1:1 } })").ok());  // invalid JSON
  EXPECT_FALSE(ParseLadderParams(R"({ "coresToReplicas" : [[ "1, "a"]] })").ok());
  EXPECT_FALSE(ParseLadderParams(R"({ "coresToReplicas" : [[:-200]] })").ok());
  // includeUnschedulableNodes defaults to false; zero thresholds and counts are allowed.
  LadderParams p = Parse(R"({
      "coresToReplicas": [[0, 0], [1, 0], [2, 2], [3, 3], [512, 5], [1024, 7], [2048, 10],
        [4096, 15], [8192, 20], [12288, 30], [16384, 40], [20480, 50], [24576, 60],
        [28672, 70], [65535, 100], [32768, 80 ]]})");
  EXPECT_FALSE(p.include_unschedulable_nodes);
  ASSERT_EQ(p.cores_to_replicas.size(), 16u);
  EXPECT_EQ(p.cores_to_replicas.back(), (LadderEntry{65535, 100}));  // sorted
  LadderParams q = Parse(R"({"coresToReplicas": [[0, 0], [1, 0], [2, 2], [3, 3]],
      "nodesToReplicas": [[1, 1], [2, 2], [3, 3]], "includeUnschedulableNodes": true})");
  EXPECT_EQ(q.nodes_to_replicas, (Entries{{1, 1}, {2, 2}, {3, 3}}));
  EXPECT_TRUE(q.include_unschedulable_nodes);
}

TEST(LadderParser, UpstreamSorterTable) {
  Entries sorted = {{1, 1},      {2, 2},      {3, 3},      {512, 5},    {1024, 7},
                    {2048, 10},  {4096, 15},  {8192, 20},  {12288, 30}, {16384, 40},
                    {20480, 50}, {24576, 60}, {28672, 70}, {32768, 80}, {65535, 100}};
  EXPECT_EQ(Parse(R"({"coresToReplicas":[[2,2],[3,3],[512,5],[1024,7],[20480,50],[4096,15],
      [2048,10],[8192,20],[65535,100],[16384,40],[12288,30],[1,1],[24576,60],[32768,80],
      [28672,70]]})")
                .cores_to_replicas,
            sorted);
  EXPECT_EQ(Parse(R"({"coresToReplicas":[[65535,100],[32768,80],[28672,70],[24576,60],
      [20480,50],[16384,40],[12288,30],[8192,20],[4096,15],[2048,10],[1024,7],[512,5],[3,3],
      [2,2],[1,1]]})")
                .cores_to_replicas,
            sorted);
}

TEST(LadderParser, NegativeValuesAreRejectedWithUpstreamWords) {
  EXPECT_EQ(ParseLadderParams(R"({"coresToReplicas":[[-1,2]]})").status().message(),
            "invalid negative values in entry [-1 2] in cores_to_replicas_map");
  EXPECT_EQ(ParseLadderParams(R"({"nodesToReplicas":[[1,2],[3,-4]]})").status().message(),
            "invalid negative values in entry [3 -4] in nodes_to_replicas_map");
  EXPECT_EQ(ParseLadderParams(R"({"coresToReplicas":[[1,2.5]]})").status().message(),
            "could not parse parameters (json: cannot unmarshal number 2.5 into Go struct field "
            "ladderParams.coresToReplicas of type int)");
}

TEST(LadderLookup, UpstreamScalerTable) {
  Entries entries = {{1, 1}, {2, 2}, {3, 3}, {4, 4}, {10, 10}, {20, 20}};
  struct Case {
    int64_t resources, replicas;
  };
  for (Case c : {Case{0, 1},
                 {1, 1},
                 {2, 2},
                 {3, 3},
                 {4, 4},
                 {6, 4},
                 {10, 10},
                 {11, 10},
                 {19, 10},
                 {20, 20},
                 {21, 20},
                 {40, 20}}) {
    EXPECT_EQ(LookupLadder(c.resources, entries), c.replicas) << c.resources;
  }
}

TEST(LadderLookup, UpstreamScalerFromZeroTable) {
  Entries from_zero = {{0, 0}, {3, 3}};
  Entries from_one = {{1, 0}, {3, 3}};
  struct Case {
    int64_t resources, replicas;
  };
  for (Case c : {Case{0, 0}, {1, 0}, {2, 0}, {3, 3}, {4, 3}}) {
    EXPECT_EQ(LookupLadder(c.resources, from_zero), c.replicas) << c.resources;
    EXPECT_EQ(LookupLadder(c.resources, from_one), c.replicas) << c.resources;
  }
}

TEST(LadderReplicas, UpstreamScaleFromUnschedulableNodes) {
  LadderParams p{.cores_to_replicas = {{0, 0}, {4, 1}, {8, 2}, {12, 3}},
                 .nodes_to_replicas = {{0, 0}, {1, 1}, {2, 2}, {3, 3}},
                 .include_unschedulable_nodes = true};
  EXPECT_EQ(LadderReplicas(p, ClusterStatus{3, 2, 12, 8}), 3);
  p.include_unschedulable_nodes = false;
  EXPECT_EQ(LadderReplicas(p, ClusterStatus{3, 1, 12, 4}), 1);
}

TEST(LadderReplicas, AksKonnectivityAgentLadder) {
  LadderParams aks =
      Parse(R"({"nodesToReplicas": [[1,2],[100,3],[250,4],[500,5],[1000,6],[5000,10]]})");
  struct Case {
    int32_t nodes, replicas;
  };
  for (Case c : {Case{0, 2},
                 {1, 2},
                 {99, 2},
                 {100, 3},
                 {249, 3},
                 {250, 4},
                 {499, 4},
                 {500, 5},
                 {999, 5},
                 {1000, 6},
                 {4999, 6},
                 {5000, 10},
                 {100000, 10}}) {
    EXPECT_EQ(LadderReplicas(aks, Schedulable(c.nodes, c.nodes * 4)), c.replicas) << c.nodes;
  }
  // Only schedulable nodes count by default: 120 nodes with 30 cordoned still gives 2.
  EXPECT_EQ(LadderReplicas(aks, ClusterStatus{120, 90, 480, 360}), 2);
}

TEST(LadderReplicas, TheLargerOfTheTwoLaddersWins) {
  LadderParams p{.cores_to_replicas = {{1, 1}, {64, 4}}, .nodes_to_replicas = {{1, 2}, {10, 3}}};
  EXPECT_EQ(LadderReplicas(p, Schedulable(5, 20)), 2);
  EXPECT_EQ(LadderReplicas(p, Schedulable(10, 40)), 3);
  EXPECT_EQ(LadderReplicas(p, Schedulable(10, 64)), 4);
}

TEST(LadderReplicas, NoLadderGivesZero) {
  EXPECT_EQ(LadderReplicas(Parse("null"), Schedulable(50, 200)), 0);
  EXPECT_EQ(LadderReplicas(Parse("{}"), Schedulable(50, 200)), 0);
  // An absent ladder contributes 0, so a cores-only ladder is not lifted to 1.
  EXPECT_EQ(LadderReplicas(Parse(R"({"coresToReplicas":[[0,0],[8,1]]})"), Schedulable(3, 4)), 0);
}

TEST(LadderReplicas, LastOfEqualThresholdsApplies) {
  // A stable sort keeps input order among equal thresholds (Go's sort.Sort is stable up to 12).
  LadderParams p = Parse(R"({"nodesToReplicas":[[5,7],[1,1],[5,3]]})");
  EXPECT_EQ(p.nodes_to_replicas, (Entries{{1, 1}, {5, 7}, {5, 3}}));
  EXPECT_EQ(LadderReplicas(p, Schedulable(5, 0)), 3);
  EXPECT_EQ(LadderReplicas(p, Schedulable(4, 0)), 1);
}

TEST(LadderReplicas, ReplicaCountWrapsToInt32) {
  LadderParams p = Parse(R"({"nodesToReplicas":[[1,4294967297]]})");
  EXPECT_EQ(LadderReplicas(p, Schedulable(3, 0)), 1);
}

}  // namespace
}  // namespace tunnelsim::cpa
