// tunnelsim whatif SCENARIO CHANGE...: before/after of proposed changes, with a gate for pull
// requests; tunnelsim apply SCENARIO CHANGE... -o FILE: the scenario after the changes.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "engine/apply/apply_change_set.h"
#include "engine/changeset/load_change_set.h"
#include "engine/report/whatif_output.h"
#include "engine/scenario/file_io.h"
#include "engine/scenario/load_scenario.h"
#include "engine/scenario/write_scenario.h"
#include "engine/whatif/whatif.h"

namespace tunnelsim::cli {
namespace {

// Loads the scenario and every change set; prints all errors and returns false on any.
bool LoadInputs(const std::string& scenario_path, const std::vector<std::string>& change_paths,
                std::optional<Scenario>* scenario, std::vector<ChangeSet>* changes,
                Diagnostics* diagnostics) {
  *scenario = LoadScenarioFile(scenario_path, diagnostics);
  for (const std::string& path : change_paths) {
    auto set = LoadChangeSetFile(path, diagnostics);
    if (set) changes->push_back(std::move(*set));
  }
  return scenario->has_value() && !diagnostics->HasErrors();
}

void PrintDiagnostics(const Diagnostics& diagnostics) {
  if (!diagnostics.items().empty()) std::fputs(diagnostics.Format().c_str(), stderr);
}

}  // namespace

void RegisterWhatIf(CLI::App& app, int* exit_code) {
  struct Options {
    std::string scenario;
    std::vector<std::string> changes;
    std::string output = "table";
    std::string output_file;
    std::string fail_on = "regression";
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "whatif",
      "Compare a scenario before and after change sets: regressions, fixes, the flows each "
      "touched filter now treats differently, and SNAT/CPA figures.");
  cmd->footer(
      "Exit codes: 0 the gate passes, 1 it fails (--fail-on), 2 bad input or a change the real "
      "tool would refuse.\nExample: tunnelsim whatif scenarios/contoso-prod.yaml "
      "scenarios/allow-kubelet-in-vnet.change.yaml -o markdown");
  cmd->add_option("SCENARIO", opts->scenario, "Scenario file (kind: Scenario)")->required();
  cmd->add_option("CHANGE", opts->changes, "Change-set files (kind: ChangeSet), applied in order")
      ->required();
  cmd->add_option("-o,--output", opts->output, "Output format")
      ->check(CLI::IsMember({"table", "json", "junit", "sarif", "markdown"}));
  cmd->add_option("--output-file", opts->output_file,
                  "Write the report to this file (atomically) instead of stdout");
  cmd->add_option("--fail-on", opts->fail_on,
                  "regression: exit 1 when something worked before and fails after; "
                  "any-failure: exit 1 when anything fails after; never: exit 0")
      ->check(CLI::IsMember({"regression", "any-failure", "never"}));
  cmd->callback([opts, exit_code] {
    Diagnostics diagnostics;
    std::optional<Scenario> scenario;
    std::vector<ChangeSet> changes;
    std::unique_ptr<WhatIfReport> report;
    if (LoadInputs(opts->scenario, opts->changes, &scenario, &changes, &diagnostics)) {
      report = RunWhatIf(*scenario, changes, WhatIfOptions{}, &diagnostics);
    }
    PrintDiagnostics(diagnostics);
    if (!report) {
      *exit_code = kExitBadInput;
      return;
    }
    std::string text;
    if (opts->output == "json") {
      text = FormatWhatIfJson(*report);
    } else if (opts->output == "junit") {
      text = FormatWhatIfJunit(*report);
    } else if (opts->output == "sarif") {
      text = FormatWhatIfSarif(*report, TUNNELSIM_VERSION);
    } else if (opts->output == "markdown") {
      text = FormatWhatIfMarkdown(*report);
    } else {
      text = FormatWhatIfTable(*report);
    }
    if (!opts->output_file.empty()) {
      Status written = WriteFileAtomically(opts->output_file, text);
      if (!written.ok()) {
        std::fprintf(stderr, "%s: error: %s\n", opts->output_file.c_str(),
                     std::string(written.message()).c_str());
        *exit_code = kExitBadInput;
        return;
      }
    } else {
      std::fputs(text.c_str(), stdout);
    }
    bool fails = false;
    if (opts->fail_on == "regression") {
      fails = report->Count(ChangeClass::kRegression) > 0;
    } else if (opts->fail_on == "any-failure") {
      for (const OutcomeRow& row : report->rows)
        fails = fails || (row.after.present && !row.after.works());
    }
    *exit_code = fails ? kExitFindings : kExitOk;
  });
}

void RegisterApply(CLI::App& app, int* exit_code) {
  struct Options {
    std::string scenario;
    std::vector<std::string> changes;
    std::string output_file;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "apply", "Apply change sets to a scenario and write the resulting scenario (YAML).");
  cmd->footer(
      "Input files are never changed. Exit codes: 0 written, 2 bad input or a change the real "
      "tool would refuse (nothing is written).\nExample: tunnelsim apply "
      "scenarios/contoso-prod.yaml scenarios/allow-kubelet-in-vnet.change.yaml -o after.yaml");
  cmd->add_option("SCENARIO", opts->scenario, "Scenario file (kind: Scenario)")->required();
  cmd->add_option("CHANGE", opts->changes, "Change-set files, applied in order")->required();
  cmd->add_option("-o,--output", opts->output_file, "Where to write the scenario ('-': stdout)")
      ->required();
  cmd->callback([opts, exit_code] {
    Diagnostics diagnostics;
    std::optional<Scenario> scenario;
    std::vector<ChangeSet> changes;
    bool ok = LoadInputs(opts->scenario, opts->changes, &scenario, &changes, &diagnostics);
    std::vector<AppliedChange> applied;
    for (size_t i = 0; ok && i < changes.size(); ++i) {
      ok = ApplyChangeSet(changes[i], &*scenario, &diagnostics, &applied);
    }
    PrintDiagnostics(diagnostics);
    if (!ok) {
      *exit_code = kExitBadInput;
      return;
    }
    std::string text = WriteScenarioYaml(*scenario);
    if (opts->output_file == "-") {
      std::fputs(text.c_str(), stdout);
    } else {
      Status written = WriteFileAtomically(opts->output_file, text);
      if (!written.ok()) {
        std::fprintf(stderr, "%s: error: %s\n", opts->output_file.c_str(),
                     std::string(written.message()).c_str());
        *exit_code = kExitBadInput;
        return;
      }
    }
    for (const AppliedChange& c : applied) {
      std::fprintf(stderr, "%s:%d: %s\n", c.file.c_str(), c.pos.line, c.description.c_str());
    }
    *exit_code = kExitOk;
  });
}

}  // namespace tunnelsim::cli
