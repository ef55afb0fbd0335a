#include "models/cpa/agent_load.h"

#include <cmath>

#include <gtest/gtest.h>

#include "models/cpa/quantity.h"
#include "models/cpa/sweep.h"

namespace tunnelsim::cpa {
namespace {

const char kAksLadder[] =
    R"({"nodesToReplicas":[[1,2],[100,3],[250,4],[500,5],[1000,6],[5000,10]]})";

ScalerParams Aks() { return *ParseConfigMapData({{"ladder", kAksLadder}}); }

TEST(AgentMemoryModel, PerStreamCostFromBufferFill) {
  AgentMemoryModel m;
  EXPECT_EQ(m.PerStreamBytes(), 64 * kKiB);
  m.buffer_fill = 1;
  EXPECT_EQ(m.PerStreamBytes(), 64 * kKiB + 150 * 4 * kKiB);  // 664 KiB, §D worst case
  m.buffer_fill = 0.5;
  EXPECT_EQ(m.PerStreamBytes(), 64 * kKiB + 300 * kKiB);
}

TEST(TunnelLoad, ConcurrentStreamsUseLittlesLaw) {
  TunnelLoad load{.logs_follow = 10,
                  .exec_sessions = 5,
                  .port_forwards = 2,
                  .webhook_calls_per_second = 50,
                  .webhook_latency_seconds = 0.2,
                  .aggregated_api_calls_per_second = 10,
                  .aggregated_api_latency_seconds = 0.1};
  EXPECT_DOUBLE_EQ(load.ConcurrentStreams(), 28);
}

TEST(AgentMemory, StreamsSpreadEvenlyAndTheBusiestReplicaIsReported) {
  TunnelLoad load{.logs_follow = 27};
  Result<AgentMemoryReport> r =
      EvaluateAgentMemory(AgentMemoryModel{}, load, 2, *ParseMemoryBytes("30Mi"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->busiest_replica_streams, 14);  // ceil(27 / 2)
  EXPECT_EQ(r->busiest_replica_bytes, 20 * kMiB + 14 * 64 * kKiB);
  EXPECT_EQ(r->headroom_bytes, 30 * kMiB - r->busiest_replica_bytes);
  EXPECT_FALSE(r->oom);
  EXPECT_FALSE(r->under_provisioned());
}

TEST(AgentMemory, FullBuffersOverflowTheUpstreamExampleLimit) {
  AgentMemoryModel busy;
  busy.buffer_fill = 1;
  TunnelLoad load{.exec_sessions = 40};
  Result<AgentMemoryReport> r = EvaluateAgentMemory(busy, load, 2, 30 * kMiB);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->busiest_replica_bytes, 20 * kMiB + 20 * 664 * kKiB);  // 33760 KiB
  EXPECT_TRUE(r->oom);
  EXPECT_LT(r->headroom_bytes, 0);
  // Exactly at the limit is not an OOM.
  Result<AgentMemoryReport> at = EvaluateAgentMemory(busy, load, 2, r->busiest_replica_bytes);
  EXPECT_FALSE(at->oom);
  EXPECT_EQ(at->headroom_bytes, 0);
}

TEST(AgentMemory, ZeroReplicasServeNothing) {
  Result<AgentMemoryReport> r =
      EvaluateAgentMemory(AgentMemoryModel{}, TunnelLoad{.port_forwards = 1}, 0, 30 * kMiB);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->no_agents);
  EXPECT_FALSE(r->oom);
  EXPECT_TRUE(r->under_provisioned());
  EXPECT_FALSE(
      EvaluateAgentMemory(AgentMemoryModel{}, TunnelLoad{}, 0, 30 * kMiB)->under_provisioned());
}

TEST(AgentMemory, RejectsInvalidInputs) {
  AgentMemoryModel m;
  EXPECT_FALSE(EvaluateAgentMemory(m, TunnelLoad{.logs_follow = -1}, 2, kMiB).ok());
  EXPECT_FALSE(EvaluateAgentMemory(m, TunnelLoad{.logs_follow = std::nan("")}, 2, kMiB).ok());
  EXPECT_FALSE(EvaluateAgentMemory(m, TunnelLoad{.logs_follow = 1e13}, 2, kMiB).ok());
  EXPECT_FALSE(EvaluateAgentMemory(m, TunnelLoad{}, -1, kMiB).ok());
  EXPECT_FALSE(EvaluateAgentMemory(m, TunnelLoad{}, 2, 0).ok());
  m.buffer_fill = 1.5;
  EXPECT_FALSE(EvaluateAgentMemory(m, TunnelLoad{}, 2, kMiB).ok());
  m.buffer_fill = 0;
  m.base_bytes = int64_t{1} << 41;
  EXPECT_EQ(EvaluateAgentMemory(m, TunnelLoad{}, 2, kMiB).status().code(),
            Status::Code::kOutOfRange);
}

TEST(AgentMemory, LargeLoadsSaturateInsteadOfOverflowing) {
  AgentMemoryModel m;
  m.idle_stream_bytes = int64_t{1} << 40;
  Result<AgentMemoryReport> r = EvaluateAgentMemory(m, TunnelLoad{.logs_follow = 1e12}, 1, kMiB);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->busiest_replica_bytes, INT64_MAX);
  EXPECT_TRUE(r->oom);
}

