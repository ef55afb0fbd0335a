#include "models/cpa/ladder.h"

#include <algorithm>

namespace tunnelsim::cpa {

int64_t LookupLadder(int64_t resources, std::span<const LadderEntry> sorted_entries) {
  if (sorted_entries.empty()) return 0;
  // sort.Search for the first entry with resources < threshold, then step back one.
  auto it = std::upper_bound(
      sorted_entries.begin(), sorted_entries.end(), resources,
      [](int64_t value, const LadderEntry& entry) { return value < entry.threshold; });
  if (it != sorted_entries.begin()) --it;
  return it->replicas;
}

int32_t LadderReplicas(const LadderParams& params, const ClusterStatus& status) {
  bool totals = params.include_unschedulable_nodes;
  int64_t nodes = totals ? status.total_nodes : status.schedulable_nodes;
  int64_t cores = totals ? status.total_cores : status.schedulable_cores;
  int64_t from_cores = LookupLadder(cores, params.cores_to_replicas);
  int64_t from_nodes = LookupLadder(nodes, params.nodes_to_replicas);
  return static_cast<int32_t>(std::max(from_cores, from_nodes));
}

}  // namespace tunnelsim::cpa
