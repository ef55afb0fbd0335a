// tunnelsim lint SCENARIO: rules that never match, rules that break the tunnel, the kubelet
// open to the Internet, ufw without 10250 from the VNet.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "engine/lint/lint.h"
#include "engine/report/lint_output.h"
#include "engine/scenario/load_scenario.h"

namespace tunnelsim::cli {

void RegisterLint(CLI::App& app, int* exit_code) {
  struct Options {
    std::string scenario;
    std::string output = "text";
    std::string fail_on = "error";
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "lint", "Static findings about a scenario's NSGs, ufw and iptables rules, with severities.");
  cmd->footer(
      "Exit codes: 0 no finding at or above --fail-on, 1 some, 2 bad input.\n"
      "Example: tunnelsim lint scenarios/contoso-prod.yaml -o sarif > lint.sarif");
  cmd->add_option("SCENARIO", opts->scenario, "Scenario file (kind: Scenario)")->required();
  cmd->add_option("-o,--output", opts->output, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  cmd->add_option("--fail-on", opts->fail_on, "Lowest severity that fails: error, warning, never")
      ->check(CLI::IsMember({"error", "warning", "never"}));
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
    std::vector<LintFinding> findings = RunLint(*model);
    std::string text = opts->output == "json"    ? FormatLintJson(findings)
                       : opts->output == "sarif" ? FormatLintSarif(findings, TUNNELSIM_VERSION)
                                                 : FormatLintText(findings);
    std::fputs(text.c_str(), stdout);
    bool fails = false;
    for (const LintFinding& f : findings) {
      fails = fails || (opts->fail_on == "error" && f.severity == LintSeverity::kError) ||
              (opts->fail_on == "warning" && f.severity != LintSeverity::kNote);
    }
    *exit_code = fails ? kExitFindings : kExitOk;
  });
}

}  // namespace tunnelsim::cli
