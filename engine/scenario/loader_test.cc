// Tests of LoadScenarioText / LoadChangeSetText on valid inputs (the bundled examples, defaults,
// what Azure accepts), of node expansion, and of the loader's bounds on hostile inputs. The
// invalid-input corpus with exact messages lives in tests/invalid.
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <string>
#include <variant>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "engine/changeset/load_change_set.h"
#include "engine/scenario/load_scenario.h"
#include "engine/scenario/nodes.h"

namespace tunnelsim {
namespace {

// A complete, valid scenario with nothing optional set.
constexpr const char* kMinimal = R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata:
  name: minimal
cluster:
  apiServer:
    publicIP: 20.61.10.5
network:
  vnets:
    - name: aks-vnet
      addressSpace: [10.224.0.0/12]
      subnets:
        - name: aks-subnet
          addressPrefix: 10.224.0.0/16
nodePools:
  - name: nodepool1
    count: 3
    vmSize: Standard_D4s_v5
    subnet: aks-subnet
)";

std::string SourcePath(const std::string& relative) {
  return std::string(TUNNELSIM_SOURCE_ROOT) + "/" + relative;
}

// Loads `text` and fails the test, printing the diagnostics, when it does not load.
Scenario LoadValid(const std::string& text) {
  Diagnostics d;
  std::optional<Scenario> s = LoadScenarioText(text, "test.yaml", "/nonexistent", &d);
  EXPECT_TRUE(s.has_value()) << d.Format();
  EXPECT_FALSE(d.HasErrors()) << d.Format();
  return s.value_or(Scenario{});
}

// Loads `text` expecting failure; returns the formatted diagnostics.
std::string LoadInvalid(const std::string& text, size_t expected_errors,
                        const ScenarioLimits& limits = {}) {
  Diagnostics d;
  std::optional<Scenario> s = LoadScenarioText(text, "test.yaml", "/nonexistent", &d, limits);
  EXPECT_FALSE(s.has_value());
  EXPECT_EQ(d.error_count(), expected_errors) << d.Format();
  return d.Format();
}

void ExpectPos(SourcePos pos, int line, int column) {
  EXPECT_EQ(pos.line, line);
  EXPECT_EQ(pos.column, column);
}

TEST(LoadScenarioTest, BundledScenarioLoadsWithItsValues) {
  Diagnostics d;
  std::optional<Scenario> s = LoadScenarioFile(SourcePath("scenarios/contoso-prod.yaml"), &d);
  ASSERT_TRUE(s.has_value()) << d.Format();
  EXPECT_EQ(s->metadata.name.value, "contoso-prod");

  const ApiServer& api = s->cluster.api_server;
  EXPECT_EQ(api.access.value, "public");
  EXPECT_EQ(api.public_ip.value, "20.61.10.5");
  EXPECT_TRUE(api.authorized_ip_ranges.empty());

  const TunnelSettings& tunnel = s->cluster.tunnel;
  EXPECT_EQ(tunnel.kind.value, "konnectivity");
  ASSERT_EQ(tunnel.proxy_strategies.size(), 1u);
  EXPECT_EQ(tunnel.proxy_strategies[0].value, "default");
  EXPECT_EQ(tunnel.agent.requests.cpu.value, "10m");
  EXPECT_EQ(tunnel.agent.requests.memory.value, "30Mi");
  EXPECT_EQ(tunnel.agent.limits.memory.value, "125Mi");
  EXPECT_TRUE(tunnel.agent.limits.cpu.value.empty());
  ASSERT_EQ(tunnel.autoscaler.size(), 1u);
  EXPECT_EQ(tunnel.autoscaler[0].first.value, "ladder");
  EXPECT_EQ(tunnel.autoscaler[0].second.value,
            R"({"nodesToReplicas":[[1,2],[100,3],[250,4],[500,5],[1000,6],[5000,10]]})");

  ASSERT_EQ(s->network.vnets.size(), 1u);
  const VirtualNetwork& vnet = s->network.vnets[0];
  EXPECT_EQ(vnet.name.value, "aks-vnet");
  ASSERT_EQ(vnet.address_space.size(), 1u);
  EXPECT_EQ(vnet.address_space[0].value, "10.224.0.0/12");
  ASSERT_EQ(vnet.subnets.size(), 1u);
  EXPECT_EQ(vnet.subnets[0].name.value, "aks-subnet");
  EXPECT_EQ(vnet.subnets[0].address_prefix.value, "10.224.0.0/16");
  ExpectPos(vnet.subnets[0].address_prefix.pos, 31, 26);
  EXPECT_EQ(vnet.subnets[0].network_security_group.value, "aks-subnet-nsg");

  ASSERT_EQ(s->network.network_security_groups.size(), 1u);
  const NetworkSecurityGroupSpec& nsg = s->network.network_security_groups[0];
  EXPECT_EQ(nsg.name.value, "aks-subnet-nsg");
  ASSERT_EQ(nsg.security_rules.size(), 1u);
  const SecurityRuleSpec& rule = nsg.security_rules[0];
  ExpectPos(rule.pos, 36, 11);
  EXPECT_EQ(rule.name.value, "deny-kubelet");
  EXPECT_EQ(rule.priority.value, 100);
  ExpectPos(rule.priority.pos, 37, 21);
  EXPECT_EQ(rule.direction.value, "Inbound");
  ExpectPos(rule.direction.pos, 38, 22);
  EXPECT_EQ(rule.access.value, "Deny");
  EXPECT_EQ(rule.protocol.value, "Tcp");
  ASSERT_EQ(rule.source_address_prefixes.size(), 1u);
  EXPECT_EQ(rule.source_address_prefixes[0].value, "*");
  ASSERT_EQ(rule.destination_port_ranges.size(), 1u);
  EXPECT_EQ(rule.destination_port_ranges[0].value, "10250");
  ExpectPos(rule.destination_port_ranges[0].pos, 44, 33);

  ASSERT_EQ(s->node_pools.size(), 1u);
  const NodePool& pool = s->node_pools[0];
  EXPECT_EQ(pool.name.value, "nodepool1");
  EXPECT_EQ(pool.count.value, 3);
  ExpectPos(pool.count.pos, 48, 12);
  EXPECT_EQ(pool.vm_size.value, "Standard_D4s_v5");
  EXPECT_EQ(pool.subnet.value, "aks-subnet");
  EXPECT_TRUE(pool.network_security_group.value.empty());  // `null` means none
  EXPECT_FALSE(pool.ufw.enabled.value);
  EXPECT_FALSE(pool.iptables.present);

  ASSERT_EQ(s->workloads.size(), 1u);
  EXPECT_EQ(s->workloads[0].namespace_.value, "default");
  EXPECT_EQ(s->workloads[0].name.value, "web");
  EXPECT_EQ(s->workloads[0].replicas.value, 6);
  EXPECT_EQ(s->workloads[0].container_port.value, 8080);

  ASSERT_EQ(s->webhooks.size(), 1u);
  EXPECT_EQ(s->webhooks[0].name.value, "policy.contoso.com");
  EXPECT_EQ(s->webhooks[0].target_port.value, 8443);
  EXPECT_EQ(s->webhooks[0].replicas.value, 2);
  EXPECT_EQ(s->webhooks[0].failure_policy.value, "Fail");

  EXPECT_EQ(s->outbound.type.value, "loadBalancer");
  EXPECT_EQ(s->outbound.load_balancer.managed_outbound_ips.value, 1);
  EXPECT_EQ(s->outbound.load_balancer.allocated_outbound_ports.value, 0);
  EXPECT_EQ(s->outbound.load_balancer.idle_timeout_in_minutes.value, 30);
  EXPECT_TRUE(s->outbound.load_balancer.enable_tcp_reset.value);
  EXPECT_FALSE(s->outbound.has_nat_gateway);
  EXPECT_TRUE(s->outbound.egress_firewall.empty());

  ASSERT_EQ(s->traffic.size(), 1u);
  const TrafficSpec& t = s->traffic[0];
  EXPECT_EQ(t.name.value, "payments-api");
  EXPECT_EQ(t.from_node_pool.value, "nodepool1");
  EXPECT_EQ(t.destination_address.value, "52.10.20.30");
  EXPECT_EQ(t.destination_port.value, 443);
  EXPECT_EQ(t.destination_protocol.value, "Tcp");
  EXPECT_TRUE(t.from_node.value.empty());
  EXPECT_EQ(t.rate.form, TrafficRate::Form::kPerSecond);
  EXPECT_DOUBLE_EQ(t.rate.per_second.value, 5);
  EXPECT_DOUBLE_EQ(t.duration_seconds.value, 2);
  EXPECT_EQ(t.close.value, "idle");
  EXPECT_EQ(t.pool_size.value, 0);
}

TEST(LoadScenarioTest, DefaultsApplyToAbsentFields) {
  Scenario s = LoadValid(std::string(kMinimal) + R"(workloads:
  - {namespace: default, name: web, nodePool: nodepool1}
webhooks:
  - {name: hook, namespace: ns, service: svc, nodePool: nodepool1}
traffic:
  - {name: t, from: {nodePool: nodepool1}, destination: {address: 52.10.20.30}, connectionsPerSecond: 1}
)");
  ASSERT_FALSE(HasFailure()) << "the scenario did not load";
  EXPECT_EQ(s.cluster.api_server.access.value, "public");
  EXPECT_FALSE(s.cluster.api_server.access.pos.known());
  EXPECT_EQ(s.cluster.tunnel.kind.value, "konnectivity");
  EXPECT_TRUE(s.cluster.tunnel.proxy_strategies.empty());
  EXPECT_EQ(s.cluster.tunnel.server_count.value, 1);
  EXPECT_TRUE(s.cluster.tunnel.autoscaler.empty());
  EXPECT_TRUE(s.network.network_security_groups.empty());

  const NodePool& pool = s.node_pools[0];
  EXPECT_EQ(pool.cores.value, 0);  // from vmSize
  EXPECT_EQ(pool.max_surge.value, 0);
  EXPECT_EQ(pool.max_count.value, 0);
  EXPECT_FALSE(pool.ufw.enabled.value);
  EXPECT_EQ(pool.ufw.default_incoming.value, "deny");
  EXPECT_EQ(pool.ufw.default_outgoing.value, "allow");

  EXPECT_EQ(s.workloads[0].replicas.value, 1);
  EXPECT_EQ(s.webhooks[0].target_port.value, 443);
  EXPECT_EQ(s.webhooks[0].replicas.value, 1);
  EXPECT_EQ(s.webhooks[0].failure_policy.value, "Fail");

  EXPECT_EQ(s.outbound.type.value, "loadBalancer");
  EXPECT_EQ(s.outbound.load_balancer.managed_outbound_ips.value, 1);
  EXPECT_EQ(s.outbound.load_balancer.idle_timeout_in_minutes.value, 30);
  EXPECT_TRUE(s.outbound.load_balancer.enable_tcp_reset.value);

  const TrafficSpec& t = s.traffic[0];
  EXPECT_EQ(t.destination_port.value, 443);
  EXPECT_EQ(t.destination_protocol.value, "Tcp");
  EXPECT_EQ(t.arrivals.value, "poisson");
  EXPECT_DOUBLE_EQ(t.duration_seconds.value, 1);
  EXPECT_EQ(t.duration_distribution.value, "fixed");
  EXPECT_EQ(t.close.value, "fin");
  EXPECT_EQ(t.pool_size.value, 0);
  EXPECT_TRUE(t.pool_keepalive.value);
}

// kMinimal with `traffic:` entries (lines of a YAML list) appended.
std::string WithTraffic(const std::string& entries) {
  return std::string(kMinimal) + "traffic:\n" + entries;
}

TEST(LoadScenarioTest, TrafficRateFormsLoadWithTheirPositions) {
  Scenario s = LoadValid(WithTraffic(R"(  - name: ramp
    from: {nodePool: nodepool1}
    destination: {address: 52.10.20.30}
    rate: {ramp: {from: 1, to: 10, start: 10m, end: 40m}}
  - name: steps
    from: {nodePool: nodepool1}
    destination: {address: 52.10.20.30}
    rate:
      steps: [{at: 0s, perSecond: 1}, {at: 20m, perSecond: 10}]
  - name: points
    from: {nodePool: nodepool1}
    destination: {address: 52.10.20.30}
    rate: {points: [{at: 5m, perSecond: 1.5}, {at: 1h, perSecond: 0}]}
  - name: daily
    from: {nodePool: nodepool1}
    destination: {address: 52.10.20.30}
    rate:
      daily:
        points: [{at: '9:00', perSecond: 8}, {at: '18:00:30', perSecond: 1}]
        start: '08:00'
  - name: constant
    from: {nodePool: nodepool1}
    destination: {address: 52.10.20.30}
    rate: {constant: 0.25}
)"));
  ASSERT_FALSE(HasFailure());
  ASSERT_EQ(s.traffic.size(), 5u);
  const TrafficRate& ramp = s.traffic[0].rate;
  EXPECT_EQ(ramp.form, TrafficRate::Form::kRamp);
  EXPECT_DOUBLE_EQ(ramp.from.value, 1);
  EXPECT_DOUBLE_EQ(ramp.to.value, 10);
  EXPECT_DOUBLE_EQ(ramp.start.value, 600);
  EXPECT_DOUBLE_EQ(ramp.end.value, 2400);
  ExpectPos(ramp.pos, 24, 11);
  ExpectPos(ramp.end.pos, 24, 53);

  const TrafficRate& steps = s.traffic[1].rate;
  EXPECT_EQ(steps.form, TrafficRate::Form::kSteps);
  ASSERT_EQ(steps.points.size(), 2u);
  EXPECT_DOUBLE_EQ(steps.points[1].at.value, 1200);
  EXPECT_DOUBLE_EQ(steps.points[1].per_second.value, 10);
  ExpectPos(steps.points[1].pos, 29, 39);
  ExpectPos(steps.points[1].at.pos, 29, 44);

  const TrafficRate& points = s.traffic[2].rate;
  EXPECT_EQ(points.form, TrafficRate::Form::kPoints);
  ASSERT_EQ(points.points.size(), 2u);
  EXPECT_DOUBLE_EQ(points.points[0].at.value, 300);
  EXPECT_DOUBLE_EQ(points.points[0].per_second.value, 1.5);
  EXPECT_DOUBLE_EQ(points.points[1].at.value, 3600);

  const TrafficRate& daily = s.traffic[3].rate;
  EXPECT_EQ(daily.form, TrafficRate::Form::kDaily);
  ASSERT_EQ(daily.points.size(), 2u);
  EXPECT_DOUBLE_EQ(daily.points[0].at.value, 9 * 3600);  // one hour digit is accepted
  EXPECT_DOUBLE_EQ(daily.points[1].at.value, 18 * 3600 + 30);
  EXPECT_DOUBLE_EQ(daily.start.value, 8 * 3600);
  ExpectPos(daily.start.pos, 40, 16);

  EXPECT_EQ(s.traffic[4].rate.form, TrafficRate::Form::kConstant);
  EXPECT_DOUBLE_EQ(s.traffic[4].rate.per_second.value, 0.25);
}

TEST(LoadScenarioTest, TrafficFromANodeArrivalsDurationAndKeepalive) {
  const std::string node = AksNodeName("minimal", "nodepool1", 2);
  Scenario s = LoadValid(WithTraffic("  - {name: batch, from: {node: " + node +
                                     "}, destination: {address: 52.10.20.30}, "
                                     "connectionsPerSecond: 1, arrivals: evenlyspaced, "
                                     "duration: {mean: 1m, distribution: Exponential}, "
                                     "pool: {size: 4, keepalive: false}}\n"));
  ASSERT_FALSE(HasFailure());
  const TrafficSpec& t = s.traffic[0];
  EXPECT_EQ(t.from_node.value, node);
  EXPECT_TRUE(t.from_node_pool.value.empty());
  EXPECT_EQ(t.arrivals.value, "evenlySpaced");  // enums are read case-insensitively
  EXPECT_DOUBLE_EQ(t.duration_seconds.value, 60);
  EXPECT_EQ(t.duration_distribution.value, "exponential");
  EXPECT_EQ(t.pool_size.value, 4);
  EXPECT_FALSE(t.pool_keepalive.value);
}

TEST(LoadScenarioTest, TrafficRateErrorsAreAtTheValue) {
  struct Case {
    std::string entry_fields;  // after name, from and destination
    std::string expected;      // the one error, from its position on
  };
  const std::string head =
      "  - {name: t, from: {nodePool: nodepool1}, destination: {address: 52.10.20.30}";
  const std::vector<Case> cases = {
      {"",
       "test.yaml:21:5: error: a traffic entry needs 'connectionsPerSecond' or 'rate'; "
       "expected exactly one of them"},
      {", rate: {}",
       "test.yaml:21:87: error: 'rate' needs one of constant, ramp, steps, "
       "points, daily; got none"},
      {", rate: {constant: 1, steps: [{at: 0s, perSecond: 1}]}",
       "test.yaml:21:87: error: 'rate' has both 'constant' and 'steps'; expected exactly one of "
       "constant, ramp, steps, points, daily"},
      {", rate: {ramp: {from: 1, to: 2, end: 0s}}",
       "test.yaml:21:116: error: 'end' 0s is not after 'start' 0s; expected the ramp to end "
       "after it starts"},
      {", rate: {steps: [{at: 5m, perSecond: 1}]}",
       "test.yaml:21:101: error: the first step is at 5m; expected 0s (steps give the rate from "
       "the start)"},
      {", rate: {points: [{at: 5m, perSecond: 1}, {at: 5m, perSecond: 2}]}",
       "test.yaml:21:126: error: point at 5m does not come after the previous one at 5m; "
       "expected times in increasing order"},
      {", rate: {points: []}",
       "test.yaml:21:96: error: 'points' is empty; expected at least one "
       "point"},
      {", rate: {constant: 1e7}",
       "test.yaml:21:98: error: 'constant' is 10000000, out of range; expected 0 to 1000000"},
      {", rate: {daily: {points: [{at: '24:00', perSecond: 1}]}}",
       "test.yaml:21:110: error: 'at' must be a time of day HH:MM or HH:MM:SS from 00:00 to "
       "23:59:59; got '24:00'"},
      {", rate: {daily: {points: [{at: '09:00', perSecond: 1}], start: 8h}}",
       "test.yaml:21:142: error: 'start' must be a time of day HH:MM or HH:MM:SS from 00:00 to "
       "23:59:59; got '8h'"},
      {", connectionsPerSecond: 1, duration: {mean: 0s, distribution: exponential}",
       "test.yaml:21:123: error: 'mean' is 0s with an exponential distribution; expected more "
       "than 0s"},
      {", connectionsPerSecond: 1, duration: {distribution: fixed}",
       "test.yaml:21:116: error: 'duration' is missing the required key 'mean'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.entry_fields);
    std::string out = LoadInvalid(WithTraffic(head + c.entry_fields + "}\n"), 1);
    EXPECT_EQ(out, c.expected + "\n");
  }
}

TEST(LoadScenarioTest, TimesOfDayAreHoursMinutesAndOptionalSeconds) {
  const std::string head =
      "  - {name: t, from: {nodePool: nodepool1}, destination: {address: 52.10.20.30}, rate: "
      "{daily: {points: [{at: '";
  for (const char* good : {"0:00", "00:00", "9:05", "23:59", "23:59:59", "12:00:00"}) {
    LoadValid(WithTraffic(head + good + "', perSecond: 1}]}}}\n"));
    EXPECT_FALSE(HasFailure()) << good;
  }
  for (const char* bad : {"24:00", "9:5", "12:60", "12:00:60", "1:2:3", "noon", "12", "12:", ":30",
                          "123:00", "-1:00", "12:00:00:00", "+9:00", "09:00 "}) {
    std::string out = LoadInvalid(WithTraffic(head + bad + "', perSecond: 1}]}}}\n"), 1);
    EXPECT_NE(out.find("must be a time of day HH:MM or HH:MM:SS"), std::string::npos) << bad;
  }
}

TEST(LoadScenarioTest, RateProfilesAreBounded) {
  std::string steps;
  for (int i = 0; i < 4; ++i) {
    steps += (i == 0 ? "" : ", ") + fmt::format("{{at: {}m, perSecond: 1}}", i);
  }
  ScenarioLimits limits;
  limits.max_rate_points = 3;
  std::string out =
      LoadInvalid(WithTraffic("  - {name: t, from: {nodePool: nodepool1}, destination: {address: "
                              "52.10.20.30}, rate: {steps: [" +
                              steps + "]}}\n"),
                  1, limits);
  EXPECT_NE(out.find("'steps' has 4 entries; at most 3 are allowed"), std::string::npos) << out;
  EXPECT_EQ(ScenarioLimits{}.max_rate_points, 1000u);
}

TEST(LoadScenarioTest, TrafficFromNeedsExactlyOneOfPoolAndNode) {
  std::string out =
      LoadInvalid(WithTraffic("  - {name: t, from: {}, destination: {address: 52.10.20.30}, "
                              "connectionsPerSecond: 1}\n"),
                  1);
  EXPECT_EQ(out,
            "test.yaml:21:21: error: 'from' needs 'nodePool' or 'node'; expected exactly one of "
            "them\n");
}

// A valid scenario whose subnet has NSG aks-nsg holding `rules` (lines of a YAML list).
std::string ScenarioWithRules(const std::string& rules) {
  return std::string(R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: minimal}
cluster:
  apiServer: {publicIP: 20.61.10.5}
network:
  vnets:
    - name: aks-vnet
      addressSpace: [10.224.0.0/12]
      subnets:
        - {name: aks-subnet, addressPrefix: 10.224.0.0/16, networkSecurityGroup: aks-nsg}
  networkSecurityGroups:
    - name: aks-nsg
      securityRules:
)") + rules +
         R"(nodePools:
  - {name: nodepool1, count: 3, vmSize: Standard_D4s_v5, subnet: aks-subnet}
)";
}

std::string Rule(const std::string& name, int priority, const std::string& direction) {
  return "        - {name: " + name + ", priority: " + std::to_string(priority) +
         ", direction: " + direction +
         ", access: Allow, protocol: Tcp, sourceAddressPrefix: VirtualNetwork, "
         "destinationAddressPrefix: '*', destinationPortRange: '10250'}\n";
}

TEST(LoadScenarioTest, SamePriorityInDifferentDirectionsIsValid) {
  Scenario s =
      LoadValid(ScenarioWithRules(Rule("in", 200, "Inbound") + Rule("out", 200, "Outbound")));
  ASSERT_EQ(s.network.network_security_groups[0].security_rules.size(), 2u);
  EXPECT_EQ(s.network.network_security_groups[0].security_rules[0].priority.value, 200);
  EXPECT_EQ(s.network.network_security_groups[0].security_rules[1].direction.value, "Outbound");
}

TEST(LoadScenarioTest, SamePriorityAndDirectionIsAConflictAtTheSecondRule) {
  std::string out = LoadInvalid(
      ScenarioWithRules(Rule("first", 200, "Inbound") + Rule("second", 200, "inbound")), 1);
  // One error, at the second rule's priority, naming both rules.
  EXPECT_EQ(out.rfind("test.yaml:16:36: error: ", 0), 0u) << out;
  EXPECT_NE(out.find("Security rule second conflicts with rule first."), std::string::npos) << out;
}

TEST(LoadScenarioTest, PrioritiesAtTheBoundsAreValid) {
  Scenario s =
      LoadValid(ScenarioWithRules(Rule("low", 100, "Inbound") + Rule("high", 4096, "Inbound")));
  ASSERT_FALSE(HasFailure()) << "the scenario did not load";
  EXPECT_EQ(s.network.network_security_groups[0].security_rules[1].priority.value, 4096);
}

TEST(LoadScenarioTest, SamePriorityInDifferentGroupsIsValid) {
  LoadValid(R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: minimal}
cluster:
  apiServer: {publicIP: 20.61.10.5}
network:
  vnets:
    - name: aks-vnet
      addressSpace: [10.224.0.0/12]
      subnets:
        - {name: aks-subnet, addressPrefix: 10.224.0.0/16, networkSecurityGroup: subnet-nsg}
  networkSecurityGroups:
    - name: subnet-nsg
      securityRules:
        - {name: r, priority: 100, direction: Inbound, access: Deny, protocol: Tcp, sourceAddressPrefix: '*', destinationAddressPrefix: '*'}
    - name: nic-nsg
      securityRules:
        - {name: r, priority: 100, direction: Inbound, access: Allow, protocol: Tcp, sourceAddressPrefix: '*', destinationAddressPrefix: '*'}
nodePools:
  - {name: nodepool1, count: 3, vmSize: Standard_D4s_v5, subnet: aks-subnet, networkSecurityGroup: nic-nsg}
)");
}

