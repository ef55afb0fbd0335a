// Scenario -> SimulationConfig mapping (snat_config.h) and its errors.
#include "engine/snat/snat_config.h"

#include <gtest/gtest.h>

#include <variant>

#include "engine/scenario/nodes.h"
#include "engine/snat/snat_testing.h"

namespace tunnelsim::snatsim {
namespace {

using snattest::BuildPlan;
using snattest::ScenarioText;

constexpr const char* kPools = R"(nodePools:
  - {name: sys, count: 3, maxSurge: 1, cores: 4, subnet: s}
  - {name: empty, count: 0, subnet: s}
  - {name: work, count: 117, maxCount: 130, cores: 4, subnet: s}
)";

constexpr const char* kTraffic = R"(traffic:
  - name: api
    from: {nodePool: work}
    destination: {address: 52.1.2.3, port: 8443, protocol: Tcp}
    connectionsPerSecond: 2.5
    duration: 1m30s
    close: rst
  - name: dns
    from: {nodePool: sys}
    destination: {address: 52.1.2.4, port: 53, protocol: Udp}
    connectionsPerSecond: 1
  - name: pooled
    from: {nodePool: work}
    destination: {address: 52.1.2.5}
    connectionsPerSecond: 1
    pool: {size: 6}
)";

// Line (1-based) of the first line of `text` that contains `needle`.
int LineOf(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

TEST(SnatConfigTest, MapsPoolsTrafficAndLoadBalancer) {
  const std::string text =
      ScenarioText(std::string(kPools) +
                       "outbound:\n  type: loadBalancer\n  loadBalancer: {managedOutboundIPs: "
                       "2, idleTimeoutInMinutes: 10, enableTcpReset: false}\n" +
                       kTraffic,
                   "public", "{kind: konnectivity, serverCount: 3, agent: {replicas: 2}}");
  SnatOptions options;
  options.duration_seconds = 7200;
  options.step_seconds = 30;
  options.seed = 42;
  auto f = BuildPlan(text, options);
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  const SnatPlan& p = *f->plan;
  ASSERT_EQ(p.configs.size(), 2u);  // one agent on sys, one on work
  const snat::SimulationConfig& c = p.configs[0];
  // The empty pool is no node group.
  ASSERT_EQ(c.groups.size(), 2u);
  EXPECT_EQ(c.groups[0].name, "sys");
  EXPECT_EQ(c.groups[0].nodes, 3);
  EXPECT_EQ(c.groups[1].name, "work");
  EXPECT_EQ(c.groups[1].nodes, 117);
  EXPECT_EQ(p.pool_of_group, (std::vector<int>{0, 2}));
  EXPECT_EQ(c.duration_seconds, 7200);
  EXPECT_EQ(c.step_seconds, 30);
  EXPECT_EQ(c.seed, 42u);

  const auto& lb = std::get<snat::LoadBalancerSetup>(c.provider);
  EXPECT_EQ(lb.rule.frontend_ips, 2);
  EXPECT_EQ(lb.rule.allocated_outbound_ports, 0);
  EXPECT_EQ(lb.rule.idle_timeout_minutes, 10);
  EXPECT_FALSE(lb.rule.enable_tcp_reset);
  // 120 nodes: 101-200 tier, 256 per IP x 2 IPs = 512 (reference/azure.md §2.2).
  EXPECT_EQ(p.ports_per_node, 512);
  // Capacity check nodes: max(3, 0) + 1 + max(117, 130) + 0 (reference/azure.md §3.4).
  EXPECT_EQ(p.capacity_check_nodes, 134);
  EXPECT_EQ(lb.capacity_check_nodes, 134);

  ASSERT_EQ(c.sources.size(), 3u);
  const snat::TrafficSource& api = c.sources[0];
  EXPECT_EQ(api.group, 1);
  EXPECT_EQ(api.destination.address.ToString(), "52.1.2.3");
  EXPECT_EQ(api.destination.port, 8443);
  EXPECT_EQ(api.destination.protocol, IpProtocol::kTcp);
  EXPECT_DOUBLE_EQ(api.rate.MaxRate(), 2.5);
  EXPECT_DOUBLE_EQ(api.duration_seconds, 90);
  EXPECT_EQ(api.close, snat::CloseMode::kRst);
  EXPECT_EQ(api.pool.size, 0);
  // UDP without `close` is reclaimed by the idle timeout (it has no FIN or RST).
  EXPECT_EQ(c.sources[1].destination.protocol, IpProtocol::kUdp);
  EXPECT_EQ(c.sources[1].close, snat::CloseMode::kIdle);
  EXPECT_EQ(c.sources[1].group, 0);
  EXPECT_EQ(c.sources[2].pool.size, 6);
  EXPECT_EQ(c.sources[2].destination.port, 443);

  // Two agents (AKS's default), spread over the pools in order: one on sys, one on work.
  ASSERT_TRUE(c.tunnel.has_value());
  EXPECT_EQ(p.tunnel_endpoint, "20.61.10.5:443/tcp");
  EXPECT_EQ(p.connections_per_agent, 3);
  EXPECT_EQ(c.tunnel->connections_per_agent, 3);
  EXPECT_EQ(c.tunnel->api_server.address.ToString(), "20.61.10.5");
  EXPECT_EQ(c.tunnel->api_server.port, 443);
  EXPECT_EQ(AgentCount(p), 2);
}

TEST(SnatConfigTest, AgentsInTwoPoolsBecomeOneSimulationPerPool) {
  const std::string text =
      ScenarioText(std::string(kPools) + "outbound: {type: loadBalancer}\n" + kTraffic);
  auto f = BuildPlan(text);
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  const SnatPlan& p = *f->plan;
  ASSERT_EQ(p.tunnel_parts.size(), 2u);
  ASSERT_EQ(p.configs.size(), 2u);
  EXPECT_EQ(p.tunnel_parts[0].group, 0);
  EXPECT_EQ(p.tunnel_parts[1].group, 1);
  EXPECT_EQ(p.configs[0].tunnel->group, 0);
  EXPECT_EQ(p.configs[0].tunnel->agents, 1);
  EXPECT_EQ(p.configs[1].tunnel->group, 1);
  // The first simulation runs every source; the second only its own pool's (same streams).
  EXPECT_DOUBLE_EQ(p.configs[0].sources[1].rate.MaxRate(), 1);
  EXPECT_DOUBLE_EQ(p.configs[1].sources[1].rate.MaxRate(), 0);  // dns, from sys
  EXPECT_DOUBLE_EQ(p.configs[1].sources[0].rate.MaxRate(), 2.5);
  EXPECT_EQ(p.tunnel_parts[0].agents[0].pod, "konnectivity-agent-0");
  EXPECT_NE(p.tunnel_parts[0].agents[0].node.find("aks-sys-"), std::string::npos);
}

TEST(SnatConfigTest, NatGatewayKeepsAllAgentsInOneSimulation) {
  const std::string text = ScenarioText(
      std::string(kPools) +
      "outbound:\n  type: userAssignedNATGateway\n  natGateway: {managedOutboundIPs: 3, "
      "idleTimeoutInMinutes: 7}\n" +
      kTraffic);
  auto f = BuildPlan(text);
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  const SnatPlan& p = *f->plan;
  EXPECT_TRUE(p.nat_gateway);
  ASSERT_EQ(p.configs.size(), 1u);
  const auto& nat = std::get<snat::NatGatewayConfig>(p.configs[0].provider);
  EXPECT_EQ(nat.public_ips, 3);
  EXPECT_EQ(nat.tcp_idle_timeout_minutes, 7);
  ASSERT_EQ(p.tunnel_parts.size(), 1u);
  EXPECT_EQ(p.tunnel_parts[0].agents.size(), 2u);
  EXPECT_EQ(p.configs[0].tunnel->agents, 2);
}

TEST(SnatConfigTest, CapacityErrorIsAzuresTextAtTheAllocatedPortsLine) {
  const std::string text = ScenarioText(
      std::string(kPools) +
      "outbound:\n  type: loadBalancer\n  loadBalancer:\n    allocatedOutboundPorts: 1024\n");
  auto f = BuildPlan(text);
  EXPECT_FALSE(f->plan);
  ASSERT_EQ(f->diagnostics.items().size(), 1u);
  const Diagnostic& d = f->diagnostics.items()[0];
  EXPECT_EQ(d.pos.line, LineOf(text, "allocatedOutboundPorts"));
  // 134 nodes x 1024 > 64,000; 64,000 / 134 = 477 -> 472 (multiple of 8); 3 IPs would fit.
  EXPECT_NE(d.message.find("InvalidLoadBalancerProfileAllocatedOutboundPorts"), std::string::npos);
  EXPECT_NE(d.message.find("Load balancer profile allocated ports 1024 is not in an allowable "
                           "range given the number of nodes and IPs provisioned. Total node count "
                           "134 requires 137216 ports but only 64000 ports are available given 1 "
                           "outbound public IPs."),
            std::string::npos)
      << d.message;
  EXPECT_NE(d.message.find("expected at most 472 ports per node, or 3 outbound IPs"),
            std::string::npos)
      << d.message;
}

TEST(SnatConfigTest, CapacityFitsExactly) {
  // 125 nodes x 512 = 64,000: exactly what one IP offers.
  const std::string text = ScenarioText(
      "nodePools:\n  - {name: p, count: 125, subnet: s}\noutbound:\n  loadBalancer: "
      "{allocatedOutboundPorts: 512}\n");
  auto f = BuildPlan(text);
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  EXPECT_EQ(f->plan->ports_per_node, 512);
}

TEST(SnatConfigTest, RefusesUserDefinedRoutingAndNoneAtTheTypeLine) {
  for (const char* type : {"userDefinedRouting", "none"}) {
    const std::string text =
        ScenarioText(std::string(kPools) + "outbound:\n  type: " + type + "\n");
    auto f = BuildPlan(text);
    EXPECT_FALSE(f->plan);
    ASSERT_EQ(f->diagnostics.items().size(), 1u) << type;
    const Diagnostic& d = f->diagnostics.items()[0];
    EXPECT_EQ(d.pos.line, LineOf(text, "  type:"));
    EXPECT_NE(d.message.find("out of scope"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("expected outbound type loadBalancer, managedNATGateway or "
                             "userAssignedNATGateway"),
              std::string::npos);
  }
}

TEST(SnatConfigTest, PrivateClusterTunnelTakesNoPort) {
  const std::string text = ScenarioText(std::string(kPools) + kTraffic, "private");
  auto f = BuildPlan(text);
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  EXPECT_FALSE(f->plan->configs[0].tunnel.has_value());
  EXPECT_TRUE(f->plan->tunnel_parts.empty());
  EXPECT_NE(f->plan->tunnel_note.find("no SNAT port"), std::string::npos);
  EXPECT_EQ(f->plan->configs[0].sources.size(), 3u);  // the workload's traffic still counts
}

TEST(SnatConfigTest, TunnelFrontDials9000AndAksLinkIsNotSimulated) {
  auto front = BuildPlan(ScenarioText(kPools, "public", "{kind: tunnel-front}"));
  ASSERT_TRUE(front->plan);
  EXPECT_EQ(front->plan->configs[0].tunnel->api_server.port, 9000);
  EXPECT_EQ(AgentCount(*front->plan), 1);
  auto link = BuildPlan(ScenarioText(kPools, "public", "{kind: aks-link}"));
  ASSERT_TRUE(link->plan);
  EXPECT_FALSE(link->plan->configs[0].tunnel.has_value());
  EXPECT_NE(link->plan->tunnel_note.find("UDP 1194"), std::string::npos);
}

TEST(SnatConfigTest, UdpClosedByFinIsAnError) {
  const std::string text = ScenarioText(
      std::string(kPools) +
      "traffic:\n  - {name: u, from: {nodePool: sys}, destination: {address: 1.2.3.4, protocol: "
      "Udp}, connectionsPerSecond: 1, close: fin}\n");
  auto f = BuildPlan(text);
  EXPECT_FALSE(f->plan);
  ASSERT_EQ(f->diagnostics.items().size(), 1u);
  EXPECT_EQ(f->diagnostics.items()[0].pos.line, LineOf(text, "close: fin"));
}

TEST(SnatConfigTest, SimulatedNodesSampleLoadBalancerPoolsOnly) {
  const std::string pools = std::string(kPools);
  SnatOptions options;
  options.simulated_nodes = 10;
  auto lb = BuildPlan(ScenarioText(pools), options);
  ASSERT_TRUE(lb->plan) << lb->diagnostics.Format();
  EXPECT_EQ(lb->plan->configs[0].groups[0].simulated_nodes, 0);  // 3 nodes: all of them
  EXPECT_EQ(lb->plan->configs[0].groups[1].simulated_nodes, 10);
  auto nat = BuildPlan(ScenarioText(pools + "outbound: {type: managedNATGateway}\n"), options);
  EXPECT_FALSE(nat->plan);
  ASSERT_EQ(nat->diagnostics.items().size(), 1u);
  EXPECT_NE(nat->diagnostics.items()[0].message.find("shared by every node"), std::string::npos);
}

TEST(SnatConfigTest, EveryPoolEmptyIsAnError) {
  auto f = BuildPlan(ScenarioText("nodePools:\n  - {name: p, count: 0, subnet: s}\n"));
  EXPECT_FALSE(f->plan);
  EXPECT_TRUE(f->diagnostics.HasErrors());
}

// A plan whose pool `work` (4 nodes) runs one traffic entry given as a flow mapping's body.
std::unique_ptr<snattest::PlanFixture> PlanWithEntry(const std::string& fields) {
  return BuildPlan(ScenarioText(
      "nodePools:\n  - {name: work, count: 4, subnet: s}\ntraffic:\n  - {name: t, from: "
      "{nodePool: work}, destination: {address: 52.1.2.3}, " +
      fields + "}\n"));
}

// The rate of the plan's only source, RateAt(t) at each of `times` (seconds since the start).
std::vector<double> RatesAt(const SnatPlan& plan, const std::vector<double>& times) {
  std::vector<double> out;
  for (double t : times) out.push_back(plan.configs[0].sources.at(0).rate.RateAt(t));
  return out;
}

void ExpectRates(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i], 1e-9) << "at index " << i;
  }
}

