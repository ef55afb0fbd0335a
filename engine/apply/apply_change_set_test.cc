// ApplyChangeSet against the bundled contoso-prod scenario: each change kind applies, and each
// refusal names the change set's line with the text the real tool would print.
#include "engine/apply/apply_change_set.h"

#include <gtest/gtest.h>

#include "engine/changeset/load_change_set.h"
#include "engine/scenario/load_scenario.h"
#include "engine/scenario/validate_scenario.h"

namespace tunnelsim {
namespace {

Scenario Contoso() {
  Diagnostics d;
  auto s =
      LoadScenarioFile(std::string(TUNNELSIM_SOURCE_ROOT) + "/scenarios/contoso-prod.yaml", &d);
  EXPECT_TRUE(s.has_value()) << d.Format();
  ValidateScenario(*s, {}, &d);
  EXPECT_FALSE(d.HasErrors()) << d.Format();
  return *s;
}

struct Outcome {
  bool ok = false;
  Scenario scenario;
  std::vector<AppliedChange> applied;
  Diagnostics diagnostics;
};

Outcome Apply(std::string_view changes) {
  Outcome out;
  out.scenario = Contoso();
  std::string text = "apiVersion: tunnelsim/v1\nkind: ChangeSet\nmetadata: {name: t}\nchanges:\n";
  text += changes;
  auto set = LoadChangeSetText(text, "change.yaml", &out.diagnostics);
  EXPECT_TRUE(set.has_value()) << out.diagnostics.Format();
  if (!set) return out;
  out.ok = ApplyChangeSet(*set, &out.scenario, &out.diagnostics, &out.applied);
  return out;
}

TEST(ApplyChangeSet, AddsRuleAndRecordsTheNsg) {
  Outcome o = Apply(R"(  - addSecurityRule:
      networkSecurityGroup: aks-subnet-nsg
      rule: {name: allow-vnet, priority: 150, direction: Inbound, access: Allow, protocol: Tcp,
             sourceAddressPrefix: VirtualNetwork, sourcePortRange: '*',
             destinationAddressPrefix: '*', destinationPortRange: '10250'}
)");
  ASSERT_TRUE(o.ok) << o.diagnostics.Format();
  const auto& rules = o.scenario.network.network_security_groups[0].security_rules;
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[1].name.value, "allow-vnet");
  ASSERT_EQ(o.applied.size(), 1u);
  EXPECT_EQ(o.applied[0].nsgs, std::set<std::string>{"aks-subnet-nsg"});
  EXPECT_EQ(o.applied[0].description, "aks-subnet-nsg: adds rule allow-vnet (Inbound 150 Allow)");
  EXPECT_EQ(o.applied[0].pos.line, 5);
}

TEST(ApplyChangeSet, PriorityClashIsArmsConflictAtTheChange) {
  Outcome o = Apply(R"(  - addSecurityRule:
      networkSecurityGroup: aks-subnet-nsg
      rule: {name: allow-vnet, priority: 100, direction: Inbound, access: Allow, protocol: Tcp,
             sourceAddressPrefix: '*', sourcePortRange: '*',
             destinationAddressPrefix: '*', destinationPortRange: '10250'}
)");
  EXPECT_FALSE(o.ok);
  std::string text = o.diagnostics.Format();
  EXPECT_NE(text.find("change.yaml:7:"), std::string::npos) << text;
  EXPECT_NE(text.find("(SecurityRuleConflict) Security rule allow-vnet conflicts with rule "
                      "deny-kubelet"),
            std::string::npos)
      << text;
  // The scenario stays as it was before the failing change.
  EXPECT_EQ(o.scenario.network.network_security_groups[0].security_rules.size(), 1u);
}

TEST(ApplyChangeSet, UnknownNsgListsTheKnownOnes) {
  Outcome o = Apply(R"(  - removeSecurityRule: {networkSecurityGroup: nope, name: x}
)");
  EXPECT_FALSE(o.ok);
  EXPECT_NE(o.diagnostics.Format().find(
                "change.yaml:5:48: error: network security group 'nope' is not in the scenario; "
                "expected 'aks-subnet-nsg'"),
            std::string::npos)
      << o.diagnostics.Format();
}

TEST(ApplyChangeSet, UpdateAndRemoveNeedAnExistingRule) {
  Outcome o =
      Apply(R"(  - removeSecurityRule: {networkSecurityGroup: aks-subnet-nsg, name: deny-kubelet}
  - removeSecurityRule: {networkSecurityGroup: aks-subnet-nsg, name: deny-kubelet}
)");
  EXPECT_FALSE(o.ok);
  EXPECT_NE(o.diagnostics.Format().find("change.yaml:6:"), std::string::npos);
  EXPECT_NE(o.diagnostics.Format().find("has no rule 'deny-kubelet' to remove"), std::string::npos);
  EXPECT_TRUE(o.scenario.network.network_security_groups[0].security_rules.empty());
}

TEST(ApplyChangeSet, UfwCommandIsReplayedOnThePool) {
  Outcome o = Apply(R"(  - command: ufw allow 10250/tcp
    nodePool: nodepool1
  - command: sudo ufw --force enable
    nodePool: nodepool1
)");
  ASSERT_TRUE(o.ok) << o.diagnostics.Format();
  const auto& commands = o.scenario.node_pools[0].host_commands;
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].text.value, "ufw allow 10250/tcp");
  EXPECT_EQ(commands[0].file, "change.yaml");
  EXPECT_EQ(o.applied[1].host_pools, std::set<std::string>{"nodepool1"});
  EXPECT_EQ(o.applied[1].description, "node pool nodepool1: ufw --force enable");
}

