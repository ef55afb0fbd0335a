// Cluster-level changes: outbound, traffic, the tunnel and its autoscaler, node pools, and the
// host commands replayed on nodes.
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/apply/change_applier.h"
#include "engine/scenario/nodes.h"
#include "models/cpa/params.h"
#include "models/snat/lb_allocation.h"

namespace tunnelsim {

NodePool* ChangeApplier::FindPool(const LString& name) {
  for (NodePool& pool : s_.node_pools) {
    if (pool.name.value == name.value) return &pool;
  }
  std::vector<std::string> names;
  for (const NodePool& pool : s_.node_pools) names.push_back(pool.name.value);
  Fail(name.pos, fmt::format("node pool '{}' is not in the scenario; expected {}", name.value,
                             QuotedList(names)));
  return nullptr;
}

bool ChangeApplier::CheckOutboundCapacity(SourcePos pos) {
  const Outbound& o = s_.outbound;
  if (o.type.value != "loadBalancer" || o.load_balancer.allocated_outbound_ports.value == 0) {
    return true;
  }
  std::vector<snat::NodePoolScale> scales;
  for (const NodePool& p : s_.node_pools) {
    scales.push_back({static_cast<int>(p.count.value), static_cast<int>(p.max_count.value),
                      static_cast<int>(p.max_surge.value)});
  }
  Status st = snat::CheckCapacity(
      snat::NodesForCapacityCheck(scales),
      static_cast<int>(o.load_balancer.allocated_outbound_ports.value),
      static_cast<int>(std::max<int64_t>(o.load_balancer.managed_outbound_ips.value,
                                         static_cast<int64_t>(o.public_ips.size()))));
  if (st.ok()) return true;
  // reference/azure.md §3.4: the RP's error; node counts include maxCount and maxSurge.
  return Fail(pos,
              fmt::format("(InvalidLoadBalancerProfileAllocatedOutboundPorts) {}", st.message()));
}

bool ChangeApplier::operator()(const ConnectionPooling& c) {
  for (TrafficSpec& traffic : s_.traffic) {
    if (traffic.name.value != c.traffic.value) continue;
    out_.description = fmt::format("traffic {}: connection pool of {} (was {})", traffic.name.value,
                                   c.size.value, traffic.pool_size.value);
    traffic.pool_size = c.size;
    out_.outbound = true;
    return true;
  }
  std::vector<std::string> names;
  for (const TrafficSpec& traffic : s_.traffic) names.push_back(traffic.name.value);
  return Fail(c.traffic.pos, fmt::format("traffic '{}' is not in the scenario; expected {}",
                                         c.traffic.value, QuotedList(names)));
}

bool ChangeApplier::operator()(const LoadBalancerSettings& c) {
  LoadBalancerOutbound& lb = s_.outbound.load_balancer;
  std::vector<std::string> parts;
  if (c.managed_outbound_ips) {
    parts.push_back(fmt::format("managed outbound IPs {} -> {}", lb.managed_outbound_ips.value,
                                c.managed_outbound_ips->value));
    lb.managed_outbound_ips = *c.managed_outbound_ips;
  }
  if (c.allocated_outbound_ports) {
    parts.push_back(fmt::format("outbound ports per node {} -> {}",
                                lb.allocated_outbound_ports.value,
                                c.allocated_outbound_ports->value));
    lb.allocated_outbound_ports = *c.allocated_outbound_ports;
  }
  if (c.idle_timeout_in_minutes) {
    parts.push_back(fmt::format("idle timeout {} -> {} min", lb.idle_timeout_in_minutes.value,
                                c.idle_timeout_in_minutes->value));
    lb.idle_timeout_in_minutes = *c.idle_timeout_in_minutes;
  }
  if (c.enable_tcp_reset) {
    parts.push_back(fmt::format("TCP reset {}", c.enable_tcp_reset->value ? "on" : "off"));
    lb.enable_tcp_reset = *c.enable_tcp_reset;
  }
  out_.outbound = true;
  out_.description = fmt::format("load balancer: {}", fmt::join(parts, ", "));
  SourcePos pos = c.allocated_outbound_ports ? c.allocated_outbound_ports->pos : change_.pos;
  return CheckOutboundCapacity(pos);
}

bool ChangeApplier::operator()(const SetOutboundType& c) {
  // An empty type keeps the current one (`az aks update --nat-gateway-*` alone).
  if (!c.type.value.empty()) {
    out_.description = fmt::format("outbound type {} -> {}", s_.outbound.type.value, c.type.value);
    s_.outbound.type = c.type;
  } else {
    out_.description = fmt::format("outbound type stays {}", s_.outbound.type.value);
  }
  if (c.has_nat_gateway) {
    s_.outbound.has_nat_gateway = true;
    s_.outbound.nat_gateway = c.nat_gateway;
    out_.description += fmt::format(" (NAT gateway: {} IPs, idle timeout {} min)",
                                    c.nat_gateway.managed_outbound_ips.value,
                                    c.nat_gateway.idle_timeout_in_minutes.value);
  }
  out_.outbound = true;
  return CheckOutboundCapacity(c.type.pos);
}

bool ChangeApplier::operator()(const SetAutoscaler& c) {
  std::map<std::string, std::string> data;
  auto& current = s_.cluster.tunnel.autoscaler;
  for (const auto& [key, value] : current) data[key.value] = value.value;
  for (const auto& [key, value] : c.data) data[key.value] = value.value;
  out_.autoscaler = true;
  auto params = cpa::ParseConfigMapData(data);
  if (!params.ok()) {
    // The configmap itself is accepted (its data are plain strings); the autoscaler refuses
    // the parameters and keeps the replica count it had (reference/konnectivity-cpa.md §A3).
    d_.Warning(file_, c.pos.known() ? c.pos : change_.pos,
               fmt::format("the autoscaler rejects these parameters and keeps its previous "
                           "replica count: {}",
                           params.status().message()));
    out_.description = "konnectivity-agent-autoscaler: parameters rejected, replicas unchanged";
    return true;
  }
  // A merge patch: the keys given replace those keys, the others stay.
  for (const auto& [key, value] : c.data) {
    bool replaced = false;
    for (auto& [old_key, old_value] : current) {
      if (old_key.value == key.value) {
        old_value = value;
        replaced = true;
      }
    }
    if (!replaced) current.emplace_back(key, value);
  }
  if (!s_.cluster.tunnel.autoscaler_pos.known()) s_.cluster.tunnel.autoscaler_pos = change_.pos;
  out_.description = fmt::format("konnectivity-agent-autoscaler: {} mode", cpa::ModeName(*params));
  return true;
}

bool ChangeApplier::operator()(const SetAgentResources& c) {
  AgentSettings& agent = s_.cluster.tunnel.agent;
  if (c.requests) agent.requests = *c.requests;
  if (c.limits) agent.limits = *c.limits;
  out_.autoscaler = true;
  out_.description = fmt::format("konnectivity-agent resources: requests {}/{}, limits {}/{}",
                                 agent.requests.cpu.value, agent.requests.memory.value,
                                 agent.limits.cpu.value, agent.limits.memory.value);
  return true;
}

bool ChangeApplier::operator()(const ScaleNodePool& c) {
  NodePool* pool = FindPool(c.node_pool);
  if (!pool) return false;
  out_.description = fmt::format("node pool {}: {} -> {} nodes", pool->name.value,
                                 pool->count.value, c.count.value);
  pool->count = c.count;
  out_.autoscaler = true;
  out_.outbound = true;
  return CheckOutboundCapacity(c.count.pos);
}

bool ChangeApplier::operator()(const SetAuthorizedIpRanges& c) {
  s_.cluster.api_server.authorized_ip_ranges = c.ranges;
  out_.outbound = true;
  out_.description = c.ranges.empty()
                         ? std::string("API server: authorized IP ranges cleared")
                         : fmt::format("API server: {} authorized IP ranges", c.ranges.size());
  return true;
}

bool ChangeApplier::operator()(const SetTunnelKind& c) {
  out_.description = fmt::format("tunnel {} -> {}", s_.cluster.tunnel.kind.value, c.kind.value);
  s_.cluster.tunnel.kind = c.kind;
  out_.outbound = true;
  return true;
}

bool ChangeApplier::operator()(const Command& c) {
  NodePool* pool = nullptr;
  if (!c.node.value.empty()) {
    std::optional<size_t> owner = PoolOfNode(s_, c.node.value);
    if (owner) pool = &s_.node_pools[*owner];
    if (!pool) {
      return Fail(
          c.node.pos,
          fmt::format("node '{}' is not a node of the scenario; expected a name such as "
                      "'{}' (`tunnelsim check --details` lists them)",
                      c.node.value,
                      AksNodeName(s_.metadata.name.value, s_.node_pools.front().name.value, 0)));
    }
  } else {
    pool = FindPool(c.node_pool);
    if (!pool) return false;
  }
  pool->host_commands.push_back({c.text, c.node, file_});
  out_.host_pools.insert(pool->name.value);
  out_.description =
      fmt::format("{} {}: {}", c.node.value.empty() ? "node pool" : "node",
                  c.node.value.empty() ? pool->name.value : c.node.value, c.text.value);
  return true;
}

}  // namespace tunnelsim
