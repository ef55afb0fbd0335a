// tunnelsim check SCENARIO: will kubectl logs / exec / port-forward and webhooks work?
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "engine/diagnostics/diagnostics.h"
#include "engine/reachability/check.h"
#include "engine/report/check_output.h"
#include "engine/scenario/load_scenario.h"

namespace tunnelsim::cli {

void RegisterCheck(CLI::App& app, int* exit_code) {
  struct Options {
    std::string scenario;
    std::string output = "table";
    bool details = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "check",
      "Predict whether kubectl logs/exec/port-forward and admission webhooks work, for "
      "which pods, and why not.");
  cmd->footer(
      "Exit codes: 0 everything works, 1 something fails or works only by chance, 2 bad "
      "input.\nExample: tunnelsim check scenarios/contoso-prod.yaml --details");
  cmd->add_option("SCENARIO", opts->scenario, "Scenario file (kind: Scenario)")->required();
  cmd->add_option("-o,--output", opts->output, "Output format")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->add_flag("--details", opts->details, "List every pod, not only groups");
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
    CheckReport report = RunCheck(*model);
    std::string text =
        opts->output == "json" ? FormatCheckJson(report) : FormatCheckTable(report, opts->details);
    std::fputs(text.c_str(), stdout);
    *exit_code = report.AllWork() ? kExitOk : kExitFindings;
  });
}

}  // namespace tunnelsim::cli
