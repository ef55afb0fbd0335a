// SnatPlan: a validated scenario turned into the SNAT simulation's inputs (models/snat
// sim_config.h) for `tunnelsim snat`. One node group per node pool with nodes, the scenario's
// `traffic` entries as sources, the provider from `outbound.type`, and the tunnel agents
// of a public cluster (their count and nodes come from ClusterModel, the same placement
// `tunnelsim check` reports).
//
// Node groups: a node that has traffic of its own (`from: {node: ...}`) is split off its pool
// into a group of one node named after the node; the pool's other nodes stay one group named
// after the pool (--simulated-nodes samples that group). Groups are in pool order, each pool's
// remaining nodes first, then its split-off nodes in instance order. A pool-wide entry becomes
// one source per group of its pool; a node entry one source on its node's group. An agent on a
// split-off node is in that node's group.
// Traffic: rate forms as snat_rate.h maps them; `arrivals: evenlySpaced` -> kDeterministic;
// `duration: {mean, distribution: exponential}` -> kExponential; `pool: {size, keepalive}`.
//
// Mapping (reference/azure.md):
//   loadBalancer            -> LoadBalancerSetup with AKS's outbound rule (§3.3): frontend IPs
//                              from managedOutboundIPs (else the number of outbound.publicIPs),
//                              allocatedOutboundPorts (0 = default table, §2.2), idle timeout
//                              and TCP reset; the RP capacity check counts every pool's
//                              max(count, maxCount) + maxSurge (§3.4).
//   managed/userAssigned NAT Gateway -> NatGatewayConfig (§4): natGateway.managedOutboundIPs
//                              (else the number of outbound.publicIPs), idle timeout.
//   userDefinedRouting, none -> refused: the appliance (or nothing) does the SNAT.
//   Tunnel: public clusters only (§5); konnectivity dials TCP 443 once per server replica,
//   tunnel-front TCP 9000; aks-link's UDP tunnel and private / VNet-integrated API servers
//   take no simulated port.
// Load Balancer nodes are independent, so agents spread over several pools become one
// simulation per agent-hosting pool (`configs`); NAT Gateway couples every node, so its
// agents all sit in one pool (which node holds an agent does not change its chance of a port).
//
// Errors go to Diagnostics at the scenario position that causes them (e.g. Azure's capacity
// error at the allocatedOutboundPorts line); BuildSnatPlan then returns nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/diagnostics/diagnostics.h"
#include "engine/reachability/cluster_model.h"
#include "engine/scenario/scenario.h"
#include "engine/snat/snat_assumptions.h"
#include "models/core/result.h"
#include "models/snat/sim_config.h"

namespace tunnelsim::snatsim {

struct SnatOptions {
  double duration_seconds = 3600;
  double step_seconds = 60;  // Azure's metrics are per minute (reference/azure.md §2.7)
  uint64_t seed = 1;
  int runs = 1;
  int simulated_nodes = 0;  // per pool, Load Balancer only; 0 = every node
  std::vector<double> agent_restarts_seconds;
  // --backend-pool NODES@TIME: the Load Balancer's backend pool holds NODES from TIME on
  // (another pool scaling, an upgrade's surge nodes); the scenario's nodes keep running.
  std::vector<snat::BackendPoolChange> backend_pool;
  SnatAssumptions assumptions;  // --assume KEY=VALUE
};

// "130@30m": a backend pool size and the time it takes effect. Errors name the flag.
Result<snat::BackendPoolChange> ParseBackendPoolFlag(std::string_view text);

// A backend pool change as the plan resolved it: the allocation before and after.
struct BackendPoolStep {
  double time_seconds = 0;
  int nodes = 0;
  int ports_before = 0;
  int ports_after = 0;
};

// "2h", "30m", "90s", "500ms", "1h30m" or plain seconds ("3600"). Errors name `flag`.
Result<double> ParseDurationFlag(std::string_view flag, std::string_view text);

struct AgentPlacement {
  std::string pod;
  std::string node;
};

// The agents that one simulation (configs[part]) places on one node group.
struct TunnelPart {
  int group = 0;
  std::vector<AgentPlacement> agents;
};

struct SnatPlan {
  const Scenario* scenario = nullptr;
  SnatOptions options;
  // configs[0] runs every traffic source; configs[k > 0] run only the sources of
  // tunnel_parts[k]'s group (others at rate 0, same random streams), so each group's
  // figures come from the simulation that holds its agents.
  std::vector<snat::SimulationConfig> configs;
  std::vector<TunnelPart> tunnel_parts;    // parallel to configs when there is a tunnel
  std::vector<int> pool_of_group;          // node pool index of each node group
  std::vector<std::string> node_of_group;  // the node of a split-off group; "" for a pool's
  std::vector<std::string> source_rates;   // per source of configs[0], its rate in words
  bool nat_gateway = false;
  int frontend_ips = 1;           // Load Balancer frontends or NAT Gateway IPs
  int ports_per_node = 0;         // Load Balancer allocation at the start
  std::string allocation_source;  // "default table at 120 nodes", "allocatedOutboundPorts"
  int capacity_check_nodes = 0;   // Load Balancer, §3.4
  std::vector<BackendPoolStep> backend_pool_steps;  // --backend-pool, in time order
  std::string tunnel_kind;                          // konnectivity | tunnel-front | aks-link
  std::string tunnel_endpoint;  // "20.61.10.5:443/tcp", or empty when not simulated
  std::string tunnel_note;      // why the tunnel is not simulated, when it is not
  int connections_per_agent = 0;
  std::vector<std::string> notes;  // mapping decisions the reader should know
};

// REQUIRES: `model` was built from `scenario`, which passed validation; both outlive the plan.
std::optional<SnatPlan> BuildSnatPlan(const Scenario& scenario, const ClusterModel& model,
                                      const SnatOptions& options, Diagnostics* diagnostics);

// Total agents of the plan (all parts).
int AgentCount(const SnatPlan& plan);

// The node pool a group belongs to, and whether the group is one split-off node.
const std::string& PoolNameOfGroup(const SnatPlan& plan, int group);
bool IsNodeGroup(const SnatPlan& plan, int group);
// "pool user" or "node aks-user-12345678-vmss000004", for sentences.
std::string GroupLabel(const SnatPlan& plan, int group);

}  // namespace tunnelsim::snatsim
