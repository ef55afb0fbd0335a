// Replicas as a step function of cluster size: for n = first..last identical nodes, all
// schedulable and Ready, each with the given allocatable CPU, the node counts where the
// expected replica count changes (reference/konnectivity-cpa.md §F5).
// The first step is always at `first_nodes`; each later step is where the count differs
// from the step before. Work is proportional to the number of steps, not of nodes:
//   - ladder: only ladder thresholds (nodes directly, cores mapped to the first node count
//     whose ceil(n * millicores / 1000) reaches them) can change the count, so those points
//     are evaluated, O(L log L) for L ladder entries;
//   - linear: each term is non-decreasing in n, so the next change is found by galloping
//     search, O(log gap) evaluations per step, exact even with IEEE rounding.
// REQUIRES (else an error): 0 <= first <= last <= 1,000,000 nodes and
// 0 <= millicores_per_node <= 2,000,000, which keeps cores within int32.
#pragma once

#include <cstdint>
#include <vector>

#include "models/core/result.h"
#include "models/cpa/cluster_status.h"
#include "models/cpa/params.h"

namespace tunnelsim::cpa {

struct ReplicaStep {
  int64_t nodes = 0;     // from this node count on...
  int32_t replicas = 0;  // ...CPA asks for this many replicas (until the next step)
  friend bool operator==(const ReplicaStep&, const ReplicaStep&) = default;
};

// The status CPA sees for `nodes` identical schedulable, Ready nodes.
ClusterStatus UniformClusterStatus(int64_t nodes, int64_t millicores_per_node);

Result<std::vector<ReplicaStep>> SweepReplicas(const ScalerParams& params,
                                               int64_t millicores_per_node, int64_t first_nodes,
                                               int64_t last_nodes);

}  // namespace tunnelsim::cpa
