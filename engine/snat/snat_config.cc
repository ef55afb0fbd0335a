#include "engine/snat/snat_config.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "engine/snat/snat_output.h"
#include "engine/snat/snat_plan_parts.h"
#include "models/konnectivity/tunnel.h"
#include "models/snat/lb_allocation.h"

namespace tunnelsim::snatsim {
namespace {

bool IsNatGateway(std::string_view type) {
  return type == "managedNATGateway" || type == "userAssignedNATGateway";
}

// Frontend IPs: the explicit count, else the listed egress addresses, else the default 1.
int OutboundIpCount(const Located<int64_t>& managed, const Outbound& o) {
  if (!managed.pos.known() && !o.public_ips.empty()) return static_cast<int>(o.public_ips.size());
  return static_cast<int>(managed.value);
}

// The RP capacity check (reference/azure.md §3.4), reported at allocatedOutboundPorts with
// what would fit instead.
bool CheckLbCapacity(const Scenario& s, int ips, Diagnostics* d, int* check_nodes) {
  std::vector<snat::NodePoolScale> scales;
  for (const NodePool& p : s.node_pools) {
    scales.push_back({static_cast<int>(p.count.value), static_cast<int>(p.max_count.value),
                      static_cast<int>(p.max_surge.value)});
  }
  *check_nodes = snat::NodesForCapacityCheck(scales);
  const auto& ports = s.outbound.load_balancer.allocated_outbound_ports;
  if (ports.value == 0 || *check_nodes == 0) return true;
  const int per_node = static_cast<int>(ports.value);
  Status st = snat::CheckCapacity(*check_nodes, per_node, ips);
  if (st.ok()) return true;
  const int64_t available = snat::AvailableOutboundPorts(ips);
  const int64_t fitting =
      available / *check_nodes / snat::kLbPortGranularity * snat::kLbPortGranularity;
  const int64_t needed = int64_t{*check_nodes} * per_node;
  const int64_t ips_needed =
      (needed + snat::kLbSnatPortsPerFrontendIp - 1) / snat::kLbSnatPortsPerFrontendIp;
  std::string fix =
      ips_needed <= snat::kLbMaxFrontendIps
          ? fmt::format("at most {} ports per node, or {} outbound IPs", fitting, ips_needed)
          : fmt::format("at most {} ports per node", fitting);
  d->Error(s.file, ports.pos,
           fmt::format("Azure rejects this profile ({}): {} The count is every pool's "
                       "max(count, maxCount) + maxSurge (reference/azure.md §3.4); expected {}",
                       snat::kInvalidAllocatedOutboundPortsCode, st.message(), fix));
  return false;
}

// --backend-pool: each change re-tiers the default allocation (§2.2); with a manual
// allocation the ports stay, but Azure refuses a pool the frontends cannot serve (§3.4).
bool BuildBackendPoolSteps(const Scenario& s, snat::LoadBalancerSetup& lb, int total_nodes,
                           SnatPlan* plan, Diagnostics* d) {
  std::vector<snat::BackendPoolChange> changes = plan->options.backend_pool;
  std::stable_sort(changes.begin(), changes.end(),
                   [](const auto& a, const auto& b) { return a.time_seconds < b.time_seconds; });
  const SourcePos at = s.outbound.load_balancer.allocated_outbound_ports.pos.known()
                           ? s.outbound.load_balancer.allocated_outbound_ports.pos
                           : s.outbound.type.pos;
  int ports = plan->ports_per_node;
  for (const snat::BackendPoolChange& c : changes) {
    if (c.backend_pool_size < total_nodes) {
      d->Error(s.file, at,
               fmt::format("--backend-pool {}@{}: the scenario's {} nodes keep running, so the "
                           "backend pool cannot hold fewer; expected at least {} nodes",
                           c.backend_pool_size, HumanDuration(c.time_seconds), total_nodes,
                           total_nodes));
      return false;
    }
    if (lb.rule.allocated_outbound_ports != 0) {
      if (Status st = snat::CheckCapacity(c.backend_pool_size, lb.rule.allocated_outbound_ports,
                                          lb.rule.frontend_ips);
          !st.ok()) {
        d->Error(s.file, at,
                 fmt::format("--backend-pool {}@{}: Azure refuses to grow the pool ({}): {} "
                             "expected fewer nodes, fewer ports per node or more outbound IPs",
                             c.backend_pool_size, HumanDuration(c.time_seconds),
                             snat::kInvalidAllocatedOutboundPortsCode, st.message()));
        return false;
      }
    }
    Result<int> after = snat::PortsPerNode(lb.rule.allocated_outbound_ports, c.backend_pool_size,
                                           lb.rule.frontend_ips, lb.rule.allocation);
    if (!after.ok()) {
      d->Error(s.file, at,
               fmt::format("--backend-pool {}@{}s: {}", c.backend_pool_size, c.time_seconds,
                           after.status().message()));
      return false;
    }
    plan->backend_pool_steps.push_back({c.time_seconds, c.backend_pool_size, ports, *after});
    ports = *after;
    lb.backend_pool_changes.push_back(c);
  }
  return true;
}

bool BuildProvider(const Scenario& s, SnatPlan* plan, Diagnostics* d, int total_nodes) {
  const Outbound& o = s.outbound;
  const std::string& type = o.type.value;
  if (type == "userDefinedRouting" || type == "none") {
    std::string what =
        type == "none" ? "outbound type none leaves egress to you (no Azure load balancer or NAT "
                         "gateway), so no Azure SNAT port is involved"
                       : "outbound type userDefinedRouting sends egress through your own "
                         "appliance (for example Azure Firewall), which does the SNAT";
    d->Error(s.file, o.type.pos,
             fmt::format("{}; tunnelsim snat simulates only Azure Load Balancer and NAT Gateway "
                         "SNAT (reference/azure.md §2-§4), the appliance's ports are out of "
                         "scope; expected outbound type loadBalancer, managedNATGateway or "
                         "userAssignedNATGateway",
                         what));
    return false;
  }
  if (IsNatGateway(type)) {
    plan->nat_gateway = true;
    snat::NatGatewayConfig nat;
    nat.public_ips = OutboundIpCount(o.nat_gateway.managed_outbound_ips, o);
    nat.tcp_idle_timeout_minutes = static_cast<int>(o.nat_gateway.idle_timeout_in_minutes.value);
    ApplyToNatGateway(plan->options.assumptions, &nat);
    if (!plan->options.backend_pool.empty()) {
      d->Error(s.file, o.type.pos,
               fmt::format("--backend-pool re-tiers a Load Balancer's per-node allocation, but "
                           "outbound type {} shares a NAT Gateway's ports on demand; expected "
                           "no --backend-pool",
                           type));
      return false;
    }
    plan->frontend_ips = nat.public_ips;
    plan->configs[0].provider = nat;
    return true;
  }
  snat::LoadBalancerSetup lb;
  lb.rule = snat::LbOutboundRule::Aks();  // reference/azure.md §3.3
  lb.rule.frontend_ips = OutboundIpCount(o.load_balancer.managed_outbound_ips, o);
  lb.rule.allocated_outbound_ports =
      static_cast<int>(o.load_balancer.allocated_outbound_ports.value);
  lb.rule.idle_timeout_minutes = static_cast<int>(o.load_balancer.idle_timeout_in_minutes.value);
  lb.rule.enable_tcp_reset = o.load_balancer.enable_tcp_reset.value;
  ApplyToLoadBalancer(plan->options.assumptions, &lb);
  plan->frontend_ips = lb.rule.frontend_ips;
  if (!CheckLbCapacity(s, lb.rule.frontend_ips, d, &plan->capacity_check_nodes)) return false;
  lb.capacity_check_nodes = plan->capacity_check_nodes;
  lb.backend_pool_size = total_nodes;
  Result<int> ports = snat::PortsPerNode(lb.rule.allocated_outbound_ports, total_nodes,
                                         lb.rule.frontend_ips, lb.rule.allocation);
  if (!ports.ok()) {
    d->Error(s.file, o.load_balancer.allocated_outbound_ports.pos, ports.status().message());
    return false;
  }
  plan->ports_per_node = *ports;
  plan->allocation_source =
      lb.rule.allocated_outbound_ports != 0
          ? "allocatedOutboundPorts"
          : fmt::format("default table at {} backend nodes x {} IP{}, reference/azure.md §2.2",
                        total_nodes, lb.rule.frontend_ips, lb.rule.frontend_ips == 1 ? "" : "s");
  if (!BuildBackendPoolSteps(s, lb, total_nodes, plan, d)) return false;
  plan->configs[0].provider = lb;
  return true;
}

// Places the agents (ClusterModel's placement) into tunnel parts and the configs.
void BuildTunnel(const Scenario& s, const ClusterModel& m, const GroupLayout& layout,
                 SnatPlan* plan) {
  const ApiServer& api = s.cluster.api_server;
  plan->tunnel_kind = s.cluster.tunnel.kind.value;
  if (api.access.value == "private") {
    plan->tunnel_note =
        "private cluster: agents reach the API server's private endpoint, so the tunnel takes "
        "no SNAT port (reference/azure.md §5); the workload traffic still does";
    return;
  }
  if (api.access.value == "vnetIntegration") {
    plan->tunnel_note =
        "API Server VNet Integration: nodes reach the API server on an internal load balancer "
        "and no tunnel is needed (reference/azure.md §5)";
    return;
  }
  const konnectivity::TunnelEndpoint endpoint = konnectivity::EndpointOf(m.tunnel_kind);
  if (endpoint.protocol != IpProtocol::kTcp) {
    plan->tunnel_note = fmt::format("{}'s tunnel is UDP {}; its SNAT use is not simulated (legacy)",
                                    plan->tunnel_kind, endpoint.port);
    return;
  }
  plan->tunnel_endpoint =
      fmt::format("{}:{}/{}", api.public_ip.value, endpoint.port, ProtocolName(endpoint.protocol));
  plan->connections_per_agent = m.tunnel_kind == konnectivity::TunnelKind::kKonnectivity
                                    ? static_cast<int>(s.cluster.tunnel.server_count.value)
                                    : 1;
  std::map<int, TunnelPart> by_group;
  std::map<size_t, int> per_node;
  for (const AgentModel& a : m.agents) {
    const NodeModel& node = m.nodes[a.node];
    const int group = layout.GroupOfNode(node.pool, node.name);
    TunnelPart& part = by_group[group];
    part.group = group;
    part.agents.push_back({a.pod_name, m.nodes[a.node].name});
    ++per_node[a.node];
  }
  if (by_group.empty()) return;
  for (const auto& [node, count] : per_node) {
    if (count > 1) {
      plan->notes.push_back(fmt::format(
          "{} agents are pinned to node {}; the simulation gives each agent its own node", count,
          m.nodes[node].name));
    }
  }
  std::vector<TunnelPart> parts;
  for (auto& [group, part] : by_group) parts.push_back(std::move(part));
  if (plan->nat_gateway) {
    // One NAT Gateway inventory serves every node: the agents' nodes do not matter.
    auto most = std::max_element(parts.begin(), parts.end(), [](const auto& a, const auto& b) {
      return a.agents.size() < b.agents.size();
    });
    TunnelPart merged{most->group, {}};
    for (TunnelPart& p : parts) {
      merged.agents.insert(merged.agents.end(), p.agents.begin(), p.agents.end());
    }
    // A split-off node's group holds one agent; the largest group holds them all if any can.
    const std::vector<snat::NodeGroup>& groups = plan->configs[0].groups;
    if (groups[static_cast<size_t>(merged.group)].nodes < static_cast<int>(merged.agents.size())) {
      merged.group = static_cast<int>(
          std::max_element(groups.begin(), groups.end(),
                           [](const auto& a, const auto& b) { return a.nodes < b.nodes; }) -
          groups.begin());
    }
    parts = {std::move(merged)};
  }
  snat::TunnelAgents base;
  base.connections_per_agent = plan->connections_per_agent;
  base.api_server = {*Ipv4Address::Parse(api.public_ip.value), endpoint.port, endpoint.protocol};
  base.restart_at_seconds = plan->options.agent_restarts_seconds;
  ApplyToTunnel(plan->options.assumptions, &base);
  const snat::SimulationConfig all = plan->configs[0];
  plan->configs.clear();
  for (const TunnelPart& part : parts) {
    snat::SimulationConfig c = all;
    snat::NodeGroup& g = c.groups[static_cast<size_t>(part.group)];
    const int wanted = static_cast<int>(part.agents.size());
    if (g.simulated_nodes != 0 && g.simulated_nodes < std::min(wanted, g.nodes)) {
      plan->notes.push_back(fmt::format("{}: {} nodes simulated to hold its {} agents",
                                        GroupLabel(*plan, part.group), std::min(wanted, g.nodes),
                                        wanted));
      g.simulated_nodes = std::min(wanted, g.nodes);
    }
    const int simulated = g.simulated_nodes == 0 ? g.nodes : g.simulated_nodes;
    if (wanted > simulated) {
      plan->notes.push_back(
          fmt::format("{} has {} node{} for {} agents; {} agent{} simulated (one per node)",
                      GroupLabel(*plan, part.group), simulated, simulated == 1 ? "" : "s", wanted,
                      simulated, simulated == 1 ? "" : "s"));
    }
    base.group = part.group;
    base.agents = std::min(wanted, simulated);
    c.tunnel = base;
    if (!plan->configs.empty()) {  // only this part's group runs traffic (same streams)
      for (snat::TrafficSource& src : c.sources) {
        if (src.group != part.group) src.rate = snat::RateProfile::Constant(0);
      }
    }
    plan->configs.push_back(std::move(c));
  }
  plan->tunnel_parts = std::move(parts);
}

}  // namespace

int AgentCount(const SnatPlan& plan) {
  int n = 0;
  for (const TunnelPart& p : plan.tunnel_parts) n += static_cast<int>(p.agents.size());
  return n;
}

const std::string& PoolNameOfGroup(const SnatPlan& plan, int group) {
  const auto pool = static_cast<size_t>(plan.pool_of_group[static_cast<size_t>(group)]);
  return plan.scenario->node_pools[pool].name.value;
}

bool IsNodeGroup(const SnatPlan& plan, int group) {
  return !plan.node_of_group[static_cast<size_t>(group)].empty();
}

std::string GroupLabel(const SnatPlan& plan, int group) {
  if (IsNodeGroup(plan, group)) {
    return "node " + plan.node_of_group[static_cast<size_t>(group)];
  }
  return "pool " + PoolNameOfGroup(plan, group);
}

std::optional<SnatPlan> BuildSnatPlan(const Scenario& s, const ClusterModel& m,
                                      const SnatOptions& options, Diagnostics* d) {
  SnatPlan plan;
  plan.scenario = &s;
  plan.options = options;
  plan.configs.resize(1);
  snat::SimulationConfig& c = plan.configs[0];
  c.duration_seconds = options.duration_seconds;
  c.step_seconds = options.step_seconds;
  c.seed = options.seed;
  plan.nat_gateway = IsNatGateway(s.outbound.type.value);

  std::optional<GroupLayout> layout = BuildGroups(s, &plan, d);
  if (!layout) return std::nullopt;
  int total_nodes = 0;
  for (const snat::NodeGroup& g : c.groups) total_nodes += g.nodes;
  if (!options.assumptions.given.empty()) {
    std::string given;
    for (const std::string& g : options.assumptions.given) given += " " + g;
    plan.notes.push_back(fmt::format("defaults replaced for this run: --assume{}", given));
  }
  bool ok = BuildProvider(s, &plan, d, total_nodes);
  ok = BuildSources(s, *layout, &plan, d) && ok;
  if (!ok) return std::nullopt;
  BuildTunnel(s, m, *layout, &plan);
  for (const snat::SimulationConfig& config : plan.configs) {
    if (Status st = snat::ValidateSimulationConfig(config); !st.ok()) {
      d->Error(s.file, {}, st.message());
      return std::nullopt;
    }
  }
  return plan;
}

}  // namespace tunnelsim::snatsim
