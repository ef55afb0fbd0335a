#include "engine/snat/snat_analytic.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <variant>

#include <fmt/format.h>

#include "models/snat/analytic.h"
#include "models/snat/destination.h"

namespace tunnelsim::snatsim {
namespace {

using snat::CloseMode;
using snat::TrafficSource;

std::string DestinationText(const snat::Destination& d) {
  if (d.port == 0) return fmt::format("{}/{}", d.address.ToString(), ProtocolName(d.protocol));
  return fmt::format("{}:{}/{}", d.address.ToString(), d.port, ProtocolName(d.protocol));
}

// How long a flow keeps a port from its destination's point of view, and how long it is a
// connection (NAT Gateway's 50,000-per-IP limit counts connections, not hold-downs).
struct Holding {
  double port_seconds = 0;
  double connection_seconds = 0;
};

Holding HoldingOf(const snat::SimulationConfig& c, const TrafficSource& s) {
  const double active = s.duration_seconds;
  if (const auto* lb = std::get_if<snat::LoadBalancerSetup>(&c.provider)) {
    const double hold = s.close == CloseMode::kFin   ? lb->rule.fin_release_seconds
                        : s.close == CloseMode::kRst ? lb->rule.rst_release_seconds
                                                     : 60.0 * lb->rule.idle_timeout_minutes;
    return {active + hold, active + hold};
  }
  const auto& nat = std::get<snat::NatGatewayConfig>(c.provider);
  const bool udp = s.destination.protocol == IpProtocol::kUdp;
  const double idle = s.close == CloseMode::kIdle ? 60.0 * (udp ? snat::kNatUdpIdleTimeoutMinutes
                                                                : nat.tcp_idle_timeout_minutes)
                                                  : 0;
  const double cooldown = s.close == CloseMode::kFin   ? nat.fin_cooldown_seconds
                          : s.close == CloseMode::kRst ? nat.rst_cooldown_seconds
                          : udp                        ? nat.udp_cooldown_seconds
                                                       : nat.tcp_idle_cooldown_seconds;
  return {active + idle + cooldown, active + idle};
}

struct Demand {
  bool peak = false;  // a source's rate varies: `rate` sums peak rates
  double rate = 0;
  double port_seconds_x_rate = 0;
  double connection_seconds_x_rate = 0;
};

// Rate-weighted Erlang loss and steady-state simulated loss over steps past the warm-up.
void FillCheck(const std::vector<const snat::StepMetrics*>& steps, double step_seconds,
               AnalyticComparison::Check* c) {
  double attempts = 0, failed = 0, used = 0;
  int counted = 0;
  for (const snat::StepMetrics* m : steps) {
    if (m->start_seconds + step_seconds <= c->warmup_seconds) continue;
    if (counted == 0) c->window_start_seconds = m->start_seconds;
    attempts += m->successful_mean + m->failed_mean;
    failed += m->failed_mean;
    used += m->used_ports_mean;
    ++counted;
  }
  if (counted == 0) return;
  c->simulated_loss = attempts > 0 ? failed / attempts : 0.0;
  if (c->expected_used_ports) c->simulated_used_ports = used / counted;
}

}  // namespace

AnalyticComparison CompareWithAnalytic(const SnatPlan& plan, const snat::SimulationResult& result) {
  AnalyticComparison out;
  const snat::SimulationConfig& config = plan.configs.front();
  const bool lb = std::holds_alternative<snat::LoadBalancerSetup>(config.provider);
  const snat::SnatKeyKind kind =
      lb ? snat::SnatKeyKind::kLoadBalancer : snat::SnatKeyKind::kNatGateway;
  // (group or -1, destination key) -> demand; std::map keeps the output order stable.
  std::map<std::tuple<int, uint32_t, uint16_t, uint8_t>, Demand> demand;
  std::set<int> pooled_groups;
  std::map<int, std::string> not_compared;  // group (or -1) -> why, the first reason found
  for (const TrafficSource& s : config.sources) {
    if (s.pool.size > 0) {
      pooled_groups.insert(lb ? s.group : -1);
      out.excluded.push_back(
          fmt::format("'{}' (pooled: reuse is not a Poisson flow process)", s.name));
      continue;
    }
    const snat::Destination key = snat::UniquenessKey(s.destination, kind);
    const snat::NodeGroup& g = config.groups[static_cast<size_t>(s.group)];
    const double rate = s.rate.MaxRate() * (lb ? 1.0 : g.nodes);
    const Holding h = HoldingOf(config, s);
    Demand& d = demand[{lb ? s.group : -1, key.address.value(), key.port,
                        static_cast<uint8_t>(key.protocol)}];
    if (!s.rate.constant()) {
      d.peak = true;
      not_compared.try_emplace(lb ? s.group : -1,
                               "the rate varies over time, so there is no steady state");
    }
    if (lb &&
        std::any_of(plan.backend_pool_steps.begin(), plan.backend_pool_steps.end(),
                    [](const BackendPoolStep& b) { return b.ports_after != b.ports_before; })) {
      not_compared.try_emplace(s.group,
                               "--backend-pool changes the allocation during the run; the "
                               "estimate is for the allocation at the start");
    }
    if (s.arrivals == snat::ArrivalProcess::kDeterministic) {
      not_compared.try_emplace(lb ? s.group : -1,
                               "evenly spaced arrivals are not the Poisson arrivals Erlang B "
                               "assumes");
    }
    d.rate += rate;
    d.port_seconds_x_rate += rate * h.port_seconds;
    d.connection_seconds_x_rate += rate * h.connection_seconds;
  }
  const int ips = plan.frontend_ips;
  std::map<int, AnalyticComparison::Check> checks;
  std::map<int, double> check_rate;
  std::map<int, int> destinations;
  for (const auto& [key, d] : demand) {
    if (d.rate <= 0) continue;
    const auto [group, address, port, protocol] = key;
    AnalyticEstimate e;
    e.group = group;
    e.destination = DestinationText({Ipv4Address(address), port, IpProtocol(protocol)});
    e.rate_per_second = d.rate;
    e.peak_rate = d.peak;
    e.holding_seconds = d.port_seconds_x_rate / d.rate;
    e.offered_ports = snat::OfferedLoad(d.rate, e.holding_seconds);
    e.ports = lb ? plan.ports_per_node : int64_t{ips} * snat::kNatPortsPerIp;
    e.loss = snat::ErlangB(e.ports, e.offered_ports);
    e.carried_ports = snat::CarriedLoad(e.ports, e.offered_ports);
    if (!lb) {  // the per-IP connection limit to one destination (reference/azure.md §4)
      const double connections = d.connection_seconds_x_rate;
      e.loss = std::max(
          e.loss,
          snat::ErlangB(int64_t{ips} * snat::kNatMaxConnectionsPerIpPerDestination, connections));
    }
    if (e.offered_ports > static_cast<double>(e.ports)) {
      e.fill_seconds = static_cast<double>(e.ports) / d.rate;
    }
    AnalyticComparison::Check& c = checks[group];
    c.group = group;
    c.expected_loss += e.loss * d.rate;
    c.warmup_seconds = std::max(c.warmup_seconds, e.holding_seconds);
    c.expected_used_ports = e.carried_ports;
    check_rate[group] += d.rate;
    ++destinations[group];
    out.estimates.push_back(std::move(e));
  }
  for (auto& [group, c] : checks) {
    c.expected_loss /= check_rate[group];
    if (pooled_groups.contains(group)) {
      c.mixed_with_pooled = true;
      c.expected_used_ports.reset();
      out.checks.push_back(c);
      continue;
    }
    if (auto why = not_compared.find(group); why != not_compared.end()) {
      c.not_compared = why->second;
      c.expected_used_ports.reset();
      out.checks.push_back(c);
      continue;
    }
    // UsedSnatPorts counts distinct ports: it equals the flows only with one destination.
    if (!lb || destinations[group] != 1) c.expected_used_ports.reset();
    std::vector<const snat::StepMetrics*> steps;
    if (lb) {
      for (const snat::StepMetrics& m : result.groups[static_cast<size_t>(group)].steps) {
        steps.push_back(&m);
      }
      FillCheck(steps, plan.options.step_seconds, &c);
    } else {
      // The gateway: attempts and failures summed over groups, weighted by their nodes.
      std::vector<snat::StepMetrics> total(result.groups.front().steps.size());
      for (const snat::GroupResult& g : result.groups) {
        for (size_t i = 0; i < total.size(); ++i) {
          total[i].start_seconds = g.steps[i].start_seconds;
          total[i].successful_mean += g.steps[i].successful_mean * g.nodes;
          total[i].failed_mean += g.steps[i].failed_mean * g.nodes;
        }
      }
      for (const snat::StepMetrics& m : total) steps.push_back(&m);
      FillCheck(steps, plan.options.step_seconds, &c);
    }
    out.checks.push_back(c);
  }
  return out;
}

}  // namespace tunnelsim::snatsim
