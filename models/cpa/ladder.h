// Ladder mode of the cluster-proportional-autoscaler (reference/konnectivity-cpa.md §A2):
// replicas are looked up in step tables keyed by cores and by nodes, and the larger wins.
//   - below the first step the first step's count applies (not 0);
//   - at a threshold exactly, that step applies; past the last, the last step;
//   - an empty or absent table gives 0, so no tables at all gives 0 replicas;
//   - include_unschedulable_nodes switches both inputs from schedulable to total counts;
//   - the int result wraps to int32 as upstream's int32() does.
// LadderParams come from ParseLadderParams (params.h), which sorts each table stably by
// threshold (Go's sort.Sort is stable up to 12 entries; beyond, equal thresholds may be
// ordered differently by Go, and the last of equal thresholds is the one that applies).
// Lookup is a binary search: O(log entries).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "models/cpa/cluster_status.h"
#include "models/cpa/go_json.h"

namespace tunnelsim::cpa {

struct LadderParams {
  std::vector<LadderEntry> cores_to_replicas;  // REQUIRES: sorted by threshold
  std::vector<LadderEntry> nodes_to_replicas;  // REQUIRES: sorted by threshold
  bool include_unschedulable_nodes = false;
};

// getExpectedReplicasFromEntries: the replicas of the last step whose threshold is <=
// resources, or of the first step when resources is below all of them; 0 for no steps.
int64_t LookupLadder(int64_t resources, std::span<const LadderEntry> sorted_entries);

int32_t LadderReplicas(const LadderParams& params, const ClusterStatus& status);

}  // namespace tunnelsim::cpa