TEST(SnatConfigTest, ConnectionsPerSecondAndConstantAreConstantRates) {
  for (const char* rate : {"connectionsPerSecond: 2.5", "rate: {constant: 2.5}"}) {
    auto f = PlanWithEntry(rate);
    ASSERT_TRUE(f->plan) << f->diagnostics.Format();
    const snat::RateProfile& r = f->plan->configs[0].sources[0].rate;
    EXPECT_TRUE(r.constant()) << rate;
    EXPECT_DOUBLE_EQ(r.RateAt(1e6), 2.5);
    EXPECT_EQ(f->plan->source_rates[0], "2.5/s per node");
  }
}

TEST(SnatConfigTest, RampHoldsFromBeforeStartAndToAfterEnd) {
  auto f = PlanWithEntry("rate: {ramp: {from: 1, to: 10, start: 10m, end: 40m}}");
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  // Linear from 1 at 10 min to 10 at 40 min: 5.5 half way (25 min), 4 at 20 min.
  ExpectRates(RatesAt(*f->plan, {0, 599, 600, 1200, 1500, 2399, 2400, 86400}),
              {1, 1, 1, 4, 5.5, 10 - 9.0 / 1800, 10, 10});
  EXPECT_DOUBLE_EQ(f->plan->configs[0].sources[0].rate.MaxRate(), 10);
  EXPECT_EQ(f->plan->source_rates[0], "ramp 1/s to 10/s per node from 00:10:00 to 00:40:00");
  // `start` defaults to 0s.
  auto g = PlanWithEntry("rate: {ramp: {from: 0, to: 6, end: 1m}}");
  ASSERT_TRUE(g->plan) << g->diagnostics.Format();
  ExpectRates(RatesAt(*g->plan, {0, 30, 60, 90}), {0, 3, 6, 6});
}

