// AddSummaries: the SNAT and CPA figures of a scenario before and after its changes, when a
// change touched what they depend on (outbound settings, traffic, node counts, the autoscaler,
// agent resources). SNAT: one simulation run per side with the snat command's defaults
// (seed 1), per node group: ports per node, peak used ports, first exhaustion, failed
// connections, and whether the tunnel loses a re-dial. CPA: agent replicas at the current size,
// the busiest replica's memory against its limit, and whether the ladder under-provisions.
// A side that cannot be simulated says why instead of a number. Internal to engine/whatif.
#pragma once

#include <vector>

#include "engine/reachability/cluster_model.h"
#include "engine/whatif/whatif.h"

namespace tunnelsim {

void AddSummaries(const Scenario& before, const ClusterModel& before_model, const Scenario& after,
                  const ClusterModel& after_model, const std::vector<AppliedChange>& changes,
                  const WhatIfOptions& options, WhatIfReport* report);

}  // namespace tunnelsim