TEST(LoadScenarioTest, RuleFormsSingleAndPluralMergeAndPortsDefaultToAny) {
  Scenario s = LoadValid(ScenarioWithRules(R"(        - name: r
          priority: 300
          direction: Outbound
          access: Allow
          protocol: '*'
          sourceAddressPrefixes: [10.224.0.0/16, 10.225.0.0/16]
          destinationAddressPrefix: AzureCloud
)"));
  ASSERT_FALSE(HasFailure()) << "the scenario did not load";
  const SecurityRuleSpec& rule = s.network.network_security_groups[0].security_rules[0];
  ASSERT_EQ(rule.source_address_prefixes.size(), 2u);
  EXPECT_EQ(rule.source_address_prefixes[1].value, "10.225.0.0/16");
  ASSERT_EQ(rule.destination_address_prefixes.size(), 1u);
  EXPECT_EQ(rule.destination_address_prefixes[0].value, "AzureCloud");
  ASSERT_EQ(rule.source_port_ranges.size(), 1u);
  EXPECT_EQ(rule.source_port_ranges[0].value, "*");
  ASSERT_EQ(rule.destination_port_ranges.size(), 1u);
  EXPECT_EQ(rule.destination_port_ranges[0].value, "*");
  ExpectPos(rule.destination_port_ranges[0].pos, 15, 11);  // the rule's own position
}

TEST(LoadScenarioTest, OtherValidShapesLoad) {
  Scenario s = LoadValid(R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: private}
cluster:
  apiServer: {access: Private, privateIP: 10.224.0.250}
  tunnel:
    kind: aks-link
    autoscaler: {linear: '{"nodesPerReplica":16}'}
network:
  vnets:
    - name: aks-vnet
      addressSpace: [10.224.0.0/16, 10.240.0.0/16]
      peerings: [10.0.0.0/8]
      subnets:
        - {name: aks-subnet, addressPrefix: 10.224.0.0/29}
        - {name: user-subnet, addressPrefix: 10.240.0.0/24}
nodePools:
  - name: nodepool1
    count: 3
    cores: 2
    subnet: aks-subnet
    hostFirewall:
      ufw: {enabled: TRUE, defaults: {incoming: Reject}, rules: [allow 22/tcp]}
      iptables: |
        *filter
        COMMIT
outbound:
  type: userdefinedrouting
  egressFirewall:
    rules:
      - {name: api, protocol: tcp, destinationAddresses: [AzureCloud], destinationPorts: ['443', '9000-9001', '*'], action: allow}
)");
  ASSERT_FALSE(HasFailure()) << "the scenario did not load";
  EXPECT_EQ(s.cluster.api_server.access.value, "private");
  EXPECT_EQ(s.cluster.tunnel.kind.value, "aks-link");
  EXPECT_EQ(s.cluster.tunnel.autoscaler[0].first.value, "linear");
  EXPECT_EQ(s.node_pools[0].cores.value, 2);
  EXPECT_TRUE(s.node_pools[0].ufw.enabled.value);
  EXPECT_EQ(s.node_pools[0].ufw.default_incoming.value, "reject");
  ASSERT_EQ(s.node_pools[0].ufw.rules.size(), 1u);
  EXPECT_TRUE(s.node_pools[0].iptables.present);
  EXPECT_EQ(s.node_pools[0].iptables.text, "*filter\nCOMMIT\n");
  ExpectPos(s.node_pools[0].iptables.text_pos, 24, 17);
  EXPECT_EQ(s.outbound.type.value, "userDefinedRouting");
  ASSERT_EQ(s.outbound.egress_firewall.size(), 1u);
  EXPECT_EQ(s.outbound.egress_firewall[0].protocol.value, "Tcp");
  EXPECT_EQ(s.outbound.egress_firewall[0].action.value, "Allow");
}

