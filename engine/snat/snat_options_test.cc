// --backend-pool and --assume: parsing, and what they change in the plan (snat_config.h,
// snat_assumptions.h).
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "engine/scenario/nodes.h"
#include "engine/snat/snat_assumptions.h"
#include "engine/snat/snat_config.h"
#include "engine/snat/snat_testing.h"
#include "models/snat/lb_allocation.h"
#include "models/snat/simulator.h"

namespace tunnelsim::snatsim {
namespace {

using snattest::BuildPlan;
using snattest::ScenarioText;

// 48 nodes: the default table gives 1,024 ports per node (1-50 nodes, reference/azure.md §2.2).
const std::string kFortyEight =
    "nodePools:\n  - {name: p, count: 48, subnet: s}\n"
    "traffic:\n  - {name: t, from: {nodePool: p}, destination: {address: 52.1.2.3}, "
    "connectionsPerSecond: 2, duration: 30s, close: fin}\n";

TEST(SnatOptionsTest, ParsesBackendPoolFlag) {
  Result<snat::BackendPoolChange> c = ParseBackendPoolFlag("130@1h30m");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->backend_pool_size, 130);
  EXPECT_EQ(c->time_seconds, 5400);
  for (const char* bad : {"130", "@30m", "0@30m", "5001@30m", "12x@1m", "130@soon"}) {
    EXPECT_FALSE(ParseBackendPoolFlag(bad).ok()) << bad;
  }
  EXPECT_EQ(ParseBackendPoolFlag("130").status().message(),
            "--backend-pool '130' has no '@'; expected NODES@TIME, for example 130@30m");
}

TEST(SnatOptionsTest, BackendPoolCrossingFiftyReTiersTheDefaultAllocation) {
  SnatOptions o;
  o.backend_pool = {{1800, 60}, {600, 52}, {2400, 48}};  // out of order on purpose
  auto f = BuildPlan(ScenarioText(kFortyEight), o);
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  const SnatPlan& p = *f->plan;
  EXPECT_EQ(p.ports_per_node, 1024);
  ASSERT_EQ(p.backend_pool_steps.size(), 3u);
  // 52 and 60 nodes are in the 51-100 tier (512), back to 48 is 1,024 again.
  EXPECT_EQ(p.backend_pool_steps[0].time_seconds, 600);
  EXPECT_EQ(p.backend_pool_steps[0].ports_before, 1024);
  EXPECT_EQ(p.backend_pool_steps[0].ports_after, 512);
  EXPECT_EQ(p.backend_pool_steps[1].ports_after, 512);
  EXPECT_EQ(p.backend_pool_steps[2].ports_after, 1024);
  const auto& lb = std::get<snat::LoadBalancerSetup>(p.configs.front().provider);
  EXPECT_EQ(lb.backend_pool_size, 48);
  ASSERT_EQ(lb.backend_pool_changes.size(), 3u);
  EXPECT_EQ(lb.backend_pool_changes[0].backend_pool_size, 52);

  // The simulation drops the flows on the reclaimed upper half at 10 minutes: 2/s x 270 s
  // held is about 540 ports per node, more than the 512 left.
  snat::SimulationConfig c = p.configs.front();
  c.duration_seconds = 900;
  c.tunnel.reset();
  Result<snat::SimulationResult> r = snat::Simulate(c);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_GT(r->groups[0].reclaimed_flows, 0);
}

TEST(SnatOptionsTest, BackendPoolBelowTheScenarioOrWithNatGatewayIsRefused) {
  SnatOptions o;
  o.backend_pool = {{600, 40}};
  auto f = BuildPlan(ScenarioText(kFortyEight), o);
  EXPECT_FALSE(f->plan);
  EXPECT_NE(f->diagnostics.Format().find("--backend-pool 40@10m: the scenario's 48 nodes keep "
                                         "running, so the backend pool cannot hold fewer; "
                                         "expected at least 48 nodes"),
            std::string::npos)
      << f->diagnostics.Format();

  o.backend_pool = {{600, 60}};
  auto nat = BuildPlan(ScenarioText(kFortyEight + "outbound: {type: managedNATGateway}\n"), o);
  EXPECT_FALSE(nat->plan);
  EXPECT_NE(nat->diagnostics.Format().find("expected no --backend-pool"), std::string::npos);
}

TEST(SnatOptionsTest, BackendPoolWithManualPortsKeepsThemOrMeetsAzuresCapacityError) {
  // 48 x 1,000 fits one IP (64,000); 65 x 1,000 does not.
  const std::string manual =
      kFortyEight + "outbound:\n  loadBalancer: {allocatedOutboundPorts: 1000}\n";
  SnatOptions o;
  o.backend_pool = {{600, 64}};
  auto fits = BuildPlan(ScenarioText(manual), o);
  ASSERT_TRUE(fits->plan) << fits->diagnostics.Format();
  EXPECT_EQ(fits->plan->backend_pool_steps[0].ports_after, 1000);

  o.backend_pool = {{600, 65}};
  auto refused = BuildPlan(ScenarioText(manual), o);
  EXPECT_FALSE(refused->plan);
  const std::string text = refused->diagnostics.Format();
  EXPECT_NE(text.find("--backend-pool 65@10m: Azure refuses to grow the pool "
                      "(InvalidLoadBalancerProfileAllocatedOutboundPorts)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Total node count 65 requires 65000 ports but only 64000 ports are "
                      "available given 1 outbound public IPs."),
            std::string::npos)
      << text;
}

TEST(SnatOptionsTest, ParsesEveryAssumptionKey) {
  SnatAssumptions a;
  for (const char* kv :
       {"lb-fin-hold=60s", "lb-rst-hold=0s", "lb-ports-beyond-table=8", "nat-fin-hold=2m",
        "nat-rst-hold=5s", "nat-udp-hold=30s", "nat-idle-hold=10s", "agent-duplicate-dial=off"}) {
    ASSERT_TRUE(ParseAssumption(kv, &a).ok()) << kv;
  }
  EXPECT_EQ(a.lb_fin_hold_seconds, 60);
  EXPECT_EQ(a.lb_rst_hold_seconds, 0);
  EXPECT_EQ(a.lb_ports_beyond_table, std::optional<int>(8));
  EXPECT_EQ(a.nat_fin_hold_seconds, 120);
  EXPECT_EQ(a.nat_rst_hold_seconds, 5);
  EXPECT_EQ(a.nat_udp_hold_seconds, 30);
  EXPECT_EQ(a.nat_idle_hold_seconds, 10);
  EXPECT_EQ(a.agent_duplicate_dial_seconds, 0);
  EXPECT_EQ(a.given.size(), 8u);
  ASSERT_TRUE(ParseAssumption("lb-ports-beyond-table=refuse", &a).ok());
  ASSERT_TRUE(a.lb_ports_beyond_table.has_value());
  EXPECT_FALSE(a.lb_ports_beyond_table->has_value());
}

TEST(SnatOptionsTest, RejectsBadAssumptions) {
  SnatAssumptions a;
  EXPECT_EQ(ParseAssumption("lb-fin-hold", &a).message().substr(0, 41),
            "--assume 'lb-fin-hold' has no '='; expect");
  EXPECT_NE(ParseAssumption("fin-hold=1s", &a).message().find("has no key 'fin-hold'"),
            std::string::npos);
  EXPECT_NE(ParseAssumption("lb-fin-hold=25h", &a).message().find("from 0s to 24h"),
            std::string::npos);
  EXPECT_NE(ParseAssumption("lb-ports-beyond-table=12", &a).message().find("multiples of 8"),
            std::string::npos);
  EXPECT_NE(ParseAssumption("agent-duplicate-dial=500ms", &a).message().find("at least 1s"),
            std::string::npos);
  EXPECT_TRUE(a.given.empty());
}

TEST(SnatOptionsTest, AssumptionsReachTheSimulationConfig) {
  SnatOptions o;
  for (const char* kv : {"lb-fin-hold=60s", "lb-rst-hold=5s", "agent-duplicate-dial=20s"}) {
    ASSERT_TRUE(ParseAssumption(kv, &o.assumptions).ok());
  }
  auto f = BuildPlan(ScenarioText(kFortyEight), o);
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  const snat::SimulationConfig& c = f->plan->configs.front();
  const auto& lb = std::get<snat::LoadBalancerSetup>(c.provider);
  EXPECT_EQ(lb.rule.fin_release_seconds, 60);
  EXPECT_EQ(lb.rule.rst_release_seconds, 5);
  ASSERT_TRUE(c.tunnel);
  EXPECT_EQ(c.tunnel->duplicate_dial_interval_seconds, 20);
  bool noted = false;
  for (const std::string& n : f->plan->notes) noted |= n.find("lb-fin-hold=60s") != n.npos;
  EXPECT_TRUE(noted);
  // The model's own list of assumptions says the hold was set, not documented.
  Result<snat::SimulationResult> r = snat::Simulate(c);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->assumptions.empty());
  EXPECT_NE(r->assumptions[0].find("60s after FIN and 5s after RST: set for this run (the 2020 "
                                   "docs said 240s and 15s)"),
            std::string::npos)
      << r->assumptions[0];

