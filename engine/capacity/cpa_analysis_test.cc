// AnalyzeCpa and BuildCpaSetup on small scenarios whose answers are worked out by hand from
// reference/konnectivity-cpa.md §A2, §B and the memory model of models/cpa/agent_load.h.
#include "engine/capacity/cpa_analysis.h"

#include <gtest/gtest.h>

#include "engine/capacity/cpa_test_util.h"

namespace tunnelsim::capacity {
namespace {

using testing::ScenarioYaml;
using testing::SetupError;
using testing::SetupOrFail;

// 1 MiB per stream, 20 MiB base, one stream per node, a 100Mi limit: the busiest of r
// replicas at n nodes needs 20 + ceil(n / r) MiB, so it passes the limit when
// ceil(n / r) > 80.
std::string OneMibPerStream(const std::string& autoscaler) {
  return R"(    agent:
      resources:
        limits: {memory: 100Mi}
    load:
      streamsPerNode: 1
      baseMemory: 20Mi
      memoryPerStream: 1Mi
      bufferFill: 0
)" + autoscaler;
}

CpaReport Analyze(const CpaSetup& setup, CpaQuery query = {}) {
  Result<CpaReport> r = AnalyzeCpa(setup, query);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r.value() : CpaReport{};
}

TEST(CpaSetupTest, NoConfigMapMeansAksDefaultLadder) {
  CpaSetup setup = SetupOrFail(ScenarioYaml(""));
  EXPECT_EQ(setup.source, ReplicaSource::kAksDefaultLadder);
  EXPECT_EQ(setup.config_map_data.at("ladder"), kAksDefaultLadderJson);
  ASSERT_FALSE(setup.notes.empty());
  EXPECT_NE(setup.notes.front().find("AKS's documented default ladder"), std::string::npos);
  CpaReport r = Analyze(setup);
  // reference/konnectivity-cpa.md §B: 0-99 -> 2, 100-249 -> 3, ... >= 5000 -> 10.
  EXPECT_EQ(r.steps, (std::vector<cpa::ReplicaStep>{
                         {1, 2}, {100, 3}, {250, 4}, {500, 5}, {1000, 6}, {5000, 10}}));
  ASSERT_EQ(r.step_figures.size(), 6u);
  EXPECT_EQ(r.step_figures[0].to, 99);
  EXPECT_EQ(r.step_figures[4].to, 4999);
  EXPECT_EQ(r.step_figures[5].to, 5000);
  EXPECT_EQ(r.current.replicas, 2);
  EXPECT_EQ(r.current.nodes, 3);
  EXPECT_EQ(r.current.cores, 12);
}

TEST(CpaSetupTest, ConfigMapLadderAndFixedReplicas) {
  CpaSetup ladder =
      SetupOrFail(ScenarioYaml("    autoscaler:\n      ladder: '{\"nodesToReplicas\":[[1,2]]}'\n"));
  EXPECT_EQ(ladder.source, ReplicaSource::kConfigMap);
  EXPECT_EQ(Analyze(ladder).steps, (std::vector<cpa::ReplicaStep>{{1, 2}}));

  CpaSetup fixed =
      SetupOrFail(ScenarioYaml("    agent: {replicas: 7}\n    autoscaler:\n      ladder: "
                               "'{\"nodesToReplicas\":[[1,2]]}'\n"));
  EXPECT_EQ(fixed.source, ReplicaSource::kFixedReplicas);
  EXPECT_EQ(Analyze(fixed).steps, (std::vector<cpa::ReplicaStep>{{1, 7}}));
  ASSERT_FALSE(fixed.notes.empty());
  EXPECT_NE(fixed.notes.front().find("autoscaler data is ignored"), std::string::npos);
}

TEST(CpaSetupTest, ErrorsPointAtTheValue) {
  EXPECT_EQ(
      SetupError(ScenarioYaml("    autoscaler:\n      ladder: '{\"nodesToReplicas\":[[1,-2]]}'\n")),
      "test.yaml:10:15: error: the konnectivity-agent-autoscaler configmap is invalid: "
      "error parsing ladder params: invalid negative values in entry [1 -2] in "
      "nodes_to_replicas_map\n");
  EXPECT_EQ(
      SetupError(ScenarioYaml("    agent:\n      resources:\n        limits: {memory: 12x}\n")),
      "test.yaml:11:26: error: the agent's memory limit is invalid: '12x' is not a quantity: "
      "quantities must match the regular expression "
      "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'; expected a memory quantity such as "
      "125Mi\n");
  EXPECT_EQ(SetupError(ScenarioYaml("    agent:\n      resources:\n        limits: {memory: 0}\n")),
            "test.yaml:11:26: error: the agent's memory limit is 0; expected more than 0 bytes\n");
  EXPECT_EQ(SetupError(ScenarioYaml("    kind: tunnel-front\n")),
            "test.yaml:9:11: error: the tunnel kind is tunnel-front, a single tunnel pod with no "
            "autoscaler; expected konnectivity for `tunnelsim cpa`\n");
}

TEST(CpaAnalysisTest, FirstUnderProvisionedWithAFixedLadder) {
  CpaSetup setup = SetupOrFail(ScenarioYaml(
      OneMibPerStream("    autoscaler:\n      ladder: '{\"nodesToReplicas\":[[1,2]]}'\n")));
  CpaReport r = Analyze(setup);
  // ceil(n / 2) > 80 from n = 161.
  ASSERT_TRUE(r.first_under_provisioned.has_value());
  EXPECT_EQ(r.first_under_provisioned->nodes, 161);
  EXPECT_EQ(r.first_under_provisioned->memory.busiest_replica_streams, 81);
  EXPECT_EQ(r.first_under_provisioned->memory.busiest_replica_bytes, 101 * cpa::kMiB);
  EXPECT_EQ(r.first_under_provisioned->memory.headroom_bytes, -cpa::kMiB);
  EXPECT_EQ(r.first_under_provisioned->replicas_needed, 3);  // ceil(161 / 80)
  ASSERT_EQ(r.step_figures.size(), 1u);
  EXPECT_EQ(r.step_figures[0].under_provisioned_from, 161);
  EXPECT_FALSE(r.current.under_provisioned());  // 3 nodes
  EXPECT_TRUE(r.oom_predicted());

  CpaReport small = Analyze(setup, {{1, 160}, {}, {}});
  EXPECT_FALSE(small.first_under_provisioned.has_value());
  EXPECT_FALSE(small.oom_predicted());
  // An --at size outside the range still counts.
  EXPECT_TRUE(Analyze(setup, {{1, 160}, {161}, {}}).oom_predicted());
}

TEST(CpaAnalysisTest, FirstUnderProvisionedWithTheDefaultLadder) {
  CpaReport r = Analyze(SetupOrFail(ScenarioYaml(OneMibPerStream(""))));
  // 1..99: 2 replicas, at most 50 streams; 100..249: 3 replicas, ceil(n / 3) > 80 from 241.
  ASSERT_TRUE(r.first_under_provisioned.has_value());
  EXPECT_EQ(r.first_under_provisioned->nodes, 241);
  EXPECT_EQ(r.first_under_provisioned->replicas, 3);
  EXPECT_FALSE(r.step_figures[0].under_provisioned_from.has_value());
  EXPECT_EQ(r.step_figures[1].under_provisioned_from, 241);
  // Every later step is short too: 250 nodes / 4 = 63 streams is fine, 4 x 80 = 320 is not.
  EXPECT_EQ(r.step_figures[2].under_provisioned_from, 321);
  EXPECT_EQ(r.step_figures[1].at_start.memory.busiest_replica_bytes, (20 + 34) * cpa::kMiB);
}

TEST(CpaAnalysisTest, SuggestedLadderFitsTheLoad) {
  CpaSetup setup = SetupOrFail(ScenarioYaml(
      OneMibPerStream("    autoscaler:\n      ladder: '{\"nodesToReplicas\":[[1,2]]}'\n")));
  CpaReport r = Analyze(setup, {{1, 400}, {}, {}});
  // 80 streams per replica: 2 up to 160 nodes, 3 up to 240, 4 up to 320, 5 from 321.
  EXPECT_EQ(r.suggested_ladder,
            (std::vector<cpa::ReplicaStep>{{1, 2}, {161, 3}, {241, 4}, {321, 5}}));
  EXPECT_EQ(NodesLadderJson(r.suggested_ladder),
            R"({"nodesToReplicas":[[1,2],[161,3],[241,4],[321,5]]})");
  // The suggestion, put back into the configmap, predicts no OOM over the range.
  setup.params = cpa::ParseConfigMapData({{"ladder", NodesLadderJson(r.suggested_ladder)}}).value();
  CpaReport fixed = Analyze(setup, {{1, 400}, {}, {}});
  EXPECT_FALSE(fixed.first_under_provisioned.has_value());
  // Without a limit there is nothing to fit.
  EXPECT_TRUE(Analyze(SetupOrFail(ScenarioYaml("    load: {streamsPerNode: 1}\n")))
                  .suggested_ladder.empty());
}

TEST(CpaAnalysisTest, CurrentSizeIsJudgedEvenOutsideTheRange) {
  std::string pools = "  - {name: big, count: 300, vmSize: Standard_D4s_v5, subnet: aks-subnet}\n";
  CpaSetup setup = SetupOrFail(ScenarioYaml(
      OneMibPerStream("    autoscaler:\n      ladder: '{\"nodesToReplicas\":[[1,2]]}'\n"), pools));
  CpaReport r = Analyze(setup, {{1, 10}, {}, {}});
  EXPECT_FALSE(r.first_under_provisioned.has_value());
  EXPECT_TRUE(r.current.memory.oom);  // 150 streams per replica
  EXPECT_TRUE(r.oom_predicted());
}

TEST(CpaAnalysisTest, NoLimitMeansNoJudgement) {
  CpaSetup setup = SetupOrFail(ScenarioYaml("    load: {streamsPerNode: 100}\n"));
  EXPECT_FALSE(setup.memory_limit_bytes.has_value());
  CpaReport r = Analyze(setup);
  EXPECT_FALSE(r.first_under_provisioned.has_value());
  EXPECT_FALSE(r.current.has_limit);
  EXPECT_FALSE(r.current.replicas_needed.has_value());
  EXPECT_GT(r.current.memory.busiest_replica_bytes, 0);
  EXPECT_FALSE(r.oom_predicted());
}

TEST(CpaAnalysisTest, ZeroReplicasUnderLoadIsUnderProvisioned) {
  CpaReport r =
      Analyze(SetupOrFail(ScenarioYaml("    load: {execSessions: 1}\n    autoscaler:\n      "
                                       "ladder: '{\"nodesToReplicas\":[[0,0]]}'\n")));
  ASSERT_TRUE(r.first_under_provisioned.has_value());
  EXPECT_EQ(r.first_under_provisioned->nodes, 1);
  EXPECT_TRUE(r.first_under_provisioned->memory.no_agents);
  EXPECT_TRUE(r.oom_predicted());
}

TEST(CpaAnalysisTest, CoresKeepThePoolMix) {
  std::string pools =
      "  - {name: small, count: 2, vmSize: Standard_D4s_v5, subnet: aks-subnet}\n"
      "  - {name: tiny, count: 1, cores: 2, subnet: aks-subnet}\n";
  CpaSetup setup = SetupOrFail(ScenarioYaml(
      "    autoscaler:\n      ladder: '{\"coresToReplicas\":[[1,1],[10,3],[11,4]]}'\n", pools));
  EXPECT_EQ(setup.current_status.schedulable_cores, 10);
  EXPECT_EQ(setup.sweep_millicores_per_node, 3333);  // 10 cores / 3 nodes
  CpaReport r = Analyze(setup, {{1, 10}, {3, 4}, {}});
  EXPECT_EQ(r.current.replicas, 3);
  EXPECT_EQ(r.current.cores, 10);
  // At 3 average nodes 9.999 cores round up to 10; at 4, 13.332 -> 14.
  EXPECT_EQ(r.at[0].cores, 10);
  EXPECT_EQ(r.at[0].replicas, 3);
  EXPECT_EQ(r.at[1].replicas, 4);
}

TEST(CpaAnalysisTest, TimelineFollowsTheTenSecondPolls) {
  CpaSetup setup = SetupOrFail(ScenarioYaml(""));
  CpaReport r = Analyze(setup, {{1, 5000}, {}, {{0, 10}, {605, 100}, {607, 300}, {3600, 400}}});
  EXPECT_EQ(r.poll_period_seconds, 10);
  ASSERT_EQ(r.timeline.size(), 4u);
  EXPECT_EQ(r.timeline[0].poll_time, 0);
  EXPECT_EQ(r.timeline[0].replicas, 2);
  // 100 nodes from 605 s, but 300 from 607 s: no poll in between, CPA never sees 100.
  EXPECT_EQ(r.timeline[1].poll_time, std::nullopt);
  EXPECT_EQ(r.timeline[1].replicas_before, 2);
  EXPECT_EQ(r.timeline[1].replicas, 2);
  EXPECT_EQ(r.timeline[2].poll_time, 610);
  EXPECT_EQ(r.timeline[2].replicas_before, 2);
  EXPECT_EQ(r.timeline[2].replicas, 4);
  EXPECT_EQ(r.timeline[2].peak.replicas, 2);  // until the poll, 300 nodes' load on 2 agents
  EXPECT_EQ(r.timeline[3].poll_time, 3600);
  EXPECT_EQ(r.timeline[3].replicas, 4);
  // Default port table (reference/azure.md §2.2): 10 -> 1,024, 100 -> 512, 300 and 400 -> 128.
  EXPECT_EQ(r.timeline[0].peak.snat_ports_per_node, 1024);
  EXPECT_EQ(r.timeline[0].previous_snat_ports, std::nullopt);
  EXPECT_EQ(r.timeline[1].peak.snat_ports_per_node, 512);
  EXPECT_EQ(r.timeline[1].previous_snat_ports, 1024);
  EXPECT_EQ(r.timeline[2].peak.snat_ports_per_node, 128);
  EXPECT_EQ(r.timeline[3].previous_snat_ports, 128);
}

TEST(CpaAnalysisTest, SnatOnlyForPublicLoadBalancerDefaults) {
  CpaSetup fixed_ports = SetupOrFail(
      ScenarioYaml("", "", "outbound:\n  loadBalancer: {allocatedOutboundPorts: 4000}\n"));
  EXPECT_FALSE(fixed_ports.snat.applies);
  EXPECT_EQ(fixed_ports.snat.why_not,
            "allocatedOutboundPorts is 4000: a fixed allocation, not the default table");
  EXPECT_FALSE(FiguresAt(fixed_ports, 10, 2).snat_ports_per_node.has_value());
  CpaSetup two_ips =
      SetupOrFail(ScenarioYaml("", "", "outbound:\n  loadBalancer: {managedOutboundIPs: 2}\n"));
  EXPECT_TRUE(two_ips.snat.applies);
  EXPECT_EQ(FiguresAt(two_ips, 150, 2).snat_ports_per_node, 512);
  EXPECT_EQ(FiguresAt(two_ips, 1001, 2).snat_ports_per_node, std::nullopt);
}

TEST(CpaAnalysisTest, EverySweepValueFollowsTheSteps) {
  CpaSetup setup = SetupOrFail(ScenarioYaml(OneMibPerStream("")));
  CpaReport r = Analyze(setup, {{95, 105}, {}, {}});
  std::vector<CapacityFigures> all = EverySweepValue(setup, r);
  ASSERT_EQ(all.size(), 11u);
  EXPECT_EQ(all.front().nodes, 95);
  EXPECT_EQ(all[4].replicas, 2);  // 99 nodes
  EXPECT_EQ(all[5].replicas, 3);  // 100 nodes
  EXPECT_EQ(all[5].memory.busiest_replica_bytes, (20 + 34) * cpa::kMiB);
}

TEST(CpaAnalysisTest, RejectsABadQuery) {
  CpaSetup setup = SetupOrFail(ScenarioYaml(""));
  EXPECT_EQ(AnalyzeCpa(setup, {{0, 10}, {}, {}}).status().message(),
            "first node count 0 is out of range; expected 1..5000");
  EXPECT_EQ(AnalyzeCpa(setup, {{10, 5}, {}, {}}).status().message(),
            "node range 10..5 is reversed; expected FIRST <= LAST");
  EXPECT_FALSE(AnalyzeCpa(setup, {{1, 10}, {}, {{5, 1}, {5, 2}}}).ok());
  CpaQuery cores;
  cores.axis = SweepAxis::kCores;
  cores.range = {64, 8};
  EXPECT_EQ(AnalyzeCpa(setup, cores).status().message(),
            "core range 64..8 is reversed; expected FIRST <= LAST");
  cores.range = {1, 5'000'001};
  EXPECT_EQ(AnalyzeCpa(setup, cores).status().message(),
            "last core count 5000001 is out of range; expected 1..5000000");
  cores.range = {8, 64};
  cores.fixed_nodes = 5001;
  EXPECT_EQ(AnalyzeCpa(setup, cores).status().message(),
            "node count 5001 is out of range; expected 1..5000");
  CpaQuery held;
  held.fixed_cores = 0;
  EXPECT_EQ(AnalyzeCpa(setup, held).status().message(),
            "core count 0 is out of range; expected 1..5000000");
  CpaQuery window;
  window.oom_window_seconds = 0;
  EXPECT_EQ(AnalyzeCpa(setup, window).status().message(), "OOM window 0 s; expected 1..2592000 s");
}

}  // namespace
}  // namespace tunnelsim::capacity
