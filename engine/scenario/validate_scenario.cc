#include "engine/scenario/validate_scenario.h"

namespace tunnelsim {

void ValidateScenario(const Scenario& scenario, const ScenarioLimits& limits,
                      Diagnostics* diagnostics) {
  ValidateNetwork(scenario, diagnostics);
  ValidateSecurityGroups(scenario, diagnostics);
  ValidateNodePools(scenario, limits, diagnostics);
  ValidateClusterAndOutbound(scenario, diagnostics);
  ValidateHostFirewalls(scenario, diagnostics);
}

}  // namespace tunnelsim
