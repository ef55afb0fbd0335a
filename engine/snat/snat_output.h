// Renders a SnatReport (snat_run.h) for `tunnelsim snat -o table|json|csv|svg`:
//   table  per node pool: ports per node, peak used, first exhaustion, successful and failed
//          connections; the tunnel's fate (from when a re-dial fails, from when no agent is
//          connected so kubectl logs/exec/port-forward fail, for which agents); p50 / p95 over
//          runs; the analytic cross-check; the assumptions the run relied on.
//   json   the same facts for machines, schema "tunnelsim.snat/v1" (docs/snat.md), with the
//          first run's per-step series.
//   csv    one row per step and pool, columns named like Azure's metrics (SnatConnectionCount
//          by state as sums over the pool's nodes, AllocatedSnatPorts and UsedSnatPorts as
//          per-node averages), to lay beside the portal's chart (reference/azure.md §2.7).
//   svg    per pool, used vs allocated ports and failed connections over time, with axes,
//          labels, legend and title.
// All outputs are pure functions of the report: the same report gives the same bytes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/snat/snat_run.h"

namespace tunnelsim::snatsim {

std::string FormatSnatTable(const SnatReport& report);
std::string FormatSnatJson(const SnatReport& report);
std::string FormatSnatCsv(const SnatReport& report);
std::string FormatSnatSvg(const SnatReport& report);

// --- Facts shared by the writers (snat_facts.cc) ---------------------------------------------

// "01:02:03" (hours:minutes:seconds since the start, rounded down); "never" for nullopt.
std::string Clock(std::optional<double> seconds);
// "12,345"
std::string Thousands(int64_t n);
// A length of time the way the flags take it: "1h", "1m", "1h30m", "45s", "0.5s".
std::string HumanDuration(double seconds);

// What happened to the tunnel in the first run (none when it is not simulated).
struct TunnelFate {
  // First step end at which some agent's node had no free port to the API server: from then
  // a re-dial could fail. And at how many step ends that was so.
  std::optional<double> first_without_port_seconds;
  int steps_without_port = 0;
  // First failed (re-)dial, and the tunnel parts (agent pools) whose dial failed.
  std::optional<double> first_failed_dial_seconds;
  std::vector<size_t> failed_parts;
  // First step end at which every tunnel connection was down (no agent connected: kubectl
  // logs/exec/port-forward fail for pods on every node) and at how many step ends.
  std::optional<double> first_all_down_seconds;
  int steps_all_down = 0;
  double longest_outage_seconds = 0;
  int connections_down_at_end = 0;
  int total_connections = 0;
};
std::optional<TunnelFate> DescribeTunnel(const SnatReport& report);

// Per-pool remedy for Solution 5b: ports per node that keep the Erlang loss at or below
// `loss_target` for the busiest destination, rounded up to a multiple of 8, and the IPs the
// capacity check then needs (reference/azure.md §3.4). None when the pool has no estimate.
struct PortAdvice {
  int ports_per_node = 0;
  int ips_needed = 0;
};
std::optional<PortAdvice> AdvisePorts(const SnatReport& report, int group, double loss_target);

// Solution 5c: the ports the same traffic would hold at once towards its busiest destination
// behind a NAT Gateway with its defaults (4-minute idle timeout, reference/azure.md §4), and
// the public IPs that takes (64,512 ports and 50,000 connections per destination each).
struct NatAdvice {
  double ports = 0;
  int ips_needed = 1;
};
NatAdvice AdviseNatGateway(const SnatReport& report);

}  // namespace tunnelsim::snatsim
