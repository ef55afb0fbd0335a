// Linear mode of the cluster-proportional-autoscaler (reference/konnectivity-cpa.md §A3):
//   replicas = max(per(cores, cores_per_replica), per(nodes, nodes_per_replica)) where
//   per(r, k) = 1 if k == 0, else max(min, clamp_max(ceil(double(r) / k))), and with
//   prevent_single_point_failure, nodes > 1 lifts the node term to at least 2, after the max
//   clamp, so the result can exceed max.
// Arithmetic is IEEE double as in Go (21 / 0.7 = 30.000000000000004 -> 31); build without
// -ffast-math. A double outside int64 converts as Go on amd64 does (to INT64_MIN), then the
// result wraps to int32 as upstream's int32() does.
// LinearParams come from ParseLinearParams (params.h), which guarantees min >= 1,
// max == 0 or max >= min, and non-negative per-replica values, not both 0. O(1).
#pragma once

#include <cstdint>

#include "models/cpa/cluster_status.h"

namespace tunnelsim::cpa {

struct LinearParams {
  double cores_per_replica = 0;  // 0 = not used
  double nodes_per_replica = 0;  // 0 = not used
  int64_t min = 1;
  int64_t max = 0;  // 0 = unbounded
  bool prevent_single_point_failure = false;
  bool include_unschedulable_nodes = false;
};

// The term for one resource before Go's int() conversion: 1.0 when resources_per_replica is
// 0, else max(min, clamp_max(ceil(double(resources) / resources_per_replica))). It is
// non-decreasing in resources, which sweep.cc relies on.
double LinearTerm(int64_t resources, double resources_per_replica, const LinearParams& params);

// getExpectedReplicasFromParam for one resource: int(LinearTerm(...)).
int64_t LinearReplicasFor(int64_t resources, double resources_per_replica,
                          const LinearParams& params);

// The final count from the two terms (LinearTerm of cores and of nodes) and the node count
// that decides prevent_single_point_failure.
int32_t LinearReplicasFromTerms(double cores_term, double nodes_term, int64_t nodes,
                                const LinearParams& params);

int32_t LinearReplicas(const LinearParams& params, const ClusterStatus& status);

}  // namespace tunnelsim::cpa
