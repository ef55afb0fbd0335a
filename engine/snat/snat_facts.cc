// Facts the SNAT writers share: clock and number formats, the tunnel's fate, port advice.
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "engine/snat/snat_output.h"
#include "models/snat/analytic.h"
#include "models/snat/lb_allocation.h"

namespace tunnelsim::snatsim {

std::string Clock(std::optional<double> seconds) {
  if (!seconds) return "never";
  const auto total = static_cast<int64_t>(std::floor(*seconds + 1e-9));
  return fmt::format("{:02}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
}

std::string Thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string HumanDuration(double seconds) {
  const auto whole = static_cast<int64_t>(seconds);
  if (static_cast<double>(whole) != seconds || whole == 0) return fmt::format("{}s", seconds);
  std::string out;
  if (whole >= 3600) out += fmt::format("{}h", whole / 3600);
  if (whole % 3600 >= 60) out += fmt::format("{}m", whole % 3600 / 60);
  if (whole % 60 != 0) out += fmt::format("{}s", whole % 60);
  return out;
}

std::optional<TunnelFate> DescribeTunnel(const SnatReport& report) {
  if (!report.first.tunnel) return std::nullopt;
  const snat::TunnelResult& t = *report.first.tunnel;
  TunnelFate fate;
  fate.total_connections = t.agents * t.connections_per_agent;
  const double step = report.plan->options.step_seconds;
  const double end = report.plan->options.duration_seconds;
  for (const snat::TunnelStep& s : t.steps) {
    const double step_end = std::min(s.start_seconds + step, end);
    if (s.agents_without_port > 0) {
      ++fate.steps_without_port;
      if (!fate.first_without_port_seconds) fate.first_without_port_seconds = step_end;
    }
    if (fate.total_connections > 0 && s.connections_down == fate.total_connections) {
      ++fate.steps_all_down;
      if (!fate.first_all_down_seconds) fate.first_all_down_seconds = step_end;
    }
  }
  fate.first_failed_dial_seconds = t.first_failed_dial_seconds;
  for (size_t k = 0; k < report.first_tunnel_parts.size(); ++k) {
    if (report.first_tunnel_parts[k].first_failed_dial_seconds) fate.failed_parts.push_back(k);
  }
  fate.longest_outage_seconds = t.longest_outage_seconds;
  fate.connections_down_at_end = t.connections_down_at_end;
  return fate;
}

std::optional<PortAdvice> AdvisePorts(const SnatReport& report, int group, double loss_target) {
  const SnatPlan& plan = *report.plan;
  if (plan.nat_gateway) return std::nullopt;
  double offered = -1;
  for (const AnalyticEstimate& e : report.analytic.estimates) {
    if (e.group == group) offered = std::max(offered, e.offered_ports);
  }
  if (offered < 0) return std::nullopt;
  const int64_t ports = snat::PortsForLossTarget(offered, loss_target);
  const int64_t rounded =
      (ports + snat::kLbPortGranularity - 1) / snat::kLbPortGranularity * snat::kLbPortGranularity;
  if (rounded > snat::kLbMaxAllocatedOutboundPorts) return std::nullopt;
  PortAdvice advice;
  advice.ports_per_node = static_cast<int>(std::max<int64_t>(rounded, snat::kLbPortGranularity));
  int64_t nodes = std::max(plan.capacity_check_nodes, 1);
  for (const BackendPoolStep& b : plan.backend_pool_steps)
    nodes = std::max<int64_t>(nodes, b.nodes);
  const int64_t needed = nodes * advice.ports_per_node;
  advice.ips_needed = static_cast<int>((needed + snat::kLbSnatPortsPerFrontendIp - 1) /
                                       snat::kLbSnatPortsPerFrontendIp);
  return advice;
}

NatAdvice AdviseNatGateway(const SnatReport& report) {
  const snat::SimulationConfig& c = report.plan->configs.front();
  const snat::NatGatewayConfig nat;  // the defaults a new gateway gets
  struct Load {
    double ports = 0, connections = 0;
  };
  std::map<std::tuple<uint32_t, uint16_t, int>, Load> by_destination;
  for (const snat::TrafficSource& s : c.sources) {
    const double nodes = c.groups[static_cast<size_t>(s.group)].nodes;
    const bool udp = s.destination.protocol == IpProtocol::kUdp;
    Load& load = by_destination[{s.destination.address.value(), s.destination.port,
                                 static_cast<int>(s.destination.protocol)}];
    if (s.pool.size > 0) {  // kept-alive pools hold at most their size
      load.ports += s.pool.size * nodes;
      load.connections += s.pool.size * nodes;
      continue;
    }
    const double idle =
        s.close == snat::CloseMode::kIdle
            ? 60.0 * (udp ? snat::kNatUdpIdleTimeoutMinutes : nat.tcp_idle_timeout_minutes)
            : 0;
    const double cooldown = s.close == snat::CloseMode::kFin   ? nat.fin_cooldown_seconds
                            : s.close == snat::CloseMode::kRst ? nat.rst_cooldown_seconds
                            : udp                              ? nat.udp_cooldown_seconds
                                                               : nat.tcp_idle_cooldown_seconds;
    const double rate = s.rate.MaxRate() * nodes;
    load.ports += rate * (s.duration_seconds + idle + cooldown);
    load.connections += rate * (s.duration_seconds + idle);
  }
  NatAdvice advice;
  for (const auto& [key, load] : by_destination) {
    advice.ports = std::max(advice.ports, load.ports);
    const int ips = static_cast<int>(
        std::max(std::ceil(load.ports / snat::kNatPortsPerIp),
                 std::ceil(load.connections / snat::kNatMaxConnectionsPerIpPerDestination)));
    advice.ips_needed = std::max(advice.ips_needed, ips);
  }
  return advice;
}

}  // namespace tunnelsim::snatsim