TEST(ApplyChangeSet, IptablesRefusalIsTheToolsOwnMessage) {
  Outcome o = Apply(R"(  - command: iptables --delete INPUT 3
    nodePool: nodepool1
)");
  EXPECT_FALSE(o.ok);
  std::string text = o.diagnostics.Format();
  EXPECT_NE(text.find("change.yaml:5:14: error: iptables --delete INPUT 3: "), std::string::npos)
      << text;
  EXPECT_NE(text.find("Index of deletion too big"), std::string::npos) << text;
}

TEST(ApplyChangeSet, NodeCommandNeedsANodeOfTheScenario) {
  Outcome o = Apply(R"(  - command: ufw enable
    node: aks-nodepool1-00000000-vmss000009
)");
  EXPECT_FALSE(o.ok);
  EXPECT_NE(o.diagnostics.Format().find("node 'aks-nodepool1-00000000-vmss000009' is not a node"),
            std::string::npos)
      << o.diagnostics.Format();
}

TEST(ApplyChangeSet, OutboundPortsBeyondTheIpsAreRefusedAsTheRpDoes) {
  // 3 nodes x 32,000 ports = 96,000 > 64,000 ports of one IP (reference/azure.md §3.4).
  Outcome o = Apply(R"(  - loadBalancer: {allocatedOutboundPorts: 32000}
)");
  EXPECT_FALSE(o.ok);
  std::string text = o.diagnostics.Format();
  EXPECT_NE(text.find("(InvalidLoadBalancerProfileAllocatedOutboundPorts) Load balancer profile "
                      "allocated ports 32000 is not in an allowable range given the number of "
                      "nodes and IPs provisioned. Total node count 3 requires 96000 ports but "
                      "only 64000 ports are available given 1 outbound public IPs."),
            std::string::npos)
      << text;
  Outcome two = Apply(R"(  - loadBalancer: {allocatedOutboundPorts: 32000, managedOutboundIPs: 2}
)");
  EXPECT_TRUE(two.ok) << two.diagnostics.Format();
  EXPECT_TRUE(two.applied[0].outbound);
}

TEST(ApplyChangeSet, ScalingAPoolChangesItsCount) {
  Outcome o = Apply(R"(  - scaleNodePool: {nodePool: nodepool1, count: 5}
)");
  ASSERT_TRUE(o.ok) << o.diagnostics.Format();
  EXPECT_EQ(o.scenario.node_pools[0].count.value, 5);
  EXPECT_EQ(o.applied[0].description, "node pool nodepool1: 3 -> 5 nodes");
  Outcome bad = Apply(R"(  - scaleNodePool: {nodePool: pool9, count: 5}
)");
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.diagnostics.Format().find("node pool 'pool9' is not in the scenario; expected "
                                          "'nodepool1'"),
            std::string::npos);
}

TEST(ApplyChangeSet, InvalidAutoscalerParametersKeepTheReplicas) {
  Outcome o = Apply(R"(  - autoscaler: {linear: '{"coresPerReplica": -1}'}
)");
  ASSERT_TRUE(o.ok) << o.diagnostics.Format();
  ASSERT_EQ(o.diagnostics.items().size(), 1u);
  EXPECT_EQ(o.diagnostics.items()[0].severity, Severity::kWarning);
  EXPECT_NE(o.diagnostics.items()[0].message.find("expected only one entry"), std::string::npos)
      << o.diagnostics.items()[0].message;
  ASSERT_EQ(o.scenario.cluster.tunnel.autoscaler.size(), 1u);
  EXPECT_EQ(o.scenario.cluster.tunnel.autoscaler[0].first.value, "ladder");
}

TEST(ApplyChangeSet, AutoscalerPatchReplacesTheGivenKey) {
  Outcome o = Apply(R"(  - autoscaler: {ladder: '{"nodesToReplicas": [[1, 3]]}'}
)");
  ASSERT_TRUE(o.ok) << o.diagnostics.Format();
  ASSERT_EQ(o.scenario.cluster.tunnel.autoscaler.size(), 1u);
  EXPECT_EQ(o.scenario.cluster.tunnel.autoscaler[0].second.value,
            R"({"nodesToReplicas": [[1, 3]]})");
}

TEST(ApplyChangeSet, ChangeThatInvalidatesTheScenarioIsReportedAtTheChange) {
  // A /16 holds 65,531 nodes, but a pool holds at most 1,000.
  Outcome o =
      Apply(R"(  - associateNetworkSecurityGroup: {subnet: aks-subnet, networkSecurityGroup: null}
  - associateNetworkSecurityGroup: {nodePool: nodepool1, networkSecurityGroup: ghost}
)");
  EXPECT_FALSE(o.ok);
  EXPECT_NE(o.diagnostics.Format().find("change.yaml:6:"), std::string::npos)
      << o.diagnostics.Format();
  EXPECT_TRUE(o.scenario.network.vnets[0].subnets[0].network_security_group.value.empty());
}

}  // namespace
}  // namespace tunnelsim
