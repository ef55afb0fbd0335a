// The closed-form cross-check shown beside the simulated figures (models/snat/analytic.h).
// Per node group and destination (Load Balancer: per node, the node's allocation is the cap)
// or per destination for the whole gateway (NAT Gateway: every node shares the cap), flows
// that are not pooled arrive as a Poisson process of rate lambda and hold their port for h =
// active duration + FIN/RST hold, or + the idle timeout for `idle`; ports in use are then
// Poisson with mean a = lambda x h, and a flow is lost with Erlang's B(c, a) for c ports. The
// simulated loss is measured over the steps that end after a warm-up of h (the run starts
// with no port in use), so both describe the steady state. With fixed holding times the run
// approaches it slowly (ports freed together are re-taken together, in waves of period h), so
// one holding time after the start the two can still differ by a few points.
//
// Approximations, stated in the output: the tunnel's own few connections are left out; for
// NAT Gateway the loss is the larger of the port inventory's B(IPs x 64,512, lambda x h with
// the hold-down) and the 50,000-per-IP connection limit's B(IPs x 50,000, lambda x h without
// it). Pooled sources are excluded (reuse is not a Poisson flow process). A source whose rate
// varies (a ramp, steps, points, a daily profile) is estimated at its peak rate, the load the
// ports must carry at the busiest time (when the peak lasts at least a holding time); its
// group is not compared with the simulation (no steady state), and neither is a group with
// evenly spaced arrivals (Erlang B assumes Poisson arrivals). Exponential durations are
// compared: Erlang B depends on the holding time only through its mean.
// Cost: O(sources + steps + ports) per estimate (ErlangB is O(c)).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/snat/snat_config.h"
#include "models/snat/sim_result.h"

namespace tunnelsim::snatsim {

struct AnalyticEstimate {
  int group = -1;                      // node group, or -1 for a NAT Gateway destination
  std::string destination;             // "20.61.10.5:443/tcp"
  double rate_per_second = 0;          // lambda: per node (LB) or for all nodes (NAT Gateway)
  double holding_seconds = 0;          // h, rate-weighted mean over the sources
  double offered_ports = 0;            // a = lambda x h
  int64_t ports = 0;                   // c
  double loss = 0;                     // Erlang B
  double carried_ports = 0;            // a (1 - B)
  std::optional<double> fill_seconds;  // c / lambda when a > c: when ports run out
  bool peak_rate = false;              // some source's rate varies: lambda is at the peak
};

struct AnalyticComparison {
  std::vector<AnalyticEstimate> estimates;
  // Per node group (Load Balancer) or one entry for the gateway (NAT Gateway):
  struct Check {
    int group = -1;
    double expected_loss = 0;  // rate-weighted over the destinations
    double warmup_seconds = 0;
    double window_start_seconds = 0;             // first step measured
    bool mixed_with_pooled = false;              // pooled traffic shares the nodes: not compared
    std::string not_compared;                    // else why it is not compared, or ""
    std::optional<double> simulated_loss;        // none when the run is shorter than the warm-up
    std::optional<double> expected_used_ports;   // single destination only (LB)
    std::optional<double> simulated_used_ports;  // mean UsedSnatPorts after the warm-up
  };
  std::vector<Check> checks;
  std::vector<std::string> excluded;  // sources left out, and why
};

// `result` is the merged first run of `plan` (snat_run.h).
AnalyticComparison CompareWithAnalytic(const SnatPlan& plan, const snat::SimulationResult& result);

}  // namespace tunnelsim::snatsim