TEST(LoadScenarioTest, NatGatewaySettingsLoadWithANatOutboundType) {
  Scenario s = LoadValid(std::string(kMinimal) + R"(outbound:
  type: managedNATGateway
  natGateway: {managedOutboundIPs: 16, idleTimeoutInMinutes: 120}
)");
  EXPECT_TRUE(s.outbound.has_nat_gateway);
  EXPECT_EQ(s.outbound.nat_gateway.managed_outbound_ips.value, 16);
  EXPECT_EQ(s.outbound.nat_gateway.idle_timeout_in_minutes.value, 120);
}

TEST(LoadScenarioTest, IptablesFileIsReadRelativeToTheBaseDir) {
  std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "tunnelsim-loader-test";
  std::filesystem::create_directories(dir / "rules");
  std::ofstream(dir / "rules" / "pool.rules") << "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n";
  std::string text = std::string(kMinimal) + R"(    hostFirewall:
      iptables: {file: rules/pool.rules}
)";
  Diagnostics d;
  std::optional<Scenario> s = LoadScenarioText(text, "test.yaml", dir.string(), &d);
  ASSERT_TRUE(s.has_value()) << d.Format();
  const IptablesSpec& ipt = s->node_pools[0].iptables;
  EXPECT_TRUE(ipt.present);
  EXPECT_EQ(ipt.file.value, "rules/pool.rules");
  EXPECT_EQ(ipt.text, "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n");
  EXPECT_FALSE(ipt.text_pos.known());  // line numbers refer to the named file itself

  std::filesystem::remove_all(dir);
  std::string out = LoadInvalid(text, 1);
  EXPECT_NE(out.find("test.yaml:21:24: error: cannot open '/nonexistent/rules/pool.rules'"),
            std::string::npos)
      << out;
}