TEST(SnatConfigTest, StepsHoldEachRateUntilTheNextStep) {
  auto f = PlanWithEntry(
      "rate: {steps: [{at: 0s, perSecond: 1}, {at: 20m, perSecond: 10}, {at: 50m, perSecond: "
      "4}]}");
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  ExpectRates(RatesAt(*f->plan, {0, 600, 1199.5, 1200, 2000, 2999.5, 3000, 1e6}),
              {1, 1, 1, 10, 10, 10, 4, 4});
  const snat::RateProfile& r = f->plan->configs[0].sources[0].rate;
  EXPECT_DOUBLE_EQ(r.MaxRate(), 10);
  // Arrivals follow the steps: the mass of the first 20 minutes is 1,200, of the next 30 is
  // 18,000.
  EXPECT_NEAR(r.AdvanceByIntegral(0, 1200), 1200, 1e-6);
  EXPECT_NEAR(r.AdvanceByIntegral(0, 1200 + 18000), 3000, 1e-6);
  EXPECT_EQ(f->plan->source_rates[0], "3 steps between 1/s and 10/s per node");
}

TEST(SnatConfigTest, PointsAreLinearAndTheFirstRateHoldsBeforeThem) {
  auto f = PlanWithEntry(
      "rate: {points: [{at: 10m, perSecond: 2}, {at: 30m, perSecond: 12}, {at: 40m, perSecond: "
      "0}]}");
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  ExpectRates(RatesAt(*f->plan, {0, 600, 1200, 1800, 2100, 2400, 5000}), {2, 2, 7, 12, 6, 0, 0});
  EXPECT_EQ(f->plan->source_rates[0], "linear through 3 points between 0/s and 12/s per node");
}

