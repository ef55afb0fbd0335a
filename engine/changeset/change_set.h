// ChangeSet: what an architect proposes, as the v1 change-set format describes it
// (docs/change-set-format.md). One Change per entry, in order; each maps to a solution of the
// article. Plain data with source positions, filled by LoadChangeSet; applying it to a scenario
// is apply_change_set.h's job.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/scenario/scenario.h"

namespace tunnelsim {

struct AddSecurityRule {  // Solution 1: a rule that allows 10250 (or any rule)
  LString network_security_group;
  SecurityRuleSpec rule;
};
struct UpdateSecurityRule {  // replaces the rule of the same name
  LString network_security_group;
  SecurityRuleSpec rule;
};
// `az network nsg rule update`: only the fields given change; the rule must exist.
struct PatchSecurityRule {
  LString network_security_group;
  LString name;
  std::optional<Located<int64_t>> priority;
  std::optional<LString> direction;
  std::optional<LString> access;
  std::optional<LString> protocol;
  std::optional<std::vector<LString>> source_address_prefixes;
  std::optional<std::vector<LString>> source_port_ranges;
  std::optional<std::vector<LString>> destination_address_prefixes;
  std::optional<std::vector<LString>> destination_port_ranges;
  std::optional<std::string> description;
};
struct RemoveSecurityRule {
  LString network_security_group;
  LString name;
};
struct AddNetworkSecurityGroup {
  NetworkSecurityGroupSpec group;
};
// Associates an NSG with a subnet or with a node pool's NICs; an empty name removes it.
struct AssociateNetworkSecurityGroup {
  LString subnet;
  LString node_pool;
  LString network_security_group;
};
struct AddEgressRule {  // Solution 4: open 9000 / 1194 / 443 on the egress firewall
  EgressFirewallRule rule;
};
struct RemoveEgressRule {
  LString name;
};
struct ConnectionPooling {  // Solution 5a
  LString traffic;
  Located<int64_t> size;
};
struct LoadBalancerSettings {  // Solution 5b; unset fields keep their value
  std::optional<Located<int64_t>> managed_outbound_ips;
  std::optional<Located<int64_t>> allocated_outbound_ports;
  std::optional<Located<int64_t>> idle_timeout_in_minutes;
  std::optional<Located<bool>> enable_tcp_reset;
};
struct SetOutboundType {  // Solution 5c: a NAT gateway
  LString type;
  bool has_nat_gateway = false;
  NatGatewayOutbound nat_gateway;
};
struct SetAutoscaler {  // Solution 6: the konnectivity-agent-autoscaler configmap's data
  std::vector<std::pair<LString, LString>> data;
  SourcePos pos;
};
struct SetAgentResources {  // Solution 6: the agent deployment's requests and limits
  std::optional<ResourceList> requests;
  std::optional<ResourceList> limits;
};
struct ScaleNodePool {
  LString node_pool;
  Located<int64_t> count;
};
struct SetAuthorizedIpRanges {
  std::vector<LString> ranges;
};
struct SetTunnelKind {
  LString kind;
};
// A host tool's command line (ufw, iptables) with the node pool or node it runs on. Its effect
// depends on the node's state at that point, so it is kept as text and replayed on the node
// (NodePool::host_commands). Commands of cloud tools (az, kubectl) are parsed when the change
// set is loaded and become the structured changes above.
struct Command {
  LString text;
  LString node_pool;
  LString node;
};

using ChangeBody =
    std::variant<AddSecurityRule, UpdateSecurityRule, PatchSecurityRule, RemoveSecurityRule, AddNetworkSecurityGroup,
                 AssociateNetworkSecurityGroup, AddEgressRule, RemoveEgressRule, ConnectionPooling,
                 LoadBalancerSettings, SetOutboundType, SetAutoscaler, SetAgentResources,
                 ScaleNodePool, SetAuthorizedIpRanges, SetTunnelKind, Command>;

struct Change {
  std::string kind;  // the entry's key as written, e.g. "addSecurityRule"
  SourcePos pos;
  ChangeBody body;
  // The literal command line this change was parsed from ("az aks update ..."), empty for a
  // structured entry. One command may yield several changes; they share pos and command.
  std::string command;
};

struct ChangeSet {
  std::string file;
  Metadata metadata;
  std::vector<Change> changes;
};

}  // namespace tunnelsim
