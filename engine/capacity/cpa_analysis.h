// CPA capacity analysis behind `tunnelsim cpa` (article Cause 6): how many konnectivity-agent
// replicas the Cluster Proportional Autoscaler gives as the cluster grows, how much memory the
// busiest replica needs under the scenario's tunnel load, from which size that passes the
// agent's memory limit, and what the OOM kills then do (reference/konnectivity-cpa.md §A, §B,
// §C, §D; models/cpa/oom_restart.h).
//
// BuildCpaSetup reads the scenario once: the autoscaler configmap (absent: AKS's documented
// ladder, §B), the agent's memory limit (absent: memory is reported, OOM is not judged), the
// load (a fixed part plus streamsPerNode x nodes), the memory model overrides, the
// konnectivity servers and whether re-dials need SNAT ports. Errors go to Diagnostics at the
// scenario position of the offending value.
// AnalyzeCpa is pure and deterministic. The sweep runs over node counts (cores follow the
// scenario's mix of pools: every node gets the pools' average allocatable CPU, total
// millicores / total nodes rounded to a millicore; or a fixed core total) or over core
// counts at a fixed node count. The current size uses the exact pools. Allocatable CPU is
// taken as the VM's vCPUs, as `tunnelsim check` does.
// Complexity: O(steps x log range) for the steps and the first under-provisioned size, plus
// O(|at|) and O(timeline span / 10 s) polls, each reported size with one OOM simulation;
// EverySweepValue is O(range).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/capacity/cpa_inputs.h"
#include "engine/diagnostics/diagnostics.h"
#include "engine/scenario/scenario.h"
#include "models/core/result.h"
#include "models/cpa/agent_load.h"
#include "models/cpa/oom_restart.h"
#include "models/cpa/params.h"
#include "models/cpa/sweep.h"