TEST(SnatConfigTest, DailyProfileWrapsThroughMidnightAndStartsAtItsTimeOfDay) {
  // 09:00 8/s, 18:00 1/s; from 18:00 down... up again linearly through midnight to 8/s at
  // 09:00: 15 hours from 1 to 8. The run starts at 08:00, 14 hours into that slope.
  auto f = PlanWithEntry(
      "rate: {daily: {points: [{at: '09:00', perSecond: 8}, {at: '18:00', perSecond: 1}], "
      "start: '08:00'}}");
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  const double at_eight = 1 + 7.0 * 14 / 15;
  const double h = 3600;
  ExpectRates(RatesAt(*f->plan, {0, 1 * h, 5.5 * h, 10 * h, 16 * h, 23.5 * h, 24 * h, 25 * h,
                                 24 * 7 * h + 10 * h}),
              {at_eight,             // 08:00
               8,                    // 09:00
               4.5,                  // 13:30, half way from 8 to 1
               1,                    // 18:00
               1 + 7.0 * 6 / 15,     // 00:00
               1 + 7.0 * 13.5 / 15,  // 07:30
               at_eight, 8, 1});     // the next day, and a week later at 18:00
  EXPECT_DOUBLE_EQ(f->plan->configs[0].sources[0].rate.MaxRate(), 8);
  EXPECT_EQ(f->plan->source_rates[0],
            "daily profile between 1/s and 8/s per node (peak at 09:00), the run starts at 08:00");
}

