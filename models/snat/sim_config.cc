#include "models/snat/sim_config.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace tunnelsim::snat {
namespace {

int SimulatedNodes(const NodeGroup& g) {
  return g.simulated_nodes == 0 ? g.nodes : g.simulated_nodes;
}

Status ValidateGroups(const SimulationConfig& config) {
  if (config.groups.empty()) {
    return Status::InvalidArgument("no node groups; expected at least one");
  }
  int64_t total = 0;
  for (const NodeGroup& g : config.groups) {
    if (g.nodes < 1) {
      return Status::InvalidArgument(
          fmt::format("node group '{}' has {} nodes; expected at least 1", g.name, g.nodes));
    }
    if (g.simulated_nodes < 0 || g.simulated_nodes > g.nodes) {
      return Status::InvalidArgument(
          fmt::format("node group '{}' simulates {} of {} nodes; expected 0 (all) to {}", g.name,
                      g.simulated_nodes, g.nodes, g.nodes));
    }
    total += SimulatedNodes(g);
  }
  if (total > (1 << 24)) {
    return Status::OutOfRange(
        fmt::format("{} simulated nodes is too many; expected at most {}", total, 1 << 24));
  }
  return Status::Ok();
}

Status ValidateSource(const SimulationConfig& config, const TrafficSource& s) {
  const std::string& n = s.name;
  if (s.group < 0 || s.group >= static_cast<int>(config.groups.size())) {
    return Status::InvalidArgument(
        fmt::format("traffic source '{}' names node group {}; expected 0 to {}", n, s.group,
                    config.groups.size() - 1));
  }
  if (!HasPorts(s.destination.protocol)) {
    return Status::Unsupported(
        fmt::format("traffic source '{}' uses {}; SNAT translates only tcp and udp", n,
                    ProtocolName(s.destination.protocol)));
  }
  if (s.destination.protocol == IpProtocol::kUdp && s.close != CloseMode::kIdle) {
    return Status::InvalidArgument(fmt::format(
        "traffic source '{}' closes UDP flows by fin/rst; UDP has neither, expected close: idle",
        n));
  }
  if (!std::isfinite(s.duration_seconds) || s.duration_seconds < 0 ||
      (s.duration_distribution == DurationDistribution::kExponential && s.duration_seconds <= 0)) {
    return Status::InvalidArgument(
        fmt::format("traffic source '{}' has duration {}s; expected a finite value >= 0 (> 0 when "
                    "exponential)",
                    n, s.duration_seconds));
  }
  if (s.pool.size < 0) {
    return Status::InvalidArgument(
        fmt::format("traffic source '{}' has pool size {}; expected >= 0", n, s.pool.size));
  }
  return Status::Ok();
}

Status ValidateLoadBalancer(const SimulationConfig& config, const LoadBalancerSetup& lb) {
  if (Status s = ValidateOutboundRule(lb.rule); !s.ok()) return s;
  int group_nodes = 0;
  for (const NodeGroup& g : config.groups) group_nodes += g.nodes;
  const int initial = lb.backend_pool_size == 0 ? group_nodes : lb.backend_pool_size;
  std::vector<int> sizes{initial};
  if (lb.backend_pool_changes.size() > 250) {
    return Status::OutOfRange(
        fmt::format("{} backend pool changes are too many; expected at most 250",
                    lb.backend_pool_changes.size()));
  }
  double last_time = 0;
  for (const BackendPoolChange& c : lb.backend_pool_changes) {
    if (!std::isfinite(c.time_seconds) || c.time_seconds < last_time) {
      return Status::InvalidArgument(
          fmt::format("backend pool change at {}s is out of order; expected times >= 0 in order",
                      c.time_seconds));
    }
    last_time = c.time_seconds;
    sizes.push_back(c.backend_pool_size);
  }
  for (int size : sizes) {
    if (size < group_nodes) {
      return Status::InvalidArgument(fmt::format(
          "backend pool size {} is smaller than the {} nodes of the node groups; expected at "
          "least {}",
          size, group_nodes, group_nodes));
    }
    Result<int> ports = PortsPerNode(lb.rule.allocated_outbound_ports, size, lb.rule.frontend_ips,
                                     lb.rule.allocation);
    if (!ports.ok()) return ports.status();
  }
  if (lb.rule.allocated_outbound_ports != 0) {
    const int nodes = lb.capacity_check_nodes != 0 ? lb.capacity_check_nodes
                                                   : *std::max_element(sizes.begin(), sizes.end());
    return CheckCapacity(nodes, lb.rule.allocated_outbound_ports, lb.rule.frontend_ips,
                         lb.rule.rule_ports_on_outbound_frontends);
  }
  return Status::Ok();
}

Status ValidateTunnel(const SimulationConfig& config, const TunnelAgents& t) {
  if (t.group < 0 || t.group >= static_cast<int>(config.groups.size())) {
    return Status::InvalidArgument(fmt::format("tunnel agents name node group {}; expected 0 to {}",
                                               t.group, config.groups.size() - 1));
  }
  const NodeGroup& g = config.groups[t.group];
  if (t.agents < 1 || t.agents > SimulatedNodes(g)) {
    return Status::InvalidArgument(fmt::format(
        "{} tunnel agents on group '{}' with {} simulated nodes; expected 1 to {} (agents run "
        "on simulated nodes)",
        t.agents, g.name, SimulatedNodes(g), SimulatedNodes(g)));
  }
  if (t.connections_per_agent < 1) {
    return Status::InvalidArgument(fmt::format(
        "{} connections per tunnel agent; expected at least 1", t.connections_per_agent));
  }
  if (t.api_server.protocol != IpProtocol::kTcp) {
    return Status::InvalidArgument("tunnel API server endpoint must be TCP (443)");
  }
  for (double r : t.restart_at_seconds) {
    if (!std::isfinite(r) || r < 0) {
      return Status::InvalidArgument(
          fmt::format("agent restart time {}s is invalid; expected >= 0", r));
    }
  }
  const DialBackoffPolicy& b = t.backoff;
  if (!(b.initial_seconds > 0) || !(b.factor >= 1) || !(b.cap_seconds >= b.initial_seconds) ||
      !(b.jitter >= 0)) {
    return Status::InvalidArgument(
        "agent dial backoff is invalid; expected initial > 0, factor >= 1, cap >= initial, "
        "jitter >= 0");
  }
  if (!std::isfinite(t.duplicate_dial_interval_seconds) || t.duplicate_dial_interval_seconds < 0) {
    return Status::InvalidArgument("duplicate dial interval must be >= 0 seconds (0 = off)");
  }
  return Status::Ok();
}

}  // namespace

