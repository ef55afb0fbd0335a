// CPA capacity analysis behind `tunnelsim cpa` (article Cause 6): how many konnectivity-agent
// replicas the Cluster Proportional Autoscaler gives as the cluster grows, how much memory the
// busiest replica needs under the scenario's tunnel load, and from which size that passes the
// agent's memory limit (reference/konnectivity-cpa.md §A, §B, §D).
//
// BuildCpaSetup reads the scenario once: the autoscaler configmap (absent: AKS's documented
// ladder, §B), the agent's memory limit (absent: memory is reported, OOM is not judged), the
// load (a fixed part plus streamsPerNode x nodes) and the memory model overrides. Errors go to
// Diagnostics at the scenario position of the offending value.
// AnalyzeCpa is pure and deterministic. A growing cluster keeps the scenario's mix of pools:
// every node gets the pools' average allocatable CPU (total millicores / total nodes, rounded
// to a millicore), so core ladders scale with the mix; the current size uses the exact pools.
// Allocatable CPU is taken as the VM's vCPUs, as `tunnelsim check` does.
// Complexity: O(steps x log nodes) for the steps and the first under-provisioned size, plus
// O(|at|) and O(timeline span / 10 s) polls; EveryNodeCount is O(range).
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

// Whether the Load Balancer's default port table applies to the agents' tunnel connections.
struct SnatSetup {
  bool applies = false;  // public API server, outbound loadBalancer, allocatedOutboundPorts 0
  int64_t frontend_ips = 1;
  std::string why_not;  // when !applies
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
  cpa::GrowingLoad load;  // streamsPerNode sits in per_node.logs_follow (streams are summed)
  SnatSetup snat;
  std::vector<std::string> notes;  // assumptions made, shown with every output
};

std::optional<CpaSetup> BuildCpaSetup(const Scenario& scenario, Diagnostics* diagnostics);

// Replicas, memory and SNAT ports at one cluster size.
struct CapacityFigures {
  int64_t nodes = 0;
  int64_t cores = 0;
  int32_t replicas = 0;
  cpa::AgentMemoryReport memory;           // limit_bytes is int64 max when there is no limit
  bool has_limit = false;                  // false: headroom and oom mean nothing
  std::optional<int64_t> replicas_needed;  // fewest replicas under the limit; none: impossible
  std::optional<int64_t> snat_ports_per_node;
  bool under_provisioned() const { return memory.under_provisioned(); }
};

struct StepFigures {
  int64_t from_nodes = 0;
  int64_t to_nodes = 0;
  int32_t replicas = 0;
  CapacityFigures at_start;
  CapacityFigures at_end;  // memory only grows within a step, so this is its peak
  std::optional<int64_t> under_provisioned_from;
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

struct CpaQuery {
  NodeRange range;
  std::vector<int64_t> at;
  std::vector<TimelinePoint> timeline;
};

struct CpaReport {
  CpaQuery query;
  std::vector<cpa::ReplicaStep> steps;  // over query.range
  std::vector<StepFigures> step_figures;
  std::vector<CapacityFigures> at;
  CapacityFigures current;
  std::optional<CapacityFigures> first_under_provisioned;  // within query.range
  std::vector<TimelineFigures> timeline;
  int64_t poll_period_seconds = 0;
  // The smallest nodesToReplicas ladder that keeps every size of the range under the limit,
  // never below kMinSuggestedReplicas; empty without a limit or when no count suffices.
  std::vector<cpa::ReplicaStep> suggested_ladder;
  // Under-provisioned anywhere the query looked: the range, the current size, --at, timeline.
  bool oom_predicted() const;
};

Result<CpaReport> AnalyzeCpa(const CpaSetup& setup, const CpaQuery& query);

// Figures at `nodes` identical average nodes with `replicas` replicas.
CapacityFigures FiguresAt(const CpaSetup& setup, int64_t nodes, int32_t replicas);

// The configmap value of a nodes ladder: {"nodesToReplicas":[[1,2],[861,3]]}.
std::string NodesLadderJson(const std::vector<cpa::ReplicaStep>& steps);

// One entry per node count of report.query.range, replicas from report.steps.
std::vector<CapacityFigures> EveryNodeCount(const CpaSetup& setup, const CpaReport& report);

}  // namespace tunnelsim::capacity
