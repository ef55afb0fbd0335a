// Scenario -> SimulationConfig mapping (snat_config.h) and its errors.
#include "engine/snat/snat_config.h"

#include <gtest/gtest.h>

#include <variant>

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
