// Scenarios for the capacity tests, built from YAML text so that they pass the real loader.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "engine/capacity/cpa_analysis.h"
#include "engine/scenario/load_scenario.h"

namespace tunnelsim::capacity::testing {

// A valid scenario; `tunnel` is the body of cluster.tunnel (indented by 4 spaces) and `pools`
// replaces the default pool list (3 x Standard_D4s_v5).
inline std::string ScenarioYaml(const std::string& tunnel, const std::string& pools = "",
                                const std::string& tail = "") {
  return R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata:
  name: capacity-test
cluster:
  apiServer:
    publicIP: 20.61.10.5
  tunnel:
)" + (tunnel.empty() ? "    kind: konnectivity\n" : tunnel) +
         R"(network:
  vnets:
    - name: aks-vnet
      addressSpace: [10.224.0.0/12]
      subnets:
        - name: aks-subnet
          addressPrefix: 10.224.0.0/16
nodePools:
)" +
         (pools.empty()
              ? "  - {name: pool1, count: 3, vmSize: Standard_D4s_v5, subnet: aks-subnet}\n"
              : pools) +
         tail;
}

inline Scenario LoadOrFail(const std::string& yaml) {
  Diagnostics d;
  std::optional<Scenario> s = LoadScenarioText(yaml, "test.yaml", "/nonexistent", &d);
  EXPECT_TRUE(s.has_value()) << d.Format();
  return s.value_or(Scenario{});
}

inline CpaSetup SetupOrFail(const std::string& yaml) {
  Scenario s = LoadOrFail(yaml);
  Diagnostics d;
  std::optional<CpaSetup> setup = BuildCpaSetup(s, &d);
  EXPECT_TRUE(setup.has_value()) << d.Format();
  return setup.value_or(CpaSetup{});
}

// The diagnostics BuildCpaSetup gives for a scenario that loads but is unusable for cpa.
inline std::string SetupError(const std::string& yaml) {
  Scenario s = LoadOrFail(yaml);
  Diagnostics d;
  EXPECT_FALSE(BuildCpaSetup(s, &d).has_value());
  return d.Format();
}

}  // namespace tunnelsim::capacity::testing
