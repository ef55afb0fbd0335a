#include "models/cpa/cluster_status.h"

#include <vector>

#include <gtest/gtest.h>

namespace tunnelsim::cpa {
namespace {

// The upstream k8sclient test: nodes of 1, 2, 3 (cordoned) and 3 (NotReady) CPUs.
const std::vector<NodeState> kUpstreamNodes = {
    {1000, false, true}, {2000, false, true}, {3000, true, true}, {3000, false, false}};

TEST(ClusterStatus, UpstreamExampleInV1_10_1) {
  EXPECT_EQ(
      ComputeClusterStatus(kUpstreamNodes, CpaVersion::kV1_10_1),
      (ClusterStatus{
          .total_nodes = 4, .schedulable_nodes = 2, .total_cores = 9, .schedulable_cores = 3}));
}

TEST(ClusterStatus, V1_9_0CountsNotReadyUncordonedNodes) {
  // AKS runs v1.9.0 builds: the NotReady node still counts, the cordoned one does not.
  EXPECT_EQ(
      ComputeClusterStatus(kUpstreamNodes, CpaVersion::kV1_9_0),
      (ClusterStatus{
          .total_nodes = 4, .schedulable_nodes = 3, .total_cores = 9, .schedulable_cores = 6}));
}

TEST(ClusterStatus, CoresAreTheCeilingOfTheExactSum) {
  std::vector<NodeState> nodes(3, NodeState{1900, false, true});
  ClusterStatus s = ComputeClusterStatus(nodes, CpaVersion::kV1_10_1);
  EXPECT_EQ(s.total_cores, 6);  // 5.7 -> 6
  std::vector<NodeState> small(5, NodeState{100, false, true});
  EXPECT_EQ(ComputeClusterStatus(small, CpaVersion::kV1_10_1).total_cores, 1);  // 0.5 -> 1
  EXPECT_EQ(MillicoresToCores(0), 0);
  EXPECT_EQ(MillicoresToCores(1), 1);
  EXPECT_EQ(MillicoresToCores(4000), 4);
  EXPECT_EQ(MillicoresToCores(4001), 5);
}

TEST(ClusterStatus, CordonedAndNotReadyNodeIsNeverSchedulable) {
  std::vector<NodeState> nodes = {{4000, true, false}};
  for (CpaVersion v : {CpaVersion::kV1_9_0, CpaVersion::kV1_10_1}) {
    ClusterStatus s = ComputeClusterStatus(nodes, v);
    EXPECT_EQ(s.schedulable_nodes, 0);
    EXPECT_EQ(s.schedulable_cores, 0);
    EXPECT_EQ(s.total_cores, 4);
  }
}

TEST(ClusterStatus, NoNodes) {
  EXPECT_EQ(ComputeClusterStatus({}, CpaVersion::kV1_9_0), ClusterStatus{});
}

TEST(ClusterStatus, CoresWrapToInt32LikeGo) {
  // 2^31 cores: Go's int32(int64) conversion wraps to -2^31.
  std::vector<NodeState> nodes = {{(int64_t{1} << 31) * 1000, false, true}};
  EXPECT_EQ(ComputeClusterStatus(nodes, CpaVersion::kV1_9_0).total_cores, INT32_MIN);
}

}  // namespace
}  // namespace tunnelsim::cpa