TEST(LoadScenarioTest, EarlierErrorsInTheSameDiagnosticsDoNotFailALoad) {
  Diagnostics d;
  d.Error("other.yaml", {1, 1}, "an earlier problem");
  std::optional<Scenario> s = LoadScenarioText(kMinimal, "test.yaml", "/nonexistent", &d);
  EXPECT_TRUE(s.has_value()) << d.Format();
  EXPECT_EQ(d.error_count(), 1u);
}

TEST(LoadScenarioTest, EveryLoadErrorIsReportedInOnePass) {
  std::string out = LoadInvalid(R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: minimal, owner: me}
cluster:
  apiServer: {access: pubic, publicIP: 20.61.10.5}
network:
  vnets:
    - {name: aks-vnet, addressSpace: 10.224.0.0/12}
nodePools:
  - {name: nodepool1, count: many, subnet: aks-subnet}
traffic:
  - {name: t, from: {nodePool: nodepool1}, destination: {address: 1.2.3.4, port: 0}, connectionsPerSecond: 1}
)",
                                5);
  for (const char* where : {"test.yaml:3:27:", "test.yaml:5:23:", "test.yaml:8:38:",
                            "test.yaml:10:30:", "test.yaml:12:82:"}) {
    EXPECT_NE(out.find(where), std::string::npos) << where << "\n" << out;
  }
}

