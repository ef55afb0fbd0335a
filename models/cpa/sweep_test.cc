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

TEST(Sweep, UniformClusterStatus) {
  EXPECT_EQ(UniformClusterStatus(3, 1900), (ClusterStatus{3, 3, 6, 6}));
  EXPECT_EQ(UniformClusterStatus(0, 4000), (ClusterStatus{0, 0, 0, 0}));
}

}  // namespace
}  // namespace tunnelsim::cpa