Status ValidateSimulationConfig(const SimulationConfig& config) {
  if (Status s = ValidateGroups(config); !s.ok()) return s;
  if (!std::isfinite(config.duration_seconds) || config.duration_seconds <= 0 ||
      config.duration_seconds > 1e9) {
    return Status::InvalidArgument(
        fmt::format("simulation duration {}s is invalid; expected > 0 and at most 1e9",
                    config.duration_seconds));
  }
  if (!std::isfinite(config.step_seconds) || config.step_seconds < 1e-3 ||
      config.duration_seconds / config.step_seconds > 1e7) {
    return Status::InvalidArgument(
        fmt::format("metric step {}s is invalid; expected >= 0.001s and at most 1e7 steps",
                    config.step_seconds));
  }
  for (const TrafficSource& s : config.sources) {
    if (Status st = ValidateSource(config, s); !st.ok()) return st;
  }
  if (const auto* lb = std::get_if<LoadBalancerSetup>(&config.provider)) {
    if (Status s = ValidateLoadBalancer(config, *lb); !s.ok()) return s;
  } else {
    const auto& nat = std::get<NatGatewayConfig>(config.provider);
    if (Status s = ValidateNatGateway(nat); !s.ok()) return s;
    for (const NodeGroup& g : config.groups) {
      if (SimulatedNodes(g) != g.nodes) {
        return Status::Unsupported(fmt::format(
            "node group '{}' simulates {} of {} nodes, but NAT Gateway ports are shared by all "
            "nodes; expected simulated_nodes 0 (all)",
            g.name, g.simulated_nodes, g.nodes));
      }
    }
  }
  if (config.tunnel) {
    if (Status s = ValidateTunnel(config, *config.tunnel); !s.ok()) return s;
  }
  // Event encoding limits (sim_state.h PortEvent): destinations < 4096, re-tier epochs < 256.
  if (config.sources.size() > kMaxTrafficSources) {
    return Status::OutOfRange(fmt::format("{} traffic sources are too many; expected at most {}",
                                          config.sources.size(), kMaxTrafficSources));
  }
  return Status::Ok();
}

}  // namespace tunnelsim::snat
