// tunnelsim cpa SCENARIO: konnectivity-agent replicas from the Cluster Proportional
// Autoscaler as the cluster grows (over node counts, or over core counts at a fixed node
// count), memory per replica under the tunnel load, where the agents would be OOM-killed and
// what the kills and restarts then do (article Cause 6).
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
  bool nodes_given = false;
  std::string cores;
  std::string at;
  std::string timeline;
  std::string oom_window = "10m";
  std::string output = "table";
};

// The query from the options, or nullopt after printing a one-line error naming the option.
// --cores sweeps cores with the node count held at --nodes N (or the scenario's count); a
// single --cores C with a --nodes range sweeps nodes sharing C cores; two ranges are refused.
std::optional<capacity::CpaQuery> ParseQuery(const CpaOptions& o) {
  capacity::CpaQuery query;
  auto fail = [](std::string_view option, const Status& s) {
    std::fputs(fmt::format("tunnelsim cpa: {}: {}\n", option, s.message()).c_str(), stderr);
    return std::nullopt;
  };
  Result<capacity::SweepRange> nodes = capacity::ParseNodeRange(o.nodes);
  if (!nodes.ok()) return fail("--nodes", nodes.status());
  query.range = *nodes;
  if (!o.cores.empty()) {
    Result<capacity::SweepRange> cores = capacity::ParseCoreRange(o.cores);
    if (!cores.ok()) return fail("--cores", cores.status());
    bool nodes_range = o.nodes_given && !nodes->single();
    if (nodes_range && !cores->single()) {
      return fail("--cores", Status::InvalidArgument(fmt::format(
                                 "--nodes {} and --cores {} are both ranges; expected one: "
                                 "--nodes N --cores FIRST..LAST sweeps cores at N nodes, "
                                 "--nodes FIRST..LAST --cores C sweeps nodes sharing C cores",
                                 o.nodes, o.cores)));
    }
    if (nodes_range) {
      query.fixed_cores = cores->first;
    } else {
      query.axis = capacity::SweepAxis::kCores;
      query.range = *cores;
      if (o.nodes_given) query.fixed_nodes = nodes->first;
    }
  }
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
  Result<int64_t> window = capacity::ParseDurationSeconds(o.oom_window);
  if (!window.ok()) return fail("--oom-window", window.status());
  if (*window < 1) {
    return fail("--oom-window", Status::OutOfRange(fmt::format(
                                    "duration '{}' is 0 s; expected at least 1s", o.oom_window)));
  }
  query.oom_window_seconds = *window;
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
      "Examples: tunnelsim cpa scenarios/cause6-cpa-undersized.yaml --at 50,500 "
      "--timeline 0:10,10m:100,1h:400\n"
      "          tunnelsim cpa scenarios/cause6-cpa-undersized.yaml --nodes 1200 --cores "
      "4800..19200");
  cmd->add_option("SCENARIO", opts->scenario, "Scenario file (kind: Scenario)")->required();
  CLI::Option* nodes =
      cmd->add_option("--nodes", opts->nodes,
                      "Node range to sweep, FIRST..LAST within 1..5000, or one node count N");
  nodes->capture_default_str();
  cmd->add_option("--cores", opts->cores,
                  "Cluster cores to sweep, FIRST..LAST within 1..5000000 or one count C, with "
                  "the nodes held at --nodes N or the scenario's count; C with a --nodes range "
                  "holds the cores while the nodes grow");
  cmd->add_option("--at", opts->at, "Node counts to report, comma-separated (e.g. 50,500,5000)");
  cmd->add_option("--timeline", opts->timeline,
                  "Cluster growth as TIME:NODES points, e.g. 0:10,10m:100,1h:400 (times in "
                  "s/m/h/d, strictly increasing)");
  cmd->add_option("--oom-window", opts->oom_window,
                  "How long to follow OOM kills and restarts (s/m/h/d, at most 30d)")
      ->capture_default_str();
  cmd->add_option("-o,--output", opts->output, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv", "svg"}))
      ->capture_default_str();
  cmd->callback([opts, nodes, exit_code] {
    opts->nodes_given = nodes->count() > 0;
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