TEST(FirstUnderProvisioned, AksLadderWithFullBuffersUnder125Mi) {
  // Half a busy stream per node. Per replica: 20 MiB + 664 KiB per stream fits 161 streams
  // in 125 MiB. 6 replicas (1000-4999 nodes) hold 966 streams: 1932 nodes; 1933 nodes need
  // 967 streams and the busiest replica gets 162.
  AgentMemoryModel busy;
  busy.buffer_fill = 1;
  GrowingLoad load{.fixed = {}, .per_node = TunnelLoad{.logs_follow = 0.5}};
  Result<std::optional<UnderProvisioning>> r =
      FindFirstUnderProvisioned(Aks(), 4000, 1, 5000, busy, load, 125 * kMiB);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->nodes, 1933);
  EXPECT_EQ((*r)->report.replicas, 6);
  EXPECT_EQ((*r)->report.busiest_replica_streams, 162);
  EXPECT_TRUE((*r)->report.oom);
}

TEST(FirstUnderProvisioned, MatchesNodeByNodeSearch) {
  AgentMemoryModel m;
  m.buffer_fill = 0.3;
  GrowingLoad load{
      .fixed = TunnelLoad{.webhook_calls_per_second = 40, .webhook_latency_seconds = 0.5},
      .per_node = TunnelLoad{.exec_sessions = 0.2, .webhook_calls_per_second = 1}};
  for (int64_t limit : {30 * kMiB, 64 * kMiB, 125 * kMiB}) {
    std::optional<int64_t> expected;
    for (int64_t n = 1; n <= 5000 && !expected; ++n) {
      int32_t replicas = ExpectedReplicas(Aks(), UniformClusterStatus(n, 4000));
      if (EvaluateAgentMemory(m, load.At(n), replicas, limit)->under_provisioned()) expected = n;
    }
    Result<std::optional<UnderProvisioning>> r =
        FindFirstUnderProvisioned(Aks(), 4000, 1, 5000, m, load, limit);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->has_value(), expected.has_value()) << limit;
    if (expected) {
      EXPECT_EQ((*r)->nodes, *expected) << limit;
    }
  }
}

TEST(FirstUnderProvisioned, RejectsShrinkingLoads) {
  GrowingLoad shrinking{.fixed = TunnelLoad{.logs_follow = 1000},
                        .per_node = TunnelLoad{.logs_follow = -0.1}};
  EXPECT_FALSE(
      FindFirstUnderProvisioned(Aks(), 4000, 1, 5000, AgentMemoryModel{}, shrinking, 125 * kMiB)
          .ok());
}

TEST(FirstUnderProvisioned, NoneWhenTheLoadFits) {
  Result<std::optional<UnderProvisioning>> r = FindFirstUnderProvisioned(
      Aks(), 4000, 1, 5000, AgentMemoryModel{},
      GrowingLoad{.fixed = {}, .per_node = TunnelLoad{.logs_follow = 0.1}}, 125 * kMiB);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
}

TEST(FirstUnderProvisioned, ALadderStepOfZeroReplicasIsUnderProvisioned) {
  ScalerParams zero = *ParseConfigMapData({{"ladder", R"({"nodesToReplicas":[[0,0],[10,1]]})"}});
  Result<std::optional<UnderProvisioning>> r = FindFirstUnderProvisioned(
      zero, 4000, 1, 100, AgentMemoryModel{},
      GrowingLoad{.fixed = {}, .per_node = TunnelLoad{.logs_follow = 0.25}}, 125 * kMiB);
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->nodes, 1);
  EXPECT_TRUE((*r)->report.no_agents);
}

}  // namespace
}  // namespace tunnelsim::cpa
