// Node pools and what refers to them: workloads, webhooks, agent placement, traffic.
#include <algorithm>
#include <map>
#include <set>

#include <unordered_set>

#include <fmt/format.h>

#include "engine/scenario/nodes.h"
#include "engine/scenario/validate_scenario.h"
#include "models/core/ipv4.h"

namespace tunnelsim {
namespace {

// AKS: a Linux pool name is 1-12 lowercase letters and digits and starts with a letter.
bool IsValidPoolName(std::string_view name) {
  if (name.empty() || name.size() > 12 || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

void CheckPlacement(const Scenario& s, const std::set<std::string>& pools,
                    const std::set<std::string>* nodes, const LString& pool,
                    const std::vector<LString>& pinned, SourcePos where, std::string_view what,
                    Diagnostics* d) {
  if (pool.value.empty() && pinned.empty()) {
    d->Error(s.file, where,
             fmt::format("{} needs 'nodePool' or 'nodes' to say where it runs", what));
  }
  if (!pool.value.empty() && !pools.contains(pool.value)) {
    d->Error(s.file, pool.pos,
             fmt::format("{} refers to node pool '{}', which is not defined", what, pool.value));
  }
  for (const LString& node : pinned) {
    if (nodes && !nodes->contains(node.value)) {
      d->Error(s.file, node.pos,
               fmt::format("{} is pinned to node '{}', which the scenario does not have; node "
                           "names look like {}",
                           what, node.value,
                           nodes->empty() ? "aks-<pool>-<digits>-vmss000000" : *nodes->begin()));
    }
  }
}

// The first node's name, to show what node names look like.
std::string ExampleNodeName(const Scenario& s) {
  for (const NodePool& pool : s.node_pools) {
    if (pool.count.value > 0) return AksNodeName(s.metadata.name.value, pool.name.value, 0);
  }
  return "aks-<pool>-<digits>-vmss000000";
}

}  // namespace

void ValidateNodePools(const Scenario& s, const ScenarioLimits& limits, Diagnostics* d) {
  const std::string& f = s.file;
  size_t errors_before = d->error_count();
  // Every subnet name is known; only those with a valid prefix take part in the address plan
  // (a bad prefix is reported once, by ValidateNetwork).
  std::set<std::string> subnet_names;
  std::map<std::string, Ipv4Prefix> subnets;
  for (const VirtualNetwork& vnet : s.network.vnets) {
    for (const Subnet& subnet : vnet.subnets) {
      subnet_names.insert(subnet.name.value);
      auto prefix = Ipv4Prefix::Parse(subnet.address_prefix.value, true);
      if (prefix.ok() && subnet.address_prefix.value.find('/') != std::string::npos) {
        subnets.emplace(subnet.name.value, *prefix);
      }
    }
  }
  std::set<std::string> nsgs;
  for (const auto& nsg : s.network.network_security_groups) nsgs.insert(nsg.name.value);

  std::set<std::string> pool_names;
  std::map<std::string, uint64_t> demand_per_subnet;
  std::map<std::string, SourcePos> first_user_of_subnet;
  int64_t total_nodes = 0;
  for (const NodePool& pool : s.node_pools) {
    if (!IsValidPoolName(pool.name.value)) {
      d->Error(f, pool.name.pos,
               fmt::format("node pool name '{}' is invalid; expected 1-12 lowercase letters and "
                           "digits starting with a letter",
                           pool.name.value));
    }
    if (!pool_names.insert(pool.name.value).second) {
      d->Error(f, pool.name.pos, fmt::format("duplicate node pool name '{}'", pool.name.value));
    }
    total_nodes += pool.count.value;
    if (pool.max_count.value != 0 && pool.max_count.value < pool.count.value) {
      d->Error(f, pool.max_count.pos,
               fmt::format("'maxCount' {} is below 'count' {}; expected at least the current count",
                           pool.max_count.value, pool.count.value));
    }
    if (!pool.network_security_group.value.empty() &&
        !nsgs.contains(pool.network_security_group.value)) {
      d->Error(f, pool.network_security_group.pos,
               fmt::format("node pool '{}' refers to network security group '{}', which is not "
                           "defined in network.networkSecurityGroups",
                           pool.name.value, pool.network_security_group.value));
    }
    if (!subnet_names.contains(pool.subnet.value)) {
      d->Error(f, pool.subnet.pos,
               fmt::format("node pool '{}' refers to subnet '{}', which is not defined in any vnet",
                           pool.name.value, pool.subnet.value));
    } else if (subnets.contains(pool.subnet.value)) {
      // Surge nodes need addresses during upgrades too.
      demand_per_subnet[pool.subnet.value] += static_cast<uint64_t>(
          std::max(pool.count.value, pool.max_count.value) + pool.max_surge.value);
      first_user_of_subnet.try_emplace(pool.subnet.value, pool.subnet.pos);
    }
    if (pool.cores.value == 0 && !pool.vm_size.value.empty() &&
        CoresOfVmSize(pool.vm_size.value) == 0) {
      d->Error(f, pool.vm_size.pos,
               fmt::format("cannot tell the vCPU count of vmSize '{}'; set 'cores' on the pool",
                           pool.vm_size.value));
    }
  }
  if (total_nodes > limits.max_nodes) {
    d->Error(f, {},
             fmt::format("the scenario has {} nodes; AKS allows at most {} per cluster",
                         total_nodes, limits.max_nodes));
  }
  for (const auto& [name, demand] : demand_per_subnet) {
    uint64_t usable = subnets.at(name).Size() -
                      std::min<uint64_t>(subnets.at(name).Size(), kAzureReservedAddressesPerSubnet);
    if (demand > usable) {
      d->Error(f, first_user_of_subnet[name],
               fmt::format("subnet '{}' ({}) has {} usable addresses (Azure reserves 5), but its "
                           "node pools need {} (count or maxCount, plus maxSurge)",
                           name, subnets.at(name).ToString(), usable, demand));
    }
  }

  // Node names exist only when the address plan is sound; otherwise pinned names go unchecked
  // rather than being reported as missing.
  std::set<std::string> node_names;
  const std::set<std::string>* known_nodes = nullptr;
  if (d->error_count() == errors_before && s.network.vnets.size() > 0) {
    for (const NodeInstance& node : ExpandNodes(s)) node_names.insert(node.name);
    known_nodes = &node_names;
  }
  std::set<std::string> seen;
  for (const Workload& w : s.workloads) {
    std::string id = w.namespace_.value + "/" + w.name.value;
    if (!seen.insert("workload " + id).second) {
      d->Error(f, w.name.pos, fmt::format("duplicate workload '{}'", id));
    }
    CheckPlacement(s, pool_names, known_nodes, w.node_pool, w.nodes, w.pos,
                   fmt::format("workload '{}'", id), d);
  }
  for (const Webhook& w : s.webhooks) {
    if (!seen.insert("webhook " + w.name.value).second) {
      d->Error(f, w.name.pos, fmt::format("duplicate webhook '{}'", w.name.value));
    }
    CheckPlacement(s, pool_names, known_nodes, w.node_pool, w.nodes, w.pos,
                   fmt::format("webhook '{}'", w.name.value), d);
  }
  for (const LString& node : s.cluster.tunnel.agent.nodes) {
    if (known_nodes && !known_nodes->contains(node.value)) {
      d->Error(f, node.pos,
               fmt::format("the tunnel agent is pinned to node '{}', which the "
                           "scenario does not have",
                           node.value));
    }
  }
  // Node names need only the pools' names and counts: checked even when the address plan is
  // not. Built once, only when some entry names a node.
  std::unordered_set<std::string> named_nodes;
  for (const TrafficSpec& t : s.traffic) {
    if (t.from_node.value.empty() || !named_nodes.empty()) continue;
    for (const NodePool& pool : s.node_pools) {
      for (int64_t i = 0; i < pool.count.value; ++i) {
        named_nodes.insert(
            AksNodeName(s.metadata.name.value, pool.name.value, static_cast<size_t>(i)));
      }
    }
  }
  for (const TrafficSpec& t : s.traffic) {
    if (!t.from_node.value.empty()) {
      if (!named_nodes.contains(t.from_node.value)) {
        d->Error(f, t.from_node.pos,
                 fmt::format("traffic '{}' comes from node '{}', which the scenario does not "
                             "have; expected a node name such as '{}' (`tunnelsim check "
                             "--details` lists them)",
                             t.name.value, t.from_node.value, ExampleNodeName(s)));
      }
    } else if (!pool_names.contains(t.from_node_pool.value)) {
      d->Error(f, t.from_node_pool.pos,
               fmt::format("traffic '{}' comes from node pool '{}', which is not defined",
                           t.name.value, t.from_node_pool.value));
    }
    if (!Ipv4Address::Parse(t.destination_address.value).ok()) {
      d->Error(f, t.destination_address.pos,
               fmt::format("traffic destination '{}' is not an IPv4 address",
                           t.destination_address.value));
    }
  }
}

}  // namespace tunnelsim