TEST(SnatConfigTest, DailyProfileStartingAtMidnightOrOnAPoint) {
  auto midnight = PlanWithEntry(
      "rate: {daily: {points: [{at: '06:00', perSecond: 2}, {at: '12:00:30', perSecond: 10}]}}");
  ASSERT_TRUE(midnight->plan) << midnight->diagnostics.Format();
  // 00:00 is 11h59m30s into the 17h59m30s from 12:00:30 (10/s) down to 06:00 (2/s).
  const double wrap = 24 * 3600 - (12 * 3600 + 30) + 6 * 3600;
  const double since = 24 * 3600 - (12 * 3600 + 30);
  ExpectRates(RatesAt(*midnight->plan, {0, 6 * 3600, 12 * 3600 + 30, 86400}),
              {10 - 8 * since / wrap, 2, 10, 10 - 8 * since / wrap});
  auto on_point = PlanWithEntry(
      "rate: {daily: {points: [{at: '06:00', perSecond: 2}, {at: '12:00', perSecond: 10}], "
      "start: '12:00'}}");
  ASSERT_TRUE(on_point->plan) << on_point->diagnostics.Format();
  ExpectRates(RatesAt(*on_point->plan, {0, 9 * 3600, 18 * 3600, 86400 - 1}),
              {10, 6, 2, 10 - 8.0 / (6 * 3600)});
  auto single = PlanWithEntry("rate: {daily: {points: [{at: '06:00', perSecond: 3}]}}");
  ASSERT_TRUE(single->plan) << single->diagnostics.Format();
  ExpectRates(RatesAt(*single->plan, {0, 7 * 3600, 86399}), {3, 3, 3});
}

TEST(SnatConfigTest, ArrivalsDurationAndPoolMapToTheSource) {
  auto f = PlanWithEntry(
      "connectionsPerSecond: 1, arrivals: evenlySpaced, duration: {mean: 30s, distribution: "
      "exponential}, pool: {size: 4, keepalive: false}");
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  const snat::TrafficSource& src = f->plan->configs[0].sources[0];
  EXPECT_EQ(src.arrivals, snat::ArrivalProcess::kDeterministic);
  EXPECT_EQ(src.duration_distribution, snat::DurationDistribution::kExponential);
  EXPECT_DOUBLE_EQ(src.duration_seconds, 30);
  EXPECT_EQ(src.pool.size, 4);
  EXPECT_FALSE(src.pool.keepalive);
  auto defaults = PlanWithEntry("connectionsPerSecond: 1, duration: {mean: 30s}");
  ASSERT_TRUE(defaults->plan) << defaults->diagnostics.Format();
  const snat::TrafficSource& d = defaults->plan->configs[0].sources[0];
  EXPECT_EQ(d.arrivals, snat::ArrivalProcess::kPoisson);
  EXPECT_EQ(d.duration_distribution, snat::DurationDistribution::kFixed);
  EXPECT_TRUE(d.pool.keepalive);
}

