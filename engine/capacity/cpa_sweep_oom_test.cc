// AnalyzeCpa along core counts and with the cores held, and the OOM kills it simulates at
// each reported size (models/cpa/oom_restart.h), on small scenarios worked out by hand.
#include <gtest/gtest.h>

#include "engine/capacity/cpa_analysis.h"
#include "engine/capacity/cpa_format.h"
#include "engine/capacity/cpa_test_util.h"

namespace tunnelsim::capacity {
namespace {

using testing::ScenarioYaml;
using testing::SetupOrFail;

CpaReport Analyze(const CpaSetup& setup, CpaQuery query = {}) {
  Result<CpaReport> r = AnalyzeCpa(setup, query);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r.value() : CpaReport{};
}

// 20 MiB base, 1 MiB per stream, one stream per node, a 100Mi limit (80 streams a replica).
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

// A cores ladder on 3 x 4-core nodes with the 1 MiB-per-stream model: 1 stream per node, so
// 3 streams whatever the cores; a 21Mi limit holds 1 stream per replica.
std::string CoresLadder(const std::string& limit) {
  return "    agent:\n      resources:\n        limits: {memory: " + limit +
         "}\n    load: {streamsPerNode: 1, baseMemory: 20Mi, memoryPerStream: 1Mi}\n"
         "    autoscaler:\n      ladder: '{\"coresToReplicas\":[[1,1],[16,2],[64,3]]}'\n";
}

TEST(CpaAnalysisTest, CoreSweepHoldsTheNodes) {
  CpaSetup setup = SetupOrFail(ScenarioYaml(CoresLadder("21Mi")));
  CpaQuery q;
  q.axis = SweepAxis::kCores;
  q.range = {1, 100};
  CpaReport r = Analyze(setup, q);
  EXPECT_EQ(r.held, 3);  // the scenario's nodes
  EXPECT_EQ(r.steps, (std::vector<cpa::ReplicaStep>{{1, 1}, {16, 2}, {64, 3}}));
  ASSERT_EQ(r.step_figures.size(), 3u);
  EXPECT_EQ(r.step_figures[0].to, 15);
  EXPECT_EQ(r.step_figures[1].at_end.nodes, 3);
  EXPECT_EQ(r.step_figures[1].at_end.cores, 63);
  EXPECT_EQ(r.step_figures[1].at_end.memory.busiest_replica_streams, 2);  // ceil(3 / 2)
  // 3 streams on fewer than 3 replicas passes 21Mi: short from the range's start.
  ASSERT_TRUE(r.first_under_provisioned.has_value());
  EXPECT_EQ(r.first_under_provisioned->cores, 1);
  EXPECT_EQ(r.step_figures[1].under_provisioned_from, 16);
  EXPECT_FALSE(r.step_figures[2].under_provisioned_from.has_value());
  EXPECT_TRUE(r.suggested_ladder.empty());  // a core sweep's load does not change
  std::vector<CapacityFigures> all = EverySweepValue(setup, r);
  ASSERT_EQ(all.size(), 100u);
  EXPECT_EQ(all[62].cores, 63);
  EXPECT_EQ(all[62].replicas, 2);
  EXPECT_EQ(all[63].replicas, 3);
  EXPECT_EQ(SweptValue(r, all[63]), 64);
  ASSERT_TRUE(all[62].oom.has_value());
  EXPECT_EQ(all[62].oom->trigger, OomOutcome::Trigger::kOverLimit);

  q.fixed_nodes = 40;  // 40 streams now: 3 replicas hold at most 3
  CpaReport forty = Analyze(setup, q);
  EXPECT_EQ(forty.held, 40);
  EXPECT_EQ(forty.step_figures[2].at_start.memory.busiest_replica_streams, 14);
}

TEST(CpaAnalysisTest, NodeSweepWithTheCoresHeld) {
  CpaSetup setup = SetupOrFail(ScenarioYaml(CoresLadder("100Mi")));
  CpaQuery q;
  q.range = {1, 200};
  q.fixed_cores = 64;
  CpaReport r = Analyze(setup, q);
  EXPECT_EQ(r.held, 64);
  EXPECT_EQ(r.steps, (std::vector<cpa::ReplicaStep>{{1, 3}}));  // 64 cores at any node count
  EXPECT_EQ(r.step_figures[0].at_end.cores, 64);
  // 80 streams per replica: 3 replicas hold 240 nodes' streams.
  EXPECT_FALSE(r.first_under_provisioned.has_value());
  q.fixed_cores = 15;
  EXPECT_EQ(Analyze(setup, q).first_under_provisioned->nodes, 81);  // 1 replica
}

TEST(CpaAnalysisTest, OomKillsAtEachReportedSize) {
  CpaSetup setup = SetupOrFail(ScenarioYaml(
      OneMibPerStream("    autoscaler:\n      ladder: '{\"nodesToReplicas\":[[1,2]]}'\n")));
  CpaReport r = Analyze(setup, {{1, 200}, {50, 100}, {}});
  // 161 nodes: 81 + 80 streams over an 80-stream capacity; the 81 go first, the other
  // replica gets 161 and follows, and both crash-loop through the kubelet's back-off.
  ASSERT_TRUE(r.first_under_provisioned->oom.has_value());
  const OomOutcome& first = *r.first_under_provisioned->oom;
  EXPECT_EQ(first.trigger, OomOutcome::Trigger::kOverLimit);
  EXPECT_EQ(first.report.over_limit_at_start, 1);
  EXPECT_TRUE(first.report.cascade);
  EXPECT_EQ(first.report.replicas_killed, 2);
  EXPECT_EQ(first.report.restarts, 12);
  EXPECT_EQ(first.report.stream_breaks, 7 * (81 + 161));
  EXPECT_EQ(first.report.max_backoff_seconds, 300);
  EXPECT_FALSE(first.report.settled_seconds.has_value());
  EXPECT_EQ(first.redial_snat_ports, 12);  // public cluster, one server
  EXPECT_EQ(first.peak_snat_ports_per_node, 6);
  // 50 nodes: nobody is over; one replica lost, the other takes 50 streams: absorbed.
  const OomOutcome& fifty = *r.at[0].oom;
  EXPECT_EQ(fifty.trigger, OomOutcome::Trigger::kOneReplicaLost);
  EXPECT_FALSE(fifty.report.cascade);
  EXPECT_EQ(fifty.report.kills, 1);
  EXPECT_EQ(fifty.report.stream_breaks, 25);
  EXPECT_EQ(fifty.report.settled_seconds, 0);
  EXPECT_EQ(format::OomVerdict(fifty), "absorbed");
  // 100 nodes: the survivor would need 100 streams: a cascade, both back at once.
  const OomOutcome& hundred = *r.at[1].oom;
  EXPECT_TRUE(hundred.report.cascade);
  EXPECT_EQ(hundred.report.stream_breaks, 50 + 100);
  EXPECT_EQ(format::OomVerdict(hundred), "recovers at once");
  EXPECT_EQ(format::OomVerdict(first), "crash loop");
  // Steps, the current size and the timeline carry outcomes too; a shorter window fewer
  // restarts (0, 10 and 30 s within 60 s).
  EXPECT_TRUE(r.step_figures[0].at_end.oom.has_value());
  EXPECT_TRUE(r.current.oom.has_value());
  CpaQuery minute{{1, 200}, {}, {}};
  minute.oom_window_seconds = 60;
  EXPECT_EQ(Analyze(setup, minute).first_under_provisioned->oom->report.restarts, 6);
  // Without a limit nothing is simulated.
  EXPECT_FALSE(Analyze(SetupOrFail(ScenarioYaml("    load: {streamsPerNode: 1}\n")))
                   .current.oom.has_value());
}

TEST(CpaAnalysisTest, WhereLosingOneReplicaCascades) {
  CpaSetup setup = SetupOrFail(ScenarioYaml(
      OneMibPerStream("    autoscaler:\n      ladder: '{\"nodesToReplicas\":[[1,2]]}'\n")));
  CpaReport r = Analyze(setup, {{1, 200}, {}, {}});
  // Two replicas: the one left holds 80 streams, so from 81 nodes a loss takes it down, and
  // from 161 the two are over their limit anyway.
  ASSERT_EQ(r.step_figures.size(), 1u);
  EXPECT_EQ(r.step_figures[0].one_loss_cascade_from, 81);
  EXPECT_EQ(r.step_figures[0].under_provisioned_from, 161);
  ASSERT_TRUE(r.first_one_loss_cascade.has_value());
  EXPECT_EQ(r.first_one_loss_cascade->nodes, 81);
  EXPECT_TRUE(r.first_one_loss_cascade->oom->report.cascade);
  EXPECT_FALSE(Analyze(setup, {{1, 80}, {}, {}}).first_one_loss_cascade.has_value());
  // AKS's ladder: 3 replicas from 100 nodes, so 2 left hold 160 streams: 161 nodes.
  CpaReport aks = Analyze(SetupOrFail(ScenarioYaml(OneMibPerStream(""))), {{1, 300}, {}, {}});
  EXPECT_EQ(aks.step_figures[0].one_loss_cascade_from, 81);
  EXPECT_EQ(aks.step_figures[1].one_loss_cascade_from, 161);
  EXPECT_EQ(aks.step_figures[1].under_provisioned_from, 241);
  EXPECT_EQ(aks.first_one_loss_cascade->nodes, 81);
}

TEST(CpaAnalysisTest, ReDialsCountServersAndSnatOnlyOnPublicClusters) {
  std::string tunnel =
      "    serverCount: 3\n" +
      OneMibPerStream("    autoscaler:\n      ladder: '{\"nodesToReplicas\":[[1,2]]}'\n");
  CpaSetup setup = SetupOrFail(ScenarioYaml(tunnel));
  EXPECT_EQ(setup.server_count, 3);
  EXPECT_TRUE(setup.snat.redials_take_ports);
  CpaReport r = Analyze(setup, {{161, 161}, {}, {}});
  EXPECT_EQ(r.first_under_provisioned->oom->report.redials, 36);
  EXPECT_EQ(r.first_under_provisioned->oom->redial_snat_ports, 36);
  EXPECT_EQ(r.first_under_provisioned->oom->peak_snat_ports_per_node, 18);

  std::string private_api = ScenarioYaml(tunnel);
  private_api.replace(private_api.find("    publicIP: 20.61.10.5\n"), 25,
                      "    access: private\n    privateIP: 10.224.0.4\n");
  CpaSetup priv = SetupOrFail(private_api);
  EXPECT_FALSE(priv.snat.redials_take_ports);
  EXPECT_EQ(priv.snat.redial_why_not,
            "the API server is private: agents reach it over Private Link, without SNAT "
            "(reference/azure.md §5)");
  CpaReport pr = Analyze(priv, {{161, 161}, {}, {}});
  EXPECT_EQ(pr.first_under_provisioned->oom->report.redials, 36);
  EXPECT_FALSE(pr.first_under_provisioned->oom->redial_snat_ports.has_value());
}

}  // namespace
}  // namespace tunnelsim::capacity