  SnatOptions nat_options;
  ASSERT_TRUE(ParseAssumption("nat-fin-hold=30s", &nat_options.assumptions).ok());
  ASSERT_TRUE(ParseAssumption("nat-idle-hold=16s", &nat_options.assumptions).ok());
  auto nat =
      BuildPlan(ScenarioText(kFortyEight + "outbound: {type: managedNATGateway}\n"), nat_options);
  ASSERT_TRUE(nat->plan) << nat->diagnostics.Format();
  const auto& gw = std::get<snat::NatGatewayConfig>(nat->plan->configs.front().provider);
  EXPECT_EQ(gw.fin_cooldown_seconds, 30);
  EXPECT_EQ(gw.tcp_idle_cooldown_seconds, 16);
  EXPECT_EQ(gw.rst_cooldown_seconds, snat::kNatRstCooldownSeconds);
}

// A pool-wide entry runs once per group of its pool; the count is checked before anything is
// copied (a 16 MiB file of such entries would otherwise build every copy first).
TEST(SnatOptionsTest, TooManySourcesAreRefusedAtTheEntryThatCrossesTheLimit) {
  std::string text = "nodePools:\n  - {name: p, count: 4, subnet: s}\ntraffic:\n";
  for (int node = 0; node < 3; ++node) {  // three nodes of their own: four groups in the pool
    text += "  - {name: n" + std::to_string(node) +
            ", from: {node: " + AksNodeName("t", "p", static_cast<size_t>(node)) +
            "}, destination: {address: 52.1.2.3}, connectionsPerSecond: 1}\n";
  }
  for (int entry = 0; entry < 1100; ++entry) {
    text += "  - {name: e" + std::to_string(entry) +
            ", from: {nodePool: p}, destination: {address: 52.1.2.3}, connectionsPerSecond: 1}\n";
  }
  auto f = BuildPlan(ScenarioText(text));
  EXPECT_FALSE(f->plan);
  // 3 node sources + 1,022 entries x 4 groups = 4,091; the 1,023rd entry makes 4,095.
  EXPECT_NE(f->diagnostics.Format().find("traffic 'e1022' brings the simulation to 4095 sources"),
            std::string::npos)
      << f->diagnostics.Format().substr(0, 400);
}

}  // namespace
}  // namespace tunnelsim::snatsim
