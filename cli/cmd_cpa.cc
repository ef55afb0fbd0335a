// tunnelsim cpa SCENARIO: konnectivity-agent replicas from the Cluster Proportional
// Autoscaler as the cluster grows, memory per replica under the tunnel load, and where the
// agents would be OOM-killed (article Cause 6).
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "engine/capacity/cpa_analysis.h"
#include "engine/capacity/cpa_inputs.h"
#include "engine/capacity/cpa_output.h"
#include "engine/diagnostics/diagnostics.h"
#include "engine/scenario/load_scenario.h"

namespace tunnelsim::cli {
namespace {

struct CpaOptions {
  std::string scenario;
  std::string nodes = "1..5000";
  std::string at;
  std::string timeline;
  std::string output = "table";
};

// The query from the options, or nullopt after printing a one-line error naming the option.
std::optional<capacity::CpaQuery> ParseQuery(const CpaOptions& o) {
  capacity::CpaQuery query;
  auto fail = [](std::string_view option, const Status& s) {
    std::fputs(fmt::format("tunnelsim cpa: {}: {}\n", option, s.message()).c_str(), stderr);
    return std::nullopt;
  };
  Result<capacity::NodeRange> range = capacity::ParseNodeRange(o.nodes);
  if (!range.ok()) return fail("--nodes", range.status());
  query.range = *range;
  if (!o.at.empty()) {
    Result<std::vector<int64_t>> at = capacity::ParseNodeCounts(o.at);
    if (!at.ok()) return fail("--at", at.status());
    query.at = *at;
  }
  if (!o.timeline.empty()) {
    Result<std::vector<capacity::TimelinePoint>> timeline = capacity::ParseTimeline(o.timeline);
    if (!timeline.ok()) return fail("--timeline", timeline.status());
    query.timeline = *timeline;
  }
  return query;
}

std::string Render(const std::string& output, const capacity::CpaSetup& setup,
                   const capacity::CpaReport& report) {
  if (output == "json") return capacity::FormatCpaJson(setup, report);
  if (output == "csv") return capacity::FormatCpaCsv(setup, report);
  if (output == "svg") return capacity::FormatCpaSvg(setup, report);
  return capacity::FormatCpaTable(setup, report);
}

}  // namespace

void RegisterCpa(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<CpaOptions>();
  auto* cmd = app.add_subcommand(
      "cpa",
      "konnectivity-agent replicas from the Cluster Proportional Autoscaler as the cluster "
      "grows, memory per replica under the tunnel load, and the first size at which an agent "
      "would be OOM-killed.");
  cmd->footer(
      "Memory figures are estimates (docs/cpa.md). Without an autoscaler configmap AKS's "
      "documented default ladder is assumed.\n"
      "Exit codes: 0 no OOM predicted, 1 an OOM (or no agent under load) is predicted in the "
      "range, now, at an --at size or on the timeline, 2 bad input.\n"
      "Example: tunnelsim cpa scenarios/cause6-cpa-undersized.yaml --at 50,500 "
      "--timeline 0:10,10m:100,1h:400");
  cmd->add_option("SCENARIO", opts->scenario, "Scenario file (kind: Scenario)")->required();
  cmd->add_option("--nodes", opts->nodes, "Node range to sweep, FIRST..LAST within 1..5000")
      ->capture_default_str();
  cmd->add_option("--at", opts->at, "Node counts to report, comma-separated (e.g. 50,500,5000)");
  cmd->add_option("--timeline", opts->timeline,
                  "Cluster growth as TIME:NODES points, e.g. 0:10,10m:100,1h:400 (times in "
                  "s/m/h/d, strictly increasing)");
  cmd->add_option("-o,--output", opts->output, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv", "svg"}))
      ->capture_default_str();
  cmd->callback([opts, exit_code] {
    std::optional<capacity::CpaQuery> query = ParseQuery(*opts);
    if (!query) {
      *exit_code = kExitBadInput;
      return;
    }
    Diagnostics diagnostics;
    std::optional<Scenario> scenario = LoadScenarioFile(opts->scenario, &diagnostics);
    std::optional<capacity::CpaSetup> setup;
    if (scenario) setup = capacity::BuildCpaSetup(*scenario, &diagnostics);
    if (!setup) {
      std::fputs(diagnostics.Format().c_str(), stderr);
      *exit_code = kExitBadInput;
      return;
    }
    Result<capacity::CpaReport> report = capacity::AnalyzeCpa(*setup, *query);
    if (!report.ok()) {
      std::fputs(fmt::format("tunnelsim cpa: {}\n", report.status().message()).c_str(), stderr);
      *exit_code = kExitBadInput;
      return;
    }
    std::fputs(Render(opts->output, *setup, *report).c_str(), stdout);
    *exit_code = report->oom_predicted() ? kExitFindings : kExitOk;
  });
}

}  // namespace tunnelsim::cli
