#include "models/cpa/cluster_status.h"

#include <cassert>

namespace tunnelsim::cpa {

int64_t MillicoresToCores(int64_t millicores) {
  assert(millicores >= 0);
  return millicores / 1000 + (millicores % 1000 != 0 ? 1 : 0);
}

ClusterStatus ComputeClusterStatus(std::span<const NodeState> nodes, CpaVersion version) {
  int64_t schedulable_nodes = 0, total_milli = 0, schedulable_milli = 0;
  for (const NodeState& node : nodes) {
    assert(node.allocatable_millicores >= 0);
    total_milli += node.allocatable_millicores;
    bool schedulable = !node.unschedulable && (version == CpaVersion::kV1_9_0 || node.ready);
    if (schedulable) {
      ++schedulable_nodes;
      schedulable_milli += node.allocatable_millicores;
    }
  }
  // static_cast to int32_t is modular in C++20, like Go's int32() of an int64.
  return ClusterStatus{
      .total_nodes = static_cast<int32_t>(static_cast<int64_t>(nodes.size())),
      .schedulable_nodes = static_cast<int32_t>(schedulable_nodes),
      .total_cores = static_cast<int32_t>(MillicoresToCores(total_milli)),
      .schedulable_cores = static_cast<int32_t>(MillicoresToCores(schedulable_milli)),
  };
}

}  // namespace tunnelsim::cpa
