// ClusterStatus: the four numbers CPA scales on, computed from the node list the way a given
// CPA release does (reference/konnectivity-cpa.md §A4).
//   - total_nodes counts every node (that matches --nodelabels; filtering is the caller's job);
//   - a node is schedulable when it is not cordoned (spec.unschedulable false) and, from
//     CPA v1.10.1 on, also Ready=True. v1.9.0, which AKS runs, counts a NotReady node that is
//     not cordoned as schedulable. Taints are never looked at.
//   - cores are the sum of allocatable CPU rounded up to whole cores (resource.Quantity
//     Value() rounds up): 3 x 1900m = 5.7 -> 6.
// Fields are int32 as upstream's; values beyond int32 wrap as Go's int32() conversion does.
// REQUIRES: allocatable_millicores >= 0 and their sum fits in int64. O(nodes).
#pragma once

#include <cstdint>
#include <span>

namespace tunnelsim::cpa {

struct ClusterStatus {
  int32_t total_nodes = 0;
  int32_t schedulable_nodes = 0;
  int32_t total_cores = 0;
  int32_t schedulable_cores = 0;
  friend bool operator==(const ClusterStatus&, const ClusterStatus&) = default;
};

struct NodeState {
  int64_t allocatable_millicores = 0;  // status.allocatable.cpu, e.g. 1900 for "1900m"
  bool unschedulable = false;          // spec.unschedulable (kubectl cordon)
  bool ready = true;                   // condition Ready == True
};

// Which node-counting rule applies; named after the first release that has it.
enum class CpaVersion {
  kV1_9_0,   // schedulable = !unschedulable (AKS images v1.9.0-*)
  kV1_10_1,  // schedulable = !unschedulable && Ready (upstream commit 88382164)
};

ClusterStatus ComputeClusterStatus(std::span<const NodeState> nodes, CpaVersion version);

// ceil(millicores / 1000) for millicores >= 0: a Quantity's Value() rounding.
int64_t MillicoresToCores(int64_t millicores);

}  // namespace tunnelsim::cpa
