// FilterDeltas: for each filter that the applied changes touched (an NSG's rules, the NSG
// associated with a subnet or a pool's NICs, a pool's host firewall), the flows whose verdict
// moved, from the exact differencing models (models/nsg/nsg_diff.h, models/netfilter/
// filter_diff.h). Internal to engine/whatif.
#pragma once

#include <vector>

#include "engine/reachability/cluster_model.h"
#include "engine/whatif/whatif.h"

namespace tunnelsim {

// `prefixes[k]` is the scenario after changes 0..k; each row's cause is the change after
// which its example flow last changed verdict.
std::vector<FilterDelta> FilterDeltas(const ClusterModel& before, const ClusterModel& after,
                                      const std::vector<AppliedChange>& changes,
                                      const std::vector<Scenario>& prefixes);

}  // namespace tunnelsim