// Pool work has 5 nodes; node 0 holds an agent (AKS spreads the two agents over the pools'
// first nodes) and has traffic of its own, and so has node 2.
std::string SplitScenario(const std::string& outbound = "") {
  const std::string n0 = AksNodeName("t", "work", 0);
  const std::string n2 = AksNodeName("t", "work", 2);
  return ScenarioText(
      "nodePools:\n  - {name: sys, count: 3, subnet: s}\n  - {name: work, count: 5, subnet: s}\n" +
      outbound +
      "traffic:\n"
      "  - {name: api, from: {nodePool: work}, destination: {address: 52.1.2.3}, "
      "connectionsPerSecond: 2}\n"
      "  - {name: batch, from: {node: " +
      n2 +
      "}, destination: {address: 52.1.2.3}, connectionsPerSecond: 5}\n"
      "  - {name: export, from: {node: " +
      n0 + "}, destination: {address: 52.1.2.4}, connectionsPerSecond: 1}\n");
}

TEST(SnatConfigTest, NodeTrafficSplitsItsNodeIntoAGroupOfItsOwn) {
  SnatOptions options;
  options.simulated_nodes = 2;
  auto f = BuildPlan(SplitScenario(), options);
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  const SnatPlan& p = *f->plan;
  const std::string n0 = AksNodeName("t", "work", 0);
  const std::string n2 = AksNodeName("t", "work", 2);
  const snat::SimulationConfig& c = p.configs[0];
  ASSERT_EQ(c.groups.size(), 4u);
  EXPECT_EQ(c.groups[0].name, "sys");
  EXPECT_EQ(c.groups[0].nodes, 3);
  EXPECT_EQ(c.groups[1].name, "work");  // the pool's other nodes first, sampled
  EXPECT_EQ(c.groups[1].nodes, 3);
  EXPECT_EQ(c.groups[1].simulated_nodes, 2);
  EXPECT_EQ(c.groups[2].name, n0);  // then the split-off nodes in instance order, all simulated
  EXPECT_EQ(c.groups[2].nodes, 1);
  EXPECT_EQ(c.groups[2].simulated_nodes, 0);
  EXPECT_EQ(c.groups[3].name, n2);
  EXPECT_EQ(p.pool_of_group, (std::vector<int>{0, 1, 1, 1}));
  EXPECT_EQ(p.node_of_group, (std::vector<std::string>{"", "", n0, n2}));
  EXPECT_EQ(PoolNameOfGroup(p, 3), "work");
  EXPECT_TRUE(IsNodeGroup(p, 3));
  EXPECT_EQ(GroupLabel(p, 1), "pool work");
  EXPECT_EQ(GroupLabel(p, 3), "node " + n2);

  // The pool-wide entry runs on every group of its pool; node entries only on their node.
  std::vector<std::pair<std::string, int>> sources;
  for (const snat::TrafficSource& src : c.sources) sources.emplace_back(src.name, src.group);
  EXPECT_EQ(sources, (std::vector<std::pair<std::string, int>>{
                         {"api", 1}, {"api", 2}, {"api", 3}, {"batch", 3}, {"export", 2}}));
  EXPECT_EQ(p.source_rates.size(), c.sources.size());

  // The agent on work's node 0 is in that node's group: a simulation of its own.
  ASSERT_EQ(p.tunnel_parts.size(), 2u);
  EXPECT_EQ(p.tunnel_parts[0].group, 0);
  EXPECT_EQ(p.tunnel_parts[1].group, 2);
  ASSERT_EQ(p.tunnel_parts[1].agents.size(), 1u);
  EXPECT_EQ(p.tunnel_parts[1].agents[0].node, n0);
  ASSERT_EQ(p.configs.size(), 2u);
  EXPECT_EQ(p.configs[1].tunnel->group, 2);
  EXPECT_EQ(p.configs[1].tunnel->agents, 1);
  // That simulation runs only the sources of the node's group.
  for (const snat::TrafficSource& src : p.configs[1].sources) {
    EXPECT_EQ(src.rate.MaxRate() > 0, src.group == 2) << src.name << " on " << src.group;
  }
  // The split is explained.
  bool noted = false;
  for (const std::string& n : p.notes) {
    noted = noted || n == "node " + n2 +
                              " has traffic of its own ('batch'), so it is simulated as a group "
                              "of its own; pool work's figures are for its other 3 nodes";
  }
  EXPECT_TRUE(noted) << ::testing::PrintToString(p.notes);
}

