#include "engine/reachability/remedy.h"

#include <fmt/format.h>

#include "models/nsg/suggest.h"

namespace tunnelsim {
namespace {

std::string AzRuleCreate(const nsg::NetworkSecurityGroup& group, const nsg::SecurityRule& rule) {
  return fmt::format(
      "az network nsg rule create --resource-group <rg> --nsg-name {} --name {} --priority {} "
      "--direction {} --access Allow --protocol {} --source-address-prefixes {} "
      "--source-port-ranges '*' --destination-address-prefixes {} --destination-port-ranges {}",
      group.name, rule.name, rule.priority, nsg::ToString(rule.direction),
      nsg::ToString(rule.protocol), nsg::FormatAddresses(rule.sources),
      nsg::FormatAddresses(rule.destinations), nsg::FormatPorts(rule.destination_ports));
}

std::string RunCommand(const ClusterModel& m, size_t node, const std::string& script) {
  const NodeModel& n = m.nodes[node];
  // VMSS instance names end in the instance id in base 36; run-command takes it in decimal.
  size_t instance = node - m.pools[n.pool].first_node;
  return fmt::format(
      "az vmss run-command invoke --resource-group <infra-or-MC-resource-group> --name "
      "{} --command-id RunShellScript --instance-id {} --scripts \"{}\" --output tsv "
      "--query 'value[0].message'",
      n.name.substr(0, n.name.size() - 6), instance, script);
}

// The blocking rule sits at a priority with no free number below it (100 is the lowest Azure
// allows): move it to the first free number above, then allow at the number it leaves free.
std::string MoveThenAllow(const ClusterModel& m, const nsg::NetworkSecurityGroup& group,
                          const Hop& hop, const std::string& why) {
  const nsg::Verdict& blocking = *hop.nsg_verdict;
  if (blocking.is_default) return why;
  std::vector<bool> taken(nsg::kMaxCustomPriority + 2, false);
  for (const nsg::SecurityRule& rule : group.rules) {
    if (rule.direction == blocking.direction && rule.priority <= nsg::kMaxCustomPriority) {
      taken[static_cast<size_t>(rule.priority)] = true;
    }
  }
  int free_above = blocking.priority + 1;
  while (free_above <= nsg::kMaxCustomPriority && taken[static_cast<size_t>(free_above)]) {
    ++free_above;
  }
  if (free_above > nsg::kMaxCustomPriority) return why;
  nsg::NetworkSecurityGroup moved = group;
  for (nsg::SecurityRule& rule : moved.rules) {
    if (rule.name == blocking.rule_name) rule.priority = free_above;
  }
  nsg::CompiledNsg compiled = nsg::CompiledNsg::Compile(moved, m.tags);
  nsg::Verdict after = compiled.Evaluate(blocking.direction, hop.nsg_flow);
  auto allow = nsg::SuggestAllowRule(moved, after, hop.nsg_flow, m.tags, {});
  if (!allow.ok()) return why;
  std::string note;
  if (free_above > blocking.priority + 1) {
    note = fmt::format(" (rules numbered {}-{} then come before {}; check them)",
                       blocking.priority + 1, free_above - 1, blocking.rule_name);
  }
  return fmt::format(
      "az network nsg rule update --resource-group <rg> --nsg-name {} --name {} "
      "--priority {}, then {}{}",
      group.name, blocking.rule_name, free_above, AzRuleCreate(moved, *allow), note);
}

}  // namespace

Remedy RemedyFor(const ClusterModel& m, const Hop& hop, uint16_t port, bool tunnel_path) {
  Remedy r;
  switch (hop.layer) {
    case HopLayer::kNsg: {
      const nsg::NetworkSecurityGroup& group = m.nsg_specs[static_cast<size_t>(hop.nsg)];
      r.cause = tunnel_path ? 4 : 1;
      r.solution = tunnel_path ? "Solution 4" : "Solution 1";
      r.summary = fmt::format("{} denies {} port {}", hop.where,
                              tunnel_path ? "egress to" : "traffic to", port);
      nsg::SuggestionScope scope;
      auto rule = nsg::SuggestAllowRule(group, *hop.nsg_verdict, hop.nsg_flow, m.tags, scope);
      if (rule.ok()) {
        r.action = AzRuleCreate(group, *rule);
      } else {
        r.action = MoveThenAllow(m, group, hop, rule.status().message());
      }
      break;
    }
    case HopLayer::kHost:
      if (hop.by_ufw) {
        r.cause = 2;
        r.solution = "Solution 2a or 2b";
        r.summary = fmt::format("ufw on node pool {} blocks port {}",
                                m.pools[hop.pool].spec->name.value, port);
        r.action = tunnel_path ? fmt::format("ufw allow out {}/tcp, or ufw disable", port)
                               : fmt::format("ufw allow {}, or ufw disable", port);
      } else {
        r.cause = 3;
        r.solution = "Solution 3";
        r.summary = fmt::format("an iptables rule on node pool {} blocks port {}",
                                m.pools[hop.pool].spec->name.value, port);
        r.action =
            hop.netfilter_rule > 0
                ? fmt::format("iptables --delete {} {}", hop.netfilter_chain, hop.netfilter_rule)
                : fmt::format(
                      "iptables --policy {} ACCEPT, or accept port {} before the "
                      "policy applies",
                      hop.netfilter_chain, port);
      }
      break;
    case HopLayer::kListener:
      r.cause = 3;
      r.solution = "Solution 3";
      r.summary = "a nat rule sends the kubelet's port to a plain-HTTP listener";
      r.action = "delete the REDIRECT/DNAT rule named above (iptables -t nat --delete ...)";
      break;
    case HopLayer::kEgress:
      r.cause = 4;
      r.solution = "Solution 4";
      r.summary = fmt::format("the egress path does not let the tunnel's port {} out", port);
      r.action = fmt::format(
          "allow TCP/UDP {} to the API server (AzureCloud.<region>:{} or the "
          "API server's IP) on the egress firewall",
          port, port);
      break;
    case HopLayer::kAuthorized:
      r.summary = "the API server's authorized IP ranges exclude the cluster's egress IP";
      r.action = "az aks update --api-server-authorized-ip-ranges <ranges>,<egress IP>/32";
      break;
  }
  return r;
}

std::string VerifyNcCommand(const ClusterModel& m, size_t from_node, const std::string& ip,
                            uint16_t port) {
  return RunCommand(m, from_node, fmt::format("nc -v -w 2 {} {}", ip, port));
}

std::string VerifyUfwCommand(const ClusterModel& m, size_t node) {
  return RunCommand(m, node, "ufw status");
}

std::string VerifyIptablesCommand(const ClusterModel& m, size_t node) {
  return RunCommand(m, node, "iptables --list --line-numbers");
}

}  // namespace tunnelsim
