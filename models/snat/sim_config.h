// Inputs of the SNAT simulation (simulator.h): node groups, outbound traffic sources, the
// SNAT provider, the tunnel agents, and run parameters. Plain values; the engine fills them
// from a scenario. ValidateSimulationConfig() checks everything Simulate() relies on.
//
// Semantics of one traffic source, per node of its group:
//   requests arrive at `rate` (per node per second; constant or a profile), as a Poisson
//   process or evenly spaced; each request keeps a connection busy for `duration_seconds`
//   (fixed or exponential with that mean). Without pooling every request opens a new
//   connection (a new SNAT flow) and then ends it by `close`:
//     fin   the client closes; LB holds the port fin_release_seconds (historical 240 s),
//           NAT Gateway cools the port 65 s for that destination;
//     rst   as fin with rst_release_seconds (15 s) / 16 s;
//     idle  the client leaves it open; the provider reclaims it after its idle timeout.
//   UDP flows have no FIN or RST: UDP sources must use `idle`.
//   With pool.size = S, each node keeps up to S idle connections and reuses them (most
//   recently used first); it opens a new one only when none is idle, and closes (by `close`)
//   a finished one only when S are already idle. With pool.keepalive, idle pooled connections
//   keep their port indefinitely; without, the provider reclaims them at its idle timeout:
//   with an LB TCP reset the client learns at once, otherwise (no reset; NAT Gateway resets
//   only on later traffic, reference/azure.md §4) the next request that picks the dead
//   connection fails ("stale") and the client then takes another or dials.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "models/core/status.h"
#include "models/snat/destination.h"
#include "models/snat/event_queue.h"
#include "models/snat/lb_allocation.h"
#include "models/snat/nat_gateway.h"
#include "models/snat/rate_profile.h"
#include "models/snat/tunnel_agents.h"

namespace tunnelsim::snat {

enum class ArrivalProcess { kPoisson, kDeterministic };
enum class DurationDistribution { kFixed, kExponential };
enum class CloseMode { kFin, kRst, kIdle };

struct ConnectionPool {
  int size = 0;  // 0: no pooling
  bool keepalive = true;
};

struct TrafficSource {
  std::string name;
  int group = 0;
  Destination destination;
  RateProfile rate = RateProfile::Constant(1);
  ArrivalProcess arrivals = ArrivalProcess::kPoisson;
  double duration_seconds = 1;
  DurationDistribution duration_distribution = DurationDistribution::kFixed;
  CloseMode close = CloseMode::kFin;
  ConnectionPool pool;
};

// Nodes of one pool (statistically identical). `simulated_nodes` representative nodes are
// simulated (0 = all): Load Balancer nodes are independent (each has its own ports), so the
// group's totals are the simulated nodes' totals x nodes / simulated_nodes; the "max node"
// series is the max over the simulated nodes only. NAT Gateway couples all nodes through one
// inventory, so it requires every node to be simulated.
struct NodeGroup {
  std::string name;
  int nodes = 1;
  int simulated_nodes = 0;
};

struct BackendPoolChange {
  double time_seconds = 0;
  int backend_pool_size = 0;
};

struct LoadBalancerSetup {
  LbOutboundRule rule;
  int backend_pool_size = 0;  // 0: the sum of the groups' nodes
  // Later backend pool sizes (other pools scaling, upgrades). With the default table they
  // re-tier every node (lb_allocation.h RetierOnScale).
  std::vector<BackendPoolChange> backend_pool_changes;
  // Node count for the RP capacity check of a manual allocation, surge and maxCount
  // included (lb_allocation.h NodesForCapacityCheck); 0: the largest backend pool size.
  int capacity_check_nodes = 0;
};

using SnatProvider = std::variant<LoadBalancerSetup, NatGatewayConfig>;

struct SimulationConfig {
  std::vector<NodeGroup> groups;
  std::vector<TrafficSource> sources;
  SnatProvider provider = LoadBalancerSetup{};
  std::optional<TunnelAgents> tunnel;
  double duration_seconds = 3600;
  double step_seconds = 60;  // Azure metrics are per minute (reference/azure.md §2.7)
  uint64_t seed = 1;
  EventQueueKind queue = EventQueueKind::kTimingWheel;
};

// Event encoding limit (sim_state.h PortEvent: destinations < 4096, the tunnel's included).
inline constexpr size_t kMaxTrafficSources = 4094;

Status ValidateSimulationConfig(const SimulationConfig& config);

}  // namespace tunnelsim::snat
