// ValidateScenario: the checks that need the whole scenario (references between sections,
// address plans, Azure's limits), run after every field was read. Reports each problem once,
// at the position of the value that is wrong.
#pragma once

#include "engine/diagnostics/diagnostics.h"
#include "engine/scenario/limits.h"
#include "engine/scenario/scenario.h"

namespace tunnelsim {

void ValidateScenario(const Scenario& scenario, const ScenarioLimits& limits,
                      Diagnostics* diagnostics);

// Parts of ValidateScenario, one per concern (validate_*.cc).
void ValidateNetwork(const Scenario& scenario, Diagnostics* diagnostics);
void ValidateSecurityGroups(const Scenario& scenario, Diagnostics* diagnostics);
void ValidateNodePools(const Scenario& scenario, const ScenarioLimits& limits,
                       Diagnostics* diagnostics);
void ValidateClusterAndOutbound(const Scenario& scenario, Diagnostics* diagnostics);
// ufw rules and iptables texts, through the models that will evaluate them.
void ValidateHostFirewalls(const Scenario& scenario, Diagnostics* diagnostics);

}  // namespace tunnelsim