TEST(LoadScenarioTest, FileWithZeroOrTwoDocumentsIsOneError) {
  EXPECT_NE(LoadInvalid("", 1).find("the file is empty"), std::string::npos);
  EXPECT_NE(LoadInvalid("# only a comment\n", 1).find("the file is empty"), std::string::npos);
  EXPECT_NE(LoadInvalid(std::string(kMinimal) + "---\n" + kMinimal, 1)
                .find("a second YAML document starts here"),
            std::string::npos);
}

// Node expansion: three pools over two subnets.
constexpr const char* kThreePools = R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: contoso-prod}
cluster:
  apiServer: {publicIP: 20.61.10.5}
network:
  vnets:
    - name: vnet
      addressSpace: [10.224.0.0/12]
      subnets:
        - {name: shared, addressPrefix: 10.224.0.0/29}
        - {name: other, addressPrefix: 10.225.0.0/24}
nodePools:
  - {name: nodepool1, count: 2, vmSize: Standard_D4s_v5, subnet: shared}
  - {name: empty, count: 0, vmSize: Standard_D4s_v5, subnet: other}
  - {name: gpu, count: 2, vmSize: Standard_NC24ads_A100_v4, subnet: other}
  - {name: user, count: 1, vmSize: Standard_D4s_v5, subnet: shared}
)";

