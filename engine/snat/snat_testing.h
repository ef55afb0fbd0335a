// Test helper for the snatsim tests: builds a SnatPlan from scenario text written inline.
// The fixture owns the scenario and the cluster model the plan points into.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "engine/diagnostics/diagnostics.h"
#include "engine/reachability/cluster_model.h"
#include "engine/scenario/load_scenario.h"
#include "engine/snat/snat_config.h"

namespace tunnelsim::snatsim::snattest {

struct PlanFixture {
  Scenario scenario;
  std::unique_ptr<ClusterModel> model;
  std::optional<SnatPlan> plan;
  Diagnostics diagnostics;
};

// A cluster at 20.61.10.5 with one VNet and the given API server access and tunnel (two
// agents by default, pinned so tests do not depend on the autoscaler ladder);
// callers add nodePools, outbound and traffic.
inline std::string ScenarioText(
    const std::string& rest, const std::string& access = "public",
    const std::string& tunnel = "{kind: konnectivity, agent: {replicas: 2}}") {
  return "apiVersion: tunnelsim/v1\nkind: Scenario\nmetadata: {name: t}\ncluster:\n"
         "  apiServer: {access: " +
         access + ", publicIP: 20.61.10.5}\n  tunnel: " + tunnel +
         "\nnetwork:\n  vnets:\n    - name: v\n      addressSpace: [10.224.0.0/12]\n"
         "      subnets:\n        - {name: s, addressPrefix: 10.224.0.0/16}\n" +
         rest;
}

// Loads `text` (which must be a valid scenario) and builds the plan; `plan` is empty and
// `diagnostics` says why when BuildSnatPlan refuses.
inline std::unique_ptr<PlanFixture> BuildPlan(const std::string& text,
                                              const SnatOptions& options = {}) {
  auto f = std::make_unique<PlanFixture>();
  auto scenario = LoadScenarioText(text, "t.yaml", ".", &f->diagnostics);
  EXPECT_TRUE(scenario.has_value()) << f->diagnostics.Format();
  if (!scenario) return f;
  f->scenario = std::move(*scenario);
  f->model = ClusterModel::Build(f->scenario, &f->diagnostics);
  EXPECT_NE(f->model, nullptr) << f->diagnostics.Format();
  if (!f->model) return f;
  f->plan = BuildSnatPlan(f->scenario, *f->model, options, &f->diagnostics);
  return f;
}

}  // namespace tunnelsim::snatsim::snattest
