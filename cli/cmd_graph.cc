// tunnelsim graph SCENARIO: the topology the paths are walked on, as a Graphviz digraph.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "engine/reachability/cluster_model.h"
#include "engine/scenario/load_scenario.h"
#include "engine/topology/dot.h"

namespace tunnelsim::cli {

void RegisterGraph(CLI::App& app, int* exit_code) {
  struct Options {
    std::string scenario;
    bool every_node = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "graph",
      "Print the cluster's topology (API server, tunnel, agents, nodes, NICs, subnets, "
      "NSGs, egress) as Graphviz DOT.");
  cmd->footer(
      "Exit codes: 0 printed, 2 bad input.\n"
      "Example: tunnelsim graph scenarios/contoso-prod.yaml | dot -Tsvg > topology.svg");
  cmd->add_option("SCENARIO", opts->scenario, "Scenario file (kind: Scenario)")->required();
  cmd->add_flag("--every-node", opts->every_node,
                "Draw every node; by default the nodes of a pool that share its rules are one "
                "vertex");
  cmd->callback([opts, exit_code] {
    Diagnostics diagnostics;
    auto scenario = LoadScenarioFile(opts->scenario, &diagnostics);
    std::unique_ptr<ClusterModel> model;
    if (scenario) model = ClusterModel::Build(*scenario, &diagnostics);
    if (!model) {
      std::fputs(diagnostics.Format().c_str(), stderr);
      *exit_code = kExitBadInput;
      return;
    }
    DotOptions options;
    options.collapse_pools = !opts->every_node;
    std::fputs(TopologyToDot(*model->topology, options).c_str(), stdout);
    *exit_code = kExitOk;
  });
}

}  // namespace tunnelsim::cli