TEST(NodesTest, AksNodeNameHasTheAksShape) {
  std::regex shape("aks-nodepool1-[0-9]{8}-vmss[0-9a-z]{6}");
  for (size_t index : {size_t{0}, size_t{1}, size_t{999}}) {
    std::string name = AksNodeName("contoso-prod", "nodepool1", index);
    EXPECT_TRUE(std::regex_match(name, shape)) << name;
  }
}

TEST(NodesTest, AksNodeNameCountsInBase36) {
  EXPECT_EQ(AksNodeName("minimal", "nodepool1", 0), "aks-nodepool1-40926712-vmss000000");
  EXPECT_EQ(AksNodeName("contoso-prod", "nodepool1", 0), "aks-nodepool1-56810362-vmss000000");
  EXPECT_EQ(AksNodeName("minimal", "nodepool1", 9), "aks-nodepool1-40926712-vmss000009");
  EXPECT_EQ(AksNodeName("minimal", "nodepool1", 10), "aks-nodepool1-40926712-vmss00000a");
  EXPECT_EQ(AksNodeName("minimal", "nodepool1", 35), "aks-nodepool1-40926712-vmss00000z");
  EXPECT_EQ(AksNodeName("minimal", "nodepool1", 36), "aks-nodepool1-40926712-vmss000010");
  EXPECT_EQ(AksNodeName("minimal", "nodepool1", 1295), "aks-nodepool1-40926712-vmss0000zz");
}

TEST(NodesTest, AksNodeNameIsStableAndDependsOnClusterAndPool) {
  EXPECT_EQ(AksNodeName("c", "p", 3), AksNodeName("c", "p", 3));
  EXPECT_NE(AksNodeName("c1", "p", 0).substr(0, 15), AksNodeName("c2", "p", 0).substr(0, 15));
  // The 8 digits are per (cluster, pool); the separator keeps ("ab","c") and ("a","bc") apart.
  EXPECT_NE(AksNodeName("ab", "c", 0).substr(6, 8), AksNodeName("a", "bc", 0).substr(7, 8));
}

TEST(NodesTest, ExpandNodesTakesAddressesFromTheSubnetAfterTheFirstFour) {
  Scenario s = LoadValid(kThreePools);
  std::vector<NodeInstance> nodes = ExpandNodes(s);
  ASSERT_EQ(nodes.size(), 5u);
  // nodepool1 and user share 10.224.0.0/29: .4 and .5, then .6 (the last usable; .7 is the
  // broadcast address Azure reserves).
  EXPECT_EQ(nodes[0].address.ToString(), "10.224.0.4");
  EXPECT_EQ(nodes[1].address.ToString(), "10.224.0.5");
  EXPECT_EQ(nodes[0].pool, 0u);
  EXPECT_EQ(nodes[1].index, 1u);
  EXPECT_EQ(nodes[0].name, AksNodeName("contoso-prod", "nodepool1", 0));
  EXPECT_EQ(nodes[1].name, AksNodeName("contoso-prod", "nodepool1", 1));
  // gpu starts its own subnet at .4; the empty pool takes nothing.
  EXPECT_EQ(nodes[2].address.ToString(), "10.225.0.4");
  EXPECT_EQ(nodes[3].address.ToString(), "10.225.0.5");
  EXPECT_EQ(nodes[2].pool, 2u);
  EXPECT_EQ(nodes[2].index, 0u);
  EXPECT_EQ(nodes[3].name, AksNodeName("contoso-prod", "gpu", 1));
  // user continues after nodepool1 in the shared subnet.
  EXPECT_EQ(nodes[4].address.ToString(), "10.224.0.6");
  EXPECT_EQ(nodes[4].pool, 3u);
  EXPECT_EQ(nodes[4].index, 0u);
  EXPECT_EQ(nodes[4].name, AksNodeName("contoso-prod", "user", 0));
}

TEST(NodesTest, ASlash29FitsThreeNodesNotFour) {
  std::string three = kThreePools;
  LoadValid(three);  // 2 + 1 nodes in the /29
  std::string four = three;
  four.replace(four.find("count: 1,"), 9, "count: 2,");
  std::string out = LoadInvalid(four, 1);
  EXPECT_NE(out.find("has 3 usable addresses (Azure reserves 5), but its node pools need 4"),
            std::string::npos)
      << out;
}

TEST(NodesTest, PinnedWorkloadsMayNameExpandedNodes) {
  std::string text = std::string(kThreePools) + "workloads:\n  - {namespace: a, name: b, nodes: [" +
                     AksNodeName("contoso-prod", "gpu", 1) + ", " +
                     AksNodeName("contoso-prod", "user", 0) + "]}\n";
  LoadValid(text);
}