namespace tunnelsim::capacity {

// The ladder in AKS's documentation (reference/konnectivity-cpa.md §B, article Solution 6).
inline constexpr std::string_view kAksDefaultLadderJson =
    R"({"nodesToReplicas":[[1,2],[100,3],[250,4],[500,5],[1000,6],[5000,10]]})";

// A suggested ladder keeps at least two agents, as AKS's default does: one can restart (or
// be evicted under the PDB's minAvailable 1, reference/konnectivity-cpa.md §B) while the
// other carries the tunnel.
inline constexpr int32_t kMinSuggestedReplicas = 2;

enum class ReplicaSource {
  kConfigMap,         // cluster.tunnel.autoscaler
  kAksDefaultLadder,  // no configmap in the scenario: AKS's documented default
  kFixedReplicas,     // cluster.tunnel.agent.replicas: no autoscaler at all
};

struct PoolShape {
  std::string name;
  int64_t count = 0;
  int64_t millicores_per_node = 0;
};

// Whether the Load Balancer's default port table applies to the agents' tunnel connections,
// and whether an agent's re-dials take SNAT ports at all.
struct SnatSetup {
  bool applies = false;  // public API server, outbound loadBalancer, allocatedOutboundPorts 0
  int64_t frontend_ips = 1;
  std::string why_not;  // when !applies
  // Public API server: every new tunnel connection leaves the node through the cluster's
  // outbound SNAT (reference/azure.md §5), one port per connection to the API server's
  // IP:443 (§2.4). Private and VNet-integrated API servers need none.
  bool redials_take_ports = false;
  std::string redial_why_not;  // when !redials_take_ports
};

struct CpaSetup {
  std::string scenario_name;
  ReplicaSource source = ReplicaSource::kConfigMap;
  std::map<std::string, std::string> config_map_data;  // what the controller polls
  cpa::ScalerParams params;
  std::vector<PoolShape> pools;
  int64_t current_nodes = 0;
  cpa::ClusterStatus current_status;      // exact, from the pools (CPA v1.9.0 counting)
  int64_t sweep_millicores_per_node = 0;  // the pools' average, for every other size
  std::optional<int64_t> memory_limit_bytes;
  std::optional<int64_t> memory_request_bytes;
  cpa::AgentMemoryModel memory_model;
  cpa::GrowingLoad load;     // streamsPerNode sits in per_node.logs_follow (streams are summed)
  int64_t server_count = 1;  // konnectivity servers: each agent holds one connection to each
  SnatSetup snat;
  std::vector<std::string> notes;  // assumptions made, shown with every output
};

std::optional<CpaSetup> BuildCpaSetup(const Scenario& scenario, Diagnostics* diagnostics);

// What OOM kills do at one size over the first minutes (models/cpa/oom_restart.h), with the
// kubelet's default back-off and Azure's historical 240 s FIN hold (reference/azure.md §2.6).
struct OomOutcome {
  enum class Trigger {
    kOverLimit,       // the busiest replicas pass the limit under the steady load
    kOneReplicaLost,  // no replica does; one is OOM-killed anyway (a burst): do the rest hold?
  };
  Trigger trigger = Trigger::kOverLimit;
  cpa::OomRestartReport report;
  std::optional<int64_t> redial_snat_ports;         // re-dials x 1 port; none: no SNAT
  std::optional<int64_t> peak_snat_ports_per_node;  // held at once on one agent's node
};

// Replicas, memory and SNAT ports at one cluster size.
struct CapacityFigures {
  int64_t nodes = 0;
  int64_t cores = 0;
  int32_t replicas = 0;
  cpa::AgentMemoryReport memory;           // limit_bytes is int64 max when there is no limit
  bool has_limit = false;                  // false: headroom and oom mean nothing
  std::optional<int64_t> replicas_needed;  // fewest replicas under the limit; none: impossible
  std::optional<int64_t> snat_ports_per_node;
  // With a limit and at least one replica, after AddOomOutcome: the kills that follow.
  std::optional<OomOutcome> oom;
  bool under_provisioned() const { return memory.under_provisioned(); }
};

// One replica step of the sweep: from..to are node counts or core counts (CpaQuery::axis).
struct StepFigures {
  int64_t from = 0;
  int64_t to = 0;
  int32_t replicas = 0;
  CapacityFigures at_start;
  CapacityFigures at_end;  // memory only grows within a step, so this is its peak
  std::optional<int64_t> under_provisioned_from;
  // Where no replica is over its limit yet, but losing one (an OOM kill under a burst)
  // pushes the others over theirs: from here until under_provisioned_from or the step's end.
  std::optional<int64_t> one_loss_cascade_from;
};

struct TimelineFigures {
  TimelinePoint point;
  int32_t replicas_before = 0;       // what the agents have when the nodes arrive
  std::optional<int64_t> poll_time;  // first CPA poll that sees these nodes; none: never seen
  int32_t replicas = 0;              // after that poll
  // The interval's worst moment: this load with min(replicas_before, replicas) replicas.
  CapacityFigures peak;
  std::optional<int64_t> previous_snat_ports;  // at the previous point, when both are known
};

enum class SweepAxis { kNodes, kCores };

struct CpaQuery {
  SweepRange range;         // node counts or core counts, by axis
  std::vector<int64_t> at;  // node counts, cores from the pools' mix
  std::vector<TimelinePoint> timeline;
  SweepAxis axis = SweepAxis::kNodes;
  // kNodes: the cluster's total cores held along the sweep; none: each node gets the pools'
  // average allocatable CPU. Ignored for kCores.
  std::optional<int64_t> fixed_cores = std::nullopt;
  // kCores: the node count held; none: the scenario's. Ignored for kNodes.
  std::optional<int64_t> fixed_nodes = std::nullopt;
  int64_t oom_window_seconds = 600;  // how long OOM kills and restarts are followed, >= 1 s
};

struct CpaReport {
  CpaQuery query;
  int64_t held = 0;  // kCores: the node count held; kNodes: the core total held, 0 for the mix
  std::vector<cpa::ReplicaStep> steps;  // over query.range, along query.axis
  std::vector<StepFigures> step_figures;
  std::vector<CapacityFigures> at;
  CapacityFigures current;
  std::optional<CapacityFigures> first_under_provisioned;  // within query.range
  // The first size of the range at which losing one replica takes the others down.
  std::optional<CapacityFigures> first_one_loss_cascade;
  std::vector<TimelineFigures> timeline;
  int64_t poll_period_seconds = 0;
  // The smallest nodesToReplicas ladder that keeps every size of the range under the limit,
  // never below kMinSuggestedReplicas; empty without a limit, when no count suffices, or for
  // a core sweep (its load does not change: replicas_needed says it all).
  std::vector<cpa::ReplicaStep> suggested_ladder;
  // Under-provisioned anywhere the query looked: the range, the current size, --at, timeline.
  bool oom_predicted() const;
};

Result<CpaReport> AnalyzeCpa(const CpaSetup& setup, const CpaQuery& query);

// The fewest replicas that keep the busiest one at or under the limit at this load: each
// replica holds at most (limit - base) / per-stream streams. At least 1; none without a limit
// or when the base alone passes it.
std::optional<int64_t> ReplicasNeeded(const CpaSetup& setup, double concurrent_streams);

// Figures at `nodes` nodes with `cores` cores in all and `replicas` replicas, without the OOM
// simulation.
CapacityFigures FiguresAt(const CpaSetup& setup, int64_t nodes, int64_t cores, int32_t replicas);
// The same at `nodes` identical average nodes.
CapacityFigures FiguresAt(const CpaSetup& setup, int64_t nodes, int32_t replicas);
// The same at the swept value x of `report`.
CapacityFigures FiguresAlong(const CpaSetup& setup, const CpaReport& report, int64_t x,
                             int32_t replicas);
// The swept value of a size: its nodes or its cores.
int64_t SweptValue(const CpaReport& report, const CapacityFigures& f);

// Runs the OOM simulation for `f` over `window_seconds` (nothing without a limit or replicas).
void AddOomOutcome(const CpaSetup& setup, int64_t window_seconds, CapacityFigures* f);

// The configmap value of a nodes ladder: {"nodesToReplicas":[[1,2],[861,3]]}.
std::string NodesLadderJson(const std::vector<cpa::ReplicaStep>& steps);

// One entry per value of report.query.range, replicas from report.steps, OOM outcomes
// included.
std::vector<CapacityFigures> EverySweepValue(const CpaSetup& setup, const CpaReport& report);

}  // namespace tunnelsim::capacity
