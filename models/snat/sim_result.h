// Outputs of the SNAT simulation (simulator.h), shaped like Azure's per-minute metrics
// (reference/azure.md §2.7, §4): SnatConnectionCount by state, AllocatedSnatPorts and
// UsedSnatPorts per backend instance for the Load Balancer; connection counts by state for
// NAT Gateway. "Per node" values are over the simulated nodes of a group.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tunnelsim::snat {

struct StepMetrics {
  double start_seconds = 0;
  // SnatConnectionCount: new SNAT flows in the step (pooled reuse opens none).
  double successful_mean = 0;  // per node
  int64_t successful_max_node = 0;
  double failed_mean = 0;  // per node
  int64_t failed_max_node = 0;
  // AllocatedSnatPorts per node, time-averaged over the step (0 under NAT Gateway).
  double allocated_ports = 0;
  // UsedSnatPorts (lb_port_pool.h; NAT Gateway: the node's open flows), time-averaged over
  // the step and over nodes; and the highest value any node reached within the step.
  double used_ports_mean = 0;
  int used_ports_max_node = 0;
  int64_t requests = 0;             // all requests of the group's simulated nodes
  int64_t stale_pool_failures = 0;  // requests that hit a silently reclaimed pooled connection
  int64_t reclaimed_flows = 0;      // flows killed because their port was re-tiered away
};

struct GroupResult {
  std::string name;
  int nodes = 0;
  int simulated_nodes = 0;
  std::vector<StepMetrics> steps;
  int64_t successful = 0;  // over the simulated nodes, whole run
  int64_t failed = 0;
  double successful_estimate = 0;  // scaled to all of the group's nodes
  double failed_estimate = 0;
  std::optional<double> first_exhaustion_seconds;  // first failed SNAT allocation
  int peak_used_ports = 0;                         // any simulated node, any time
  int64_t requests = 0;
  int64_t stale_pool_failures = 0;
  int64_t reclaimed_flows = 0;
  double reclaimed_flows_estimate = 0;  // scaled to all of the group's nodes
};

// NAT Gateway, whole gateway, per step (SNAT Connection Count split by state).
struct GatewayStep {
  double start_seconds = 0;
  int64_t established = 0;
  int64_t failed = 0;
  int64_t closed = 0;           // FIN or RST
  int64_t timed_out = 0;        // idle timeout
  double connections_mean = 0;  // open flows, time-averaged
  int64_t connections_peak = 0;
  // Ports unavailable (in use or cooling down) to the busiest destination, at its peak in the
  // step, out of ports_per_destination.
  int busiest_destination_blocked_peak = 0;
};

struct GatewayResult {
  int ports_per_destination = 0;  // public IPs x 64,512
  std::vector<GatewayStep> steps;
};

struct TunnelStep {
  double start_seconds = 0;
  int agents_without_port = 0;  // at step end, a new dial from these agents' nodes would fail
  int connections_down = 0;     // at step end
};

struct TunnelResult {
  int agents = 0;
  int connections_per_agent = 0;
  int64_t dials = 0;  // initial, re-dials and retries; duplicate dials are not counted here
  int64_t failed_dials = 0;
  // The answer to "a tunnel connection needed a port at time t and none was free": the first
  // time a (re-)dial failed.
  std::optional<double> first_failed_dial_seconds;
  // First time an agent had none of its connections (it serves no server at all).
  std::optional<double> first_agent_disconnected_seconds;
  double longest_outage_seconds = 0;   // one connection, from losing its port to a new one
  double connection_down_seconds = 0;  // summed over connections
  int connections_down_at_end = 0;
  int64_t duplicate_dials = 0;
  int64_t failed_duplicate_dials = 0;
  std::vector<TunnelStep> steps;
};

struct SimulationResult {
  std::vector<GroupResult> groups;
  std::optional<GatewayResult> gateway;  // NAT Gateway only
  std::optional<TunnelResult> tunnel;
  // Assumptions the run relied on that the reference marks unconfirmed (for the report).
  std::vector<std::string> assumptions;
  int64_t events = 0;
};

}  // namespace tunnelsim::snat
