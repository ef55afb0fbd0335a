#include "models/cpa/sweep.h"

#include <gtest/gtest.h>

namespace tunnelsim::cpa {
namespace {

using Steps = std::vector<ReplicaStep>;

ScalerParams ParseOrDie(std::string mode, std::string json) {
  Result<ScalerParams> p = ParseConfigMapData({{mode, json}});
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? *p : ScalerParams{};
}

// The same function evaluated node by node, as the reference for the step lists.
Steps BruteForce(const ScalerParams& p, int64_t m, int64_t first, int64_t last) {
  Steps steps;
  for (int64_t n = first; n <= last; ++n) {
    int32_t r = ExpectedReplicas(p, UniformClusterStatus(n, m));
    if (steps.empty() || steps.back().replicas != r) steps.push_back({n, r});
  }
  return steps;
}

const char kAksLadder[] =
    R"({"nodesToReplicas":[[1,2],[100,3],[250,4],[500,5],[1000,6],[5000,10]]})";

TEST(Sweep, AksLadderFromOneToFiveThousandNodes) {
  Result<Steps> s = SweepReplicas(ParseOrDie("ladder", kAksLadder), 4000, 1, 5000);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, (Steps{{1, 2}, {100, 3}, {250, 4}, {500, 5}, {1000, 6}, {5000, 10}}));
  EXPECT_EQ(*SweepReplicas(ParseOrDie("ladder", kAksLadder), 4000, 0, 99), (Steps{{0, 2}}));
  EXPECT_EQ(*SweepReplicas(ParseOrDie("ladder", kAksLadder), 4000, 300, 300), (Steps{{300, 4}}));
}

TEST(Sweep, CoreThresholdsMapToNodeCounts) {
  ScalerParams p = ParseOrDie("ladder", R"({"coresToReplicas":[[1,1],[64,2],[512,3]]})");
  // 4 cores a node: 64 cores at 16 nodes, 512 at 128.
  EXPECT_EQ(*SweepReplicas(p, 4000, 1, 1000), (Steps{{1, 1}, {16, 2}, {128, 3}}));
  // 1.9 cores a node: ceil(1.9 n) reaches 64 at n = 34 (33 nodes give 63).
  EXPECT_EQ((*SweepReplicas(p, 1900, 1, 1000))[1], (ReplicaStep{34, 2}));
  EXPECT_EQ(*SweepReplicas(p, 1900, 1, 1000), BruteForce(p, 1900, 1, 1000));
  // Nodes with no allocatable CPU never reach a core threshold.
  EXPECT_EQ(*SweepReplicas(p, 0, 1, 1000), (Steps{{1, 1}}));
}

TEST(Sweep, LadderWithDecreasingCountsAndBothTables) {
  ScalerParams p = ParseOrDie(
      "ladder",
      R"({"coresToReplicas":[[0,0],[10,4],[40,1]],"nodesToReplicas":[[3,2],[7,0],[20,5]]})");
  for (int64_t m : {0, 500, 1000, 2500, 7000}) {
    EXPECT_EQ(*SweepReplicas(p, m, 0, 200), BruteForce(p, m, 0, 200)) << m;
  }
}

TEST(Sweep, LinearMatchesNodeByNodeEvaluation) {
  const char* configs[] = {
      R"({"coresPerReplica":256,"nodesPerReplica":16,"preventSinglePointFailure":true})",
      R"({"nodesPerReplica":0.7})",
      R"({"nodesPerReplica":1})",
      R"({"coresPerReplica":3.3,"min":2,"max":40})",
      R"({"nodesPerReplica":10,"max":1,"preventSinglePointFailure":true})",
      R"({"coresPerReplica":1e-9,"nodesPerReplica":2})",  // int32 wrap of huge counts
  };
  for (const char* json : configs) {
    ScalerParams p = ParseOrDie("linear", json);
    for (int64_t m : {0, 1900, 4000}) {
      EXPECT_EQ(*SweepReplicas(p, m, 0, 3000), BruteForce(p, m, 0, 3000)) << json << " " << m;
    }
  }
}

TEST(Sweep, LinearStepsForCoreDnsStyleParams) {
  ScalerParams p = ParseOrDie(
      "linear", R"({"coresPerReplica":256,"nodesPerReplica":16,"preventSinglePointFailure":true})");
  Steps s = *SweepReplicas(p, 4000, 1, 40);
  EXPECT_EQ(s, (Steps{{1, 1}, {2, 2}, {33, 3}}));
}

TEST(Sweep, RejectsRangesOutsideTheModel) {
  ScalerParams p = ParseOrDie("ladder", kAksLadder);
  EXPECT_FALSE(SweepReplicas(p, 4000, 10, 5).ok());
  EXPECT_FALSE(SweepReplicas(p, 4000, -1, 5).ok());
  EXPECT_FALSE(SweepReplicas(p, 4000, 1, 1'000'001).ok());
  EXPECT_FALSE(SweepReplicas(p, -1, 1, 5).ok());
  EXPECT_FALSE(SweepReplicas(p, 2'000'001, 1, 5).ok());
  EXPECT_TRUE(SweepReplicas(p, 2'000'000, 1, 1'000'000).ok());
}

// The same along any line, value by value.
Steps BruteForceLine(const ScalerParams& p, const SweepLine& line, int64_t first, int64_t last) {
  Steps steps;
  for (int64_t x = first; x <= last; ++x) {
    int32_t r = ExpectedReplicas(p, line.At(x));
    if (steps.empty() || steps.back().replicas != r) steps.push_back({x, r});
  }
  return steps;
}

TEST(Sweep, CoresOnAFixedNodeCount) {
  SweepLine line = SweepLine::CoresOnNodes(1200);
  EXPECT_TRUE(line.sweeps_cores());
  EXPECT_EQ(line.At(64), (ClusterStatus{1200, 1200, 64, 64}));
  // Core thresholds are the steps; the nodes ladder is the same everywhere (1,200 -> 6).
  ScalerParams both = ParseOrDie(
      "ladder", R"({"coresToReplicas":[[1,1],[4000,5],[9000,8]],"nodesToReplicas":[[1,2],)"
                R"([1000,6]]})");
  EXPECT_EQ(*SweepReplicas(both, line, 1, 20000), (Steps{{1, 6}, {9000, 8}}));
  EXPECT_EQ(*SweepReplicas(ParseOrDie("ladder", kAksLadder), line, 1, 20000), (Steps{{1, 6}}));
  ScalerParams linear = ParseOrDie(
      "linear", R"({"coresPerReplica":256,"nodesPerReplica":16,"preventSinglePointFailure":true})");
  // 1,200 nodes / 16 = 75 replicas until the cores need more: 256 x 75 = 19,200.
  Steps s = *SweepReplicas(linear, line, 1, 20000);
  EXPECT_EQ(s.front(), (ReplicaStep{1, 75}));
  EXPECT_EQ(s[1], (ReplicaStep{19201, 76}));
  EXPECT_EQ(s, BruteForceLine(linear, line, 1, 20000));
  const ScalerParams others[] = {
      ParseOrDie("ladder", R"({"coresToReplicas":[[0,0],[10,4],[40,1]]})"),
      ParseOrDie("linear", R"({"coresPerReplica":0.7,"min":2,"max":40})"),
      ParseOrDie("linear", R"({"nodesPerReplica":1,"preventSinglePointFailure":true})")};
  for (const ScalerParams& p : others) {
    for (int64_t nodes : {0, 1, 7}) {
      SweepLine l = SweepLine::CoresOnNodes(nodes);
      EXPECT_EQ(*SweepReplicas(p, l, 0, 300), BruteForceLine(p, l, 0, 300)) << nodes;
    }
  }
}

TEST(Sweep, NodesSharingAFixedCoreCount) {
  SweepLine line = SweepLine::NodesWithCores(64);
  EXPECT_FALSE(line.sweeps_cores());
  EXPECT_EQ(line.At(10), (ClusterStatus{10, 10, 64, 64}));
  ScalerParams both = ParseOrDie(
      "ladder", R"({"coresToReplicas":[[1,1],[64,3]],"nodesToReplicas":[[1,2],[100,4]]})");
  EXPECT_EQ(*SweepReplicas(both, line, 1, 500), (Steps{{1, 3}, {100, 4}}));
  ScalerParams pspf =
      ParseOrDie("linear", R"({"nodesPerReplica":10,"max":1,"preventSinglePointFailure":true})");
  EXPECT_EQ(*SweepReplicas(pspf, line, 0, 50), (Steps{{0, 1}, {2, 2}}));
  EXPECT_EQ(*SweepReplicas(pspf, line, 0, 50), BruteForceLine(pspf, line, 0, 50));
}

TEST(Sweep, RejectsLinesOutsideTheModel) {
  ScalerParams p = ParseOrDie("ladder", kAksLadder);
  EXPECT_EQ(SweepReplicas(p, SweepLine::CoresOnNodes(5), 0, 2'147'483'648).status().message(),
            "core range 0..2147483648 is invalid; expected 0 <= first <= last <= 2147483647");
  EXPECT_EQ(SweepReplicas(p, SweepLine::CoresOnNodes(1'000'001), 0, 5).status().message(),
            "1000001 nodes is out of range; expected 0..1000000");
  EXPECT_EQ(SweepReplicas(p, SweepLine::NodesWithCores(-1), 0, 5).status().message(),
            "-1 cores is out of range; expected 0..2147483647");
  EXPECT_EQ(SweepReplicas(p, 4000, 10, 5).status().message(),
            "node range 10..5 is invalid; expected 0 <= first <= last <= 1000000");
  EXPECT_TRUE(SweepReplicas(p, SweepLine::CoresOnNodes(1'000'000), 0, 2'147'483'647).ok());
}

TEST(Sweep, UniformClusterStatus) {
  EXPECT_EQ(UniformClusterStatus(3, 1900), (ClusterStatus{3, 3, 6, 6}));
  EXPECT_EQ(UniformClusterStatus(0, 4000), (ClusterStatus{0, 0, 0, 0}));
}

}  // namespace
}  // namespace tunnelsim::cpa
