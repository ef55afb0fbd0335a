// Node groups (pools, and the nodes split off them by node-specific traffic) and the traffic
// sources on them; the rules are in snat_config.h.
#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "engine/scenario/nodes.h"
#include "engine/snat/snat_plan_parts.h"
#include "engine/snat/snat_rate.h"

namespace tunnelsim::snatsim {
namespace {

using snat::CloseMode;

CloseMode CloseOf(std::string_view close) {
  if (close == "rst") return CloseMode::kRst;
  if (close == "idle") return CloseMode::kIdle;
  return CloseMode::kFin;
}

std::string Quoted(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += fmt::format("{}'{}'", out.empty() ? "" : ", ", n);
  return out;
}

// Per node pool: the instance index of each node with traffic of its own, and the names of
// those entries. Only nodes the scenario has (validation reported the others).
std::vector<std::map<size_t, std::vector<std::string>>> NodesWithOwnTraffic(const Scenario& s) {
  std::vector<std::map<size_t, std::vector<std::string>>> out(s.node_pools.size());
  if (std::none_of(s.traffic.begin(), s.traffic.end(),
                   [](const TrafficSpec& t) { return !t.from_node.value.empty(); })) {
    return out;
  }
  std::map<std::string, std::pair<size_t, size_t>> where;  // node name -> (pool, index)
  for (size_t p = 0; p < s.node_pools.size(); ++p) {
    const NodePool& pool = s.node_pools[p];
    for (int64_t i = 0; i < pool.count.value; ++i) {
      where[AksNodeName(s.metadata.name.value, pool.name.value, static_cast<size_t>(i))] = {
          p, static_cast<size_t>(i)};
    }
  }
  for (const TrafficSpec& t : s.traffic) {
    auto it = where.find(t.from_node.value);
    if (it == where.end()) continue;
    std::vector<std::string>& names = out[it->second.first][it->second.second];
    if (std::find(names.begin(), names.end(), t.name.value) == names.end()) {
      names.push_back(t.name.value);
    }
  }
  return out;
}

}  // namespace

int GroupLayout::GroupOfNode(size_t pool, const std::string& name) const {
  if (auto it = node_group.find(name); it != node_group.end()) return it->second;
  return remaining_group[pool];
}

std::optional<GroupLayout> BuildGroups(const Scenario& s, SnatPlan* plan, Diagnostics* d) {
  snat::SimulationConfig& c = plan->configs[0];
  const int sample = plan->options.simulated_nodes;
  const auto own_traffic = NodesWithOwnTraffic(s);
  GroupLayout layout;
  layout.groups_of_pool.resize(s.node_pools.size());
  layout.remaining_group.assign(s.node_pools.size(), -1);
  int largest_group = 0;
  bool sampled = false;
  for (size_t p = 0; p < s.node_pools.size(); ++p) {
    const NodePool& pool = s.node_pools[p];
    auto add = [&](snat::NodeGroup g, std::string node) {
      const int id = static_cast<int>(c.groups.size());
      layout.groups_of_pool[p].push_back(id);
      plan->pool_of_group.push_back(static_cast<int>(p));
      plan->node_of_group.push_back(std::move(node));
      largest_group = std::max(largest_group, g.nodes);
      c.groups.push_back(std::move(g));
      return id;
    };
    const int remaining = static_cast<int>(pool.count.value - own_traffic[p].size());
    if (remaining > 0) {
      snat::NodeGroup g{pool.name.value, remaining, 0};
      if (sample > 0 && sample < remaining) {
        g.simulated_nodes = sample;
        sampled = true;
      }
      layout.remaining_group[p] = add(std::move(g), "");
    }
    for (const auto& [index, names] : own_traffic[p]) {
      std::string node = AksNodeName(s.metadata.name.value, pool.name.value, index);
      plan->notes.push_back(fmt::format(
          "node {} has traffic of its own ({}), so it is simulated as a group of its own; {}", node,
          Quoted(names),
          remaining > 0 ? fmt::format("pool {}'s figures are for its other {} node{}",
                                      pool.name.value, remaining, remaining == 1 ? "" : "s")
                        : fmt::format("pool {} has no other nodes", pool.name.value)));
      layout.node_group[node] = add({node, 1, 0}, node);
    }
  }
  if (c.groups.empty()) {
    d->Error(s.file, s.node_pools.empty() ? SourcePos{} : s.node_pools.front().count.pos,
             "every node pool has count 0; expected at least one node to simulate");
    return std::nullopt;
  }
  if (plan->nat_gateway && sampled) {
    d->Error(s.file, s.outbound.type.pos,
             fmt::format("--simulated-nodes {} samples the pools, but a NAT gateway's ports are "
                         "shared by every node; expected no --simulated-nodes (or at least {}) "
                         "with outbound type {}",
                         sample, largest_group, s.outbound.type.value));
    return std::nullopt;
  }
  return layout;
}

bool BuildSources(const Scenario& s, const GroupLayout& layout, SnatPlan* plan, Diagnostics* d) {
  std::map<std::string, size_t> pool_index;
  for (size_t i = 0; i < s.node_pools.size(); ++i) pool_index[s.node_pools[i].name.value] = i;
  bool ok = true;
  size_t planned_sources = 0;
  for (const TrafficSpec& t : s.traffic) {
    std::vector<int> groups;
    if (!t.from_node.value.empty()) {
      auto it = layout.node_group.find(t.from_node.value);
      if (it == layout.node_group.end()) {  // validation reports unknown nodes first
        d->Error(s.file, t.from_node.pos,
                 fmt::format("traffic '{}' comes from node '{}', which the scenario does not "
                             "have; expected a node of one of its pools",
                             t.name.value, t.from_node.value));
        ok = false;
        continue;
      }
      groups.push_back(it->second);
    } else {
      groups = layout.groups_of_pool[pool_index.at(t.from_node_pool.value)];
      if (groups.empty()) {
        plan->notes.push_back(fmt::format("traffic '{}' comes from pool '{}', which has no nodes",
                                          t.name.value, t.from_node_pool.value));
        continue;
      }
    }
    // Counted before anything is copied: a file of many node entries and pool-wide entries
    // would otherwise build every copy first.
    planned_sources += groups.size();
    if (planned_sources > snat::kMaxTrafficSources) {
      d->Error(s.file, t.pos,
               fmt::format("traffic '{}' brings the simulation to {} sources (a pool-wide entry "
                           "runs once for the pool's other nodes and once per node with traffic "
                           "of its own); expected at most {}",
                           t.name.value, planned_sources, snat::kMaxTrafficSources));
      return false;
    }
    Result<snat::RateProfile> rate = RateProfileOf(t.rate);
    if (!rate.ok()) {
      d->Error(s.file, t.rate.pos,
               fmt::format("traffic '{}': {}", t.name.value, rate.status().message()));
      ok = false;
      continue;
    }
    snat::TrafficSource src;
    src.name = t.name.value;
    const bool udp = t.destination_protocol.value == "Udp";
    src.destination = {*Ipv4Address::Parse(t.destination_address.value),
                       static_cast<uint16_t>(t.destination_port.value),
                       udp ? IpProtocol::kUdp : IpProtocol::kTcp};
    src.rate = std::move(rate).value();
    src.arrivals = t.arrivals.value == "evenlySpaced" ? snat::ArrivalProcess::kDeterministic
                                                      : snat::ArrivalProcess::kPoisson;
    src.duration_seconds = t.duration_seconds.value;
    src.duration_distribution = t.duration_distribution.value == "exponential"
                                    ? snat::DurationDistribution::kExponential
                                    : snat::DurationDistribution::kFixed;
    src.close = CloseOf(t.close.value);
    if (udp && !t.close.pos.known()) src.close = CloseMode::kIdle;  // UDP has no FIN or RST
    if (udp && src.close != CloseMode::kIdle) {
      d->Error(s.file, t.close.pos,
               fmt::format("traffic '{}' is UDP and closes by {}; UDP has neither FIN nor RST, "
                           "expected close: idle",
                           t.name.value, t.close.value));
      ok = false;
    }
    src.pool.size = static_cast<int>(t.pool_size.value);
    src.pool.keepalive = t.pool_keepalive.value;
    const std::string rate_text = DescribeRate(t.rate);
    for (int group : groups) {  // a pool-wide entry runs on every group of its pool
      src.group = group;
      plan->configs[0].sources.push_back(src);
      plan->source_rates.push_back(rate_text);
    }
  }
  return ok;
}

}  // namespace tunnelsim::snatsim