TEST(SnatConfigTest, NatGatewayKeepsSplitNodesAndPutsAllAgentsWhereTheyFit) {
  const std::string n0 = AksNodeName("t", "work", 0);
  // Both agents pinned to node 0 of work, which is split off: one node cannot hold two agents,
  // and behind a NAT Gateway which node holds them does not matter.
  auto f = BuildPlan(ScenarioText(
      "nodePools:\n  - {name: sys, count: 3, subnet: s}\n  - {name: work, count: 5, subnet: "
      "s}\noutbound: {type: managedNATGateway}\ntraffic:\n  - {name: export, from: {node: " +
          n0 + "}, destination: {address: 52.1.2.4}, connectionsPerSecond: 1}\n",
      "public", "{kind: konnectivity, agent: {replicas: 2, nodes: [" + n0 + "]}}"));
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  const SnatPlan& p = *f->plan;
  ASSERT_EQ(p.configs[0].groups.size(), 3u);
  EXPECT_EQ(p.configs[0].groups[2].name, n0);
  ASSERT_EQ(p.tunnel_parts.size(), 1u);
  EXPECT_EQ(p.tunnel_parts[0].group, 1);  // work's other 4 nodes, the largest group
  EXPECT_EQ(p.configs[0].tunnel->agents, 2);
}

TEST(SnatConfigTest, AOneNodePoolWithNodeTrafficIsOnlyItsNode) {
  const std::string n0 = AksNodeName("t", "one", 0);
  auto f = BuildPlan(
      ScenarioText("nodePools:\n  - {name: one, count: 1, subnet: s}\ntraffic:\n"
                   "  - {name: all, from: {nodePool: one}, destination: {address: 52.1.2.3}, "
                   "connectionsPerSecond: 1}\n"
                   "  - {name: mine, from: {node: " +
                   n0 + "}, destination: {address: 52.1.2.3}, connectionsPerSecond: 1}\n"));
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  const SnatPlan& p = *f->plan;
  ASSERT_EQ(p.configs[0].groups.size(), 1u);
  EXPECT_EQ(p.configs[0].groups[0].name, n0);
  ASSERT_EQ(p.configs[0].sources.size(), 2u);
  EXPECT_EQ(p.configs[0].sources[0].group, 0);
  EXPECT_EQ(p.configs[0].sources[1].group, 0);
  EXPECT_EQ(p.configs[0].tunnel->group, 0);
  EXPECT_EQ(p.configs[0].tunnel->agents, 1);  // two agents, one node
}

TEST(SnatConfigTest, ParsesDurations) {
  EXPECT_DOUBLE_EQ(*ParseDurationFlag("--duration", "2h"), 7200);
  EXPECT_DOUBLE_EQ(*ParseDurationFlag("--duration", "1h30m"), 5400);
  EXPECT_DOUBLE_EQ(*ParseDurationFlag("--duration", "90s"), 90);
  EXPECT_DOUBLE_EQ(*ParseDurationFlag("--duration", "500ms"), 0.5);
  EXPECT_DOUBLE_EQ(*ParseDurationFlag("--duration", "1d"), 86400);
  EXPECT_DOUBLE_EQ(*ParseDurationFlag("--duration", "3600"), 3600);
  for (const char* bad : {"", "2x", "h", "1h-5m", "-3m", "-5", "1.5.2s", "nan"}) {
    Result<double> r = ParseDurationFlag("--duration", bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
  EXPECT_EQ(ParseDurationFlag("--step", "2x").status().message(),
            "--step '2x' is not a duration; expected for example 90s, 30m, 2h or 1h30m");
}

}  // namespace
}  // namespace tunnelsim::snatsim
