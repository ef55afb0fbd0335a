// Replicas as a step function along a sweep of cluster sizes (reference/konnectivity-cpa.md
// §F5): for x = first..last, where x is a node count or a core count (SweepLine), the values
// of x where the expected replica count changes. All nodes are identical, schedulable and
// Ready, so schedulable and total counts are equal.
// The first step is always at `first`; each later step is where the count differs from the
// step before. Work is proportional to the number of steps, not of values:
//   - ladder: only ladder thresholds (mapped to the first x whose nodes or cores reach them)
//     can change the count, so those points are evaluated, O(L log L) for L ladder entries;
//   - linear: each term is non-decreasing in x, so the next change is found by galloping
//     search, O(log gap) evaluations per step, exact even with IEEE rounding.
// REQUIRES (else an error): 0 <= first <= last; node counts at most 1,000,000, at most
// 2,000,000 millicores per node, and core counts at most 2^31 - 1 (CPA's int32).
#pragma once

#include <cstdint>
#include <vector>

#include "models/core/result.h"
#include "models/cpa/cluster_status.h"
#include "models/cpa/params.h"

namespace tunnelsim::cpa {

struct ReplicaStep {
  int64_t from = 0;      // from this swept value (nodes or cores) on...
  int32_t replicas = 0;  // ...CPA asks for this many replicas (until the next step)
  friend bool operator==(const ReplicaStep&, const ReplicaStep&) = default;
};

// What the swept value x is, and what stays fixed. Both counts CPA sees are non-decreasing
// in x, which the sweep relies on.
class SweepLine {
 public:
  // x nodes of `millicores_per_node` each: cores grow with the nodes.
  static SweepLine NodesOfSize(int64_t millicores_per_node);
  // x nodes sharing `total_cores` cores: the node count alone moves.
  static SweepLine NodesWithCores(int64_t total_cores);
  // x cores on `nodes` nodes: the core count alone moves.
  static SweepLine CoresOnNodes(int64_t nodes);

  bool sweeps_cores() const { return kind_ == Kind::kCoresOnNodes; }
  // The status CPA sees at x. REQUIRES: x within the bounds above.
  ClusterStatus At(int64_t x) const;
  // The smallest x >= 0 whose node (core) count reaches `threshold`; -1 when no x changes
  // whether it is reached (the count is fixed along this line, or never gets there).
  int64_t FirstReachingNodes(int64_t threshold) const;
  int64_t FirstReachingCores(int64_t threshold) const;

 private:
  enum class Kind { kNodesOfSize, kNodesWithCores, kCoresOnNodes };
  SweepLine(Kind kind, int64_t fixed) : kind_(kind), fixed_(fixed) {}
  friend Result<std::vector<ReplicaStep>> SweepReplicas(const ScalerParams&, const SweepLine&,
                                                        int64_t, int64_t);
  Kind kind_;
  int64_t fixed_;  // millicores per node, total cores or nodes, by kind
};

// The status CPA sees for `nodes` identical schedulable, Ready nodes.
ClusterStatus UniformClusterStatus(int64_t nodes, int64_t millicores_per_node);

Result<std::vector<ReplicaStep>> SweepReplicas(const ScalerParams& params, const SweepLine& line,
                                               int64_t first, int64_t last);

// SweepReplicas over first_nodes..last_nodes nodes of one size.
Result<std::vector<ReplicaStep>> SweepReplicas(const ScalerParams& params,
                                               int64_t millicores_per_node, int64_t first_nodes,
                                               int64_t last_nodes);

}  // namespace tunnelsim::cpa