TEST(NodesTest, CoresOfVmSize) {
  EXPECT_EQ(CoresOfVmSize("Standard_D4s_v5"), 4);
  EXPECT_EQ(CoresOfVmSize("Standard_D2_v3"), 2);
  EXPECT_EQ(CoresOfVmSize("Standard_E16ds_v5"), 16);
  EXPECT_EQ(CoresOfVmSize("Standard_B2ms"), 2);
  EXPECT_EQ(CoresOfVmSize("Standard_F8s_v2"), 8);
  EXPECT_EQ(CoresOfVmSize("Standard_NC24ads_A100_v4"), 24);
  EXPECT_EQ(CoresOfVmSize("Standard_M416ms_v2"), 416);
  // Legacy names whose number is a model number, not the vCPU count.
  EXPECT_EQ(CoresOfVmSize("Standard_DS3_v2"), 4);
  EXPECT_EQ(CoresOfVmSize("Standard_D11_v2"), 2);
  EXPECT_EQ(CoresOfVmSize("Standard_DS14_v2"), 16);
  // Names that do not say.
  EXPECT_EQ(CoresOfVmSize(""), 0);
  EXPECT_EQ(CoresOfVmSize("Standard_"), 0);
  EXPECT_EQ(CoresOfVmSize("Standard_D"), 0);
  EXPECT_EQ(CoresOfVmSize("Standard_4"), 0);
  EXPECT_EQ(CoresOfVmSize("Basic_A1"), 0);
  EXPECT_EQ(CoresOfVmSize("D4s_v5"), 0);
}

// Bounds: an over-long list is one error, never one per entry, never a crash.
std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(LoadScenarioBoundsTest, TooManyNodePoolsIsOneError) {
  std::string text = R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: minimal}
cluster:
  apiServer: {publicIP: 20.61.10.5}
network:
  vnets:
    - {name: v, addressSpace: [10.224.0.0/12], subnets: [{name: s, addressPrefix: 10.224.0.0/16}]}
nodePools:
)" + Repeat("  - {}\n", 101);
  std::string out = LoadInvalid(text, 1);
  EXPECT_EQ(out, "test.yaml:10:3: error: 'nodePools' has 101 entries; at most 100 are allowed\n");
}

TEST(LoadScenarioBoundsTest, LimitsAreOverridable) {
  ScenarioLimits limits;
  limits.max_rules_per_nsg = 2;
  std::string text = ScenarioWithRules(Rule("a", 100, "Inbound") + Rule("b", 200, "Inbound") +
                                       Rule("c", 300, "Inbound"));
  std::string out = LoadInvalid(text, 1, limits);
  EXPECT_NE(out.find("'securityRules' has 3 entries; at most 2 are allowed"), std::string::npos)
      << out;
  limits.max_rules_per_nsg = 3;
  Diagnostics d;
  EXPECT_TRUE(LoadScenarioText(text, "test.yaml", "/nonexistent", &d, limits).has_value())
      << d.Format();
}

TEST(LoadScenarioBoundsTest, TooManyWorkloadsIsOneError) {
  std::string text = std::string(kMinimal) + "workloads:\n" +
                     Repeat("  - {namespace: a, name: b, nodePool: nodepool1}\n", 10001);
  std::string out = LoadInvalid(text, 1);
  EXPECT_NE(out.find("'workloads' has 10001 entries; at most 10000 are allowed"), std::string::npos)
      << out;
}

TEST(LoadScenarioBoundsTest, OversizedTextIsOneError) {
  ScenarioLimits limits;
  limits.max_file_bytes = 64;
  std::string out = LoadInvalid(kMinimal, 1, limits);
  EXPECT_EQ(out, "test.yaml: error: the file is larger than 64 bytes\n");
}

TEST(LoadScenarioBoundsTest, PoolCountAboveTheAksLimitIsOneError) {
  std::string text = kMinimal;
  text.replace(text.find("count: 3"), 8, "count: 1001");
  std::string out = LoadInvalid(text, 1);
  EXPECT_NE(out.find("'count' is 1001, out of range; expected 0 to 1000"), std::string::npos)
      << out;
}

TEST(LoadScenarioBoundsTest, ManyErrorsAreCountedButNotAllKept) {
  std::string text = "apiVersion: tunnelsim/v1\nkind: Scenario\n";
  for (int i = 0; i < 300; ++i) text += "unknown" + std::to_string(i) + ": 1\n";
  Diagnostics d;
  EXPECT_FALSE(LoadScenarioText(text, "test.yaml", "/nonexistent", &d).has_value());
  EXPECT_EQ(d.error_count(), 303u);  // 300 unknown keys, 3 missing sections
  EXPECT_EQ(d.items().size(), Diagnostics::kMaxKept);
  EXPECT_NE(d.Format().find("... and 103 more problems not shown"), std::string::npos);
}

TEST(LoadScenarioBoundsTest, DeeplyNestedFlowSequencesAreAnErrorNotACrash) {
  std::string text =
      "apiVersion: tunnelsim/v1\nkind: Scenario\nmetadata: " + std::string(10000, '[') +
      std::string(10000, ']') + "\n";
  Diagnostics d;
  EXPECT_FALSE(LoadScenarioText(text, "test.yaml", "/nonexistent", &d).has_value());
  EXPECT_EQ(d.error_count(), 1u) << d.Format();
  EXPECT_NE(d.Format().find("invalid YAML"), std::string::npos) << d.Format();
}

TEST(LoadScenarioBoundsTest, DeeplyNestedFlowMappingsAndBlockSequencesAreErrors) {
  std::string maps = "metadata: " + Repeat("{a: ", 10000) + "1" + std::string(10000, '}') + "\n";
  std::string blocks = "metadata:\n" + Repeat("- ", 10000) + "x\n";
  for (const std::string& text : {maps, blocks}) {
    Diagnostics d;
    EXPECT_FALSE(LoadScenarioText(text, "test.yaml", "/nonexistent", &d).has_value());
    EXPECT_TRUE(d.HasErrors());
  }
}

#ifdef TUNNELSIM_TEST_CHANGESET
// Change sets. These need tunnelsim_changeset linked into this test (see the report).
TEST(LoadChangeSetTest, BundledChangeSetLoads) {
  Diagnostics d;
  std::optional<ChangeSet> c =
      LoadChangeSetFile(SourcePath("scenarios/allow-kubelet-in-vnet.change.yaml"), &d);
  ASSERT_TRUE(c.has_value()) << d.Format();
  EXPECT_EQ(c->metadata.name.value, "allow-kubelet-in-vnet");
  ASSERT_EQ(c->changes.size(), 4u);
  EXPECT_EQ(c->changes[0].kind, "updateSecurityRule");
  ExpectPos(c->changes[0].pos, 11, 5);
  const auto* update = std::get_if<UpdateSecurityRule>(&c->changes[0].body);
  ASSERT_NE(update, nullptr);
  EXPECT_EQ(update->network_security_group.value, "aks-subnet-nsg");
  EXPECT_EQ(update->rule.priority.value, 200);
  const auto* add = std::get_if<AddSecurityRule>(&c->changes[1].body);
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->rule.name.value, "allow-kubelet-vnet");
  EXPECT_EQ(add->rule.priority.value, 150);
  ExpectPos(add->rule.priority.pos, 27, 19);
  EXPECT_EQ(add->rule.access.value, "Allow");
  EXPECT_EQ(add->rule.source_address_prefixes[0].value, "VirtualNetwork");
  // `az aks update ... --load-balancer-outbound-ports 4000
  // --load-balancer-managed-outbound-ip-count 2` is parsed at load time into the change it
  // stands for; the entry keeps its kind and the command line.
  EXPECT_EQ(c->changes[2].kind, "command");
  EXPECT_TRUE(c->changes[2].command.starts_with("az aks update ")) << c->changes[2].command;
  const auto* lb = std::get_if<LoadBalancerSettings>(&c->changes[2].body);
  ASSERT_NE(lb, nullptr);
  ASSERT_TRUE(lb->allocated_outbound_ports.has_value());
  EXPECT_EQ(lb->allocated_outbound_ports->value, 4000);
  ASSERT_TRUE(lb->managed_outbound_ips.has_value());
  EXPECT_EQ(lb->managed_outbound_ips->value, 2);
  EXPECT_FALSE(lb->idle_timeout_in_minutes.has_value());
  // Host commands stay commands, replayed on the pool's nodes.
  EXPECT_EQ(c->changes[3].kind, "command");
  const auto* ufw = std::get_if<Command>(&c->changes[3].body);
  ASSERT_NE(ufw, nullptr);
  EXPECT_EQ(ufw->text.value, "ufw allow 10250");
  EXPECT_EQ(ufw->node_pool.value, "nodepool1");
  EXPECT_EQ(c->changes[3].command, "ufw allow 10250");
}

TEST(LoadChangeSetTest, EveryStructuredKindLoads) {
  Diagnostics d;
  std::optional<ChangeSet> c = LoadChangeSetText(R"(apiVersion: tunnelsim/v1
kind: ChangeSet
metadata: {name: all}
changes:
  - removeSecurityRule: {networkSecurityGroup: n, name: r}
  - addNetworkSecurityGroup: {name: nic-nsg}
  - associateNetworkSecurityGroup: {nodePool: nodepool1, networkSecurityGroup: nic-nsg}
  - addEgressRule: {rule: {name: t, protocol: Udp, destinationAddresses: [AzureCloud], destinationPorts: ['1194'], action: Allow}}
  - removeEgressRule: {name: t}
  - connectionPooling: {traffic: payments-api, size: 64}
  - loadBalancer: {allocatedOutboundPorts: 4000, enableTcpReset: false}
  - outboundType: {type: managedNATGateway, natGateway: {managedOutboundIPs: 2}}
  - autoscaler: {linear: '{"nodesPerReplica":16}'}
  - agentResources: {requests: {cpu: 50m}, limits: {memory: 256Mi}}
  - scaleNodePool: {nodePool: nodepool1, count: 10}
  - authorizedIPRanges: {ranges: [203.0.113.0/24]}
  - tunnelKind: {kind: Konnectivity}
  - command: iptables -I INPUT -p tcp --dport 10250 -j ACCEPT
    node: aks-nodepool1-56810362-vmss000000
)",
                                                 "change.yaml", &d);
  ASSERT_TRUE(c.has_value()) << d.Format();
  ASSERT_EQ(c->changes.size(), 14u);
  const auto* lb = std::get_if<LoadBalancerSettings>(&c->changes[6].body);
  ASSERT_NE(lb, nullptr);
  EXPECT_FALSE(lb->managed_outbound_ips.has_value());
  ASSERT_TRUE(lb->allocated_outbound_ports.has_value());
  EXPECT_EQ(lb->allocated_outbound_ports->value, 4000);
  ASSERT_TRUE(lb->enable_tcp_reset.has_value());
  EXPECT_FALSE(lb->enable_tcp_reset->value);
  const auto* kind = std::get_if<SetTunnelKind>(&c->changes[12].body);
  ASSERT_NE(kind, nullptr);
  EXPECT_EQ(kind->kind.value, "konnectivity");
  const auto* cmd = std::get_if<Command>(&c->changes[13].body);
  ASSERT_NE(cmd, nullptr);
  EXPECT_EQ(cmd->node.value, "aks-nodepool1-56810362-vmss000000");
}

TEST(LoadChangeSetTest, DeeplyNestedInputIsAnErrorNotACrash) {
  std::string text =
      "apiVersion: tunnelsim/v1\nkind: ChangeSet\nchanges: " + std::string(10000, '[') +
      std::string(10000, ']') + "\n";
  Diagnostics d;
  EXPECT_FALSE(LoadChangeSetText(text, "change.yaml", &d).has_value());
  EXPECT_EQ(d.error_count(), 1u) << d.Format();
}

TEST(LoadChangeSetTest, TooManyChangesIsOneError) {
  ScenarioLimits limits;
  limits.max_changes = 3;
  std::string text = "apiVersion: tunnelsim/v1\nkind: ChangeSet\nmetadata: {name: x}\nchanges:\n" +
                     Repeat("  - command: ufw allow 10250\n", 4);
  Diagnostics d;
  EXPECT_FALSE(LoadChangeSetText(text, "change.yaml", &d, limits).has_value());
  EXPECT_EQ(d.Format(), "change.yaml:5:3: error: 'changes' has 4 entries; at most 3 are allowed\n");
}
#endif  // TUNNELSIM_TEST_CHANGESET
}  // namespace
}  // namespace tunnelsim
