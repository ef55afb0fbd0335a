// tunnelsim snat SCENARIO: when do the nodes run out of SNAT ports under the scenario's
// outbound traffic, and what happens to the tunnel then?
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "engine/diagnostics/diagnostics.h"
#include "engine/reachability/cluster_model.h"
#include "engine/scenario/load_scenario.h"
#include "engine/snat/snat_config.h"
#include "engine/snat/snat_output.h"
#include "engine/snat/snat_progress.h"
#include "engine/snat/snat_run.h"

namespace tunnelsim::cli {
namespace {

struct SnatFlags {
  std::string scenario;
  std::string duration = "1h";
  std::string step = "1m";
  uint64_t seed = 1;
  int runs = 1;
  int simulated_nodes = 0;
  int threads = 0;
  std::vector<std::string> agent_restarts;
  std::vector<std::string> backend_pool;
  std::vector<std::string> assume;
  std::string output = "table";
};

// Flags -> options; an error message when a flag is wrong.
Result<snatsim::SnatOptions> ToOptions(const SnatFlags& f) {
  snatsim::SnatOptions o;
  Result<double> duration = snatsim::ParseDurationFlag("--duration", f.duration);
  if (!duration.ok()) return duration.status();
  Result<double> step = snatsim::ParseDurationFlag("--step", f.step);
  if (!step.ok()) return step.status();
  if (!(*duration > 0) || *duration > 366.0 * 86400) {
    return Status::InvalidArgument(fmt::format(
        "--duration {} is out of range; expected more than 0 and at most 366d", f.duration));
  }
  if (!(*step >= 0.001) || *step > *duration) {
    return Status::InvalidArgument(fmt::format(
        "--step {} is out of range; expected at least 1ms and at most the duration ({})", f.step,
        f.duration));
  }
  if (*duration / *step > 100000) {
    return Status::InvalidArgument(
        fmt::format("--step {} over --duration {} makes {:.0f} steps; expected at most 100000",
                    f.step, f.duration, *duration / *step));
  }
  o.duration_seconds = *duration;
  o.step_seconds = *step;
  o.seed = f.seed;
  o.runs = f.runs;
  o.simulated_nodes = f.simulated_nodes;
  for (const std::string& text : f.agent_restarts) {
    Result<double> at = snatsim::ParseDurationFlag("--agent-restart", text);
    if (!at.ok()) return at.status();
    if (*at >= *duration) {
      return Status::InvalidArgument(fmt::format(
          "--agent-restart {} is not within the run; expected a time before --duration {}", text,
          f.duration));
    }
    o.agent_restarts_seconds.push_back(*at);
  }
  for (const std::string& text : f.backend_pool) {
    Result<snat::BackendPoolChange> change = snatsim::ParseBackendPoolFlag(text);
    if (!change.ok()) return change.status();
    if (change->time_seconds >= *duration) {
      return Status::InvalidArgument(fmt::format(
          "--backend-pool {} is not within the run; expected a time before --duration {}", text,
          f.duration));
    }
    o.backend_pool.push_back(*change);
  }
  for (const std::string& text : f.assume) {
    if (Status st = snatsim::ParseAssumption(text, &o.assumptions); !st.ok()) return st;
  }
  return o;
}

void RunSnatCommand(const SnatFlags& f, int* exit_code) {
  Result<snatsim::SnatOptions> options = ToOptions(f);
  if (!options.ok()) {
    std::fprintf(stderr, "tunnelsim snat: error: %s\n", options.status().message().c_str());
    *exit_code = kExitBadInput;
    return;
  }
  Diagnostics diagnostics;
  auto scenario = LoadScenarioFile(f.scenario, &diagnostics);
  std::unique_ptr<ClusterModel> model;
  if (scenario) model = ClusterModel::Build(*scenario, &diagnostics);
  std::optional<snatsim::SnatPlan> plan;
  if (model) plan = snatsim::BuildSnatPlan(*scenario, *model, *options, &diagnostics);
  if (!plan) {
    std::fputs(diagnostics.Format().c_str(), stderr);
    *exit_code = kExitBadInput;
    return;
  }
  int nodes = 0;
  for (const auto& g : plan->configs.front().groups) nodes += g.nodes;
  snatsim::ProgressIndicator progress(
      stderr, isatty(fileno(stderr)) != 0,
      fmt::format("{} nodes x {}", snatsim::Thousands(nodes),
                  snatsim::HumanDuration(options->duration_seconds)),
      options->runs);
  snatsim::RunControl control;
  control.threads = f.threads;
  control.on_run_done = [&progress] { progress.RunDone(); };
  Result<snatsim::SnatReport> report = snatsim::RunSnat(*plan, control);
  if (!report.ok()) {
    std::fprintf(stderr, "%s: error: %s\n", f.scenario.c_str(), report.status().message().c_str());
    *exit_code = kExitBadInput;
    return;
  }
  std::string text = f.output == "json"  ? snatsim::FormatSnatJson(*report)
                     : f.output == "csv" ? snatsim::FormatSnatCsv(*report)
                     : f.output == "svg" ? snatsim::FormatSnatSvg(*report)
                                         : snatsim::FormatSnatTable(*report);
  std::fputs(text.c_str(), stdout);
  *exit_code = report->any_failed_connection || report->tunnel_lost ? kExitFindings : kExitOk;
}

}  // namespace

void RegisterSnat(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<SnatFlags>();
  auto* cmd = app.add_subcommand(
      "snat",
      "Simulate outbound SNAT ports under the scenario's traffic: when each node pool runs "
      "out, how many connections fail, and whether the tunnel can re-dial.");
  cmd->footer(
      "Exit codes: 0 no connection failed and the tunnel kept its connections, 1 a connection "
      "failed for lack of a SNAT port or a tunnel re-dial failed, 2 bad input.\n"
      "Example: tunnelsim snat scenarios/cause5-snat-exhaustion.yaml --duration 2h --runs 8 "
      "--agent-restart 45m -o svg > snat.svg");
  cmd->add_option("SCENARIO", flags->scenario, "Scenario file (kind: Scenario)")->required();
  cmd->add_option("--duration", flags->duration, "Simulated time, e.g. 90s, 30m, 2h, 1h30m")
      ->capture_default_str();
  cmd->add_option("--step", flags->step, "Metric step (Azure's metrics are per minute)")
      ->capture_default_str();
  cmd->add_option("--seed", flags->seed, "Random seed; the same seed gives the same run")
      ->capture_default_str();
  cmd->add_option("--runs", flags->runs, "Monte Carlo runs (seeds seed, seed+1, ...): p50 / p95")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  cmd->add_option("--simulated-nodes", flags->simulated_nodes,
                  "Simulate this many nodes per pool and scale (Load Balancer only)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--agent-restart", flags->agent_restarts,
                  "Restart every tunnel agent at this time (repeatable), e.g. 30m: agents "
                  "re-dial and need a free SNAT port")
      ->allow_extra_args(false)  // one time per flag: a following SCENARIO is not a time
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--backend-pool", flags->backend_pool,
                  "NODES@TIME (repeatable): the load balancer's backend pool holds NODES from "
                  "TIME on (another pool scaling, an upgrade's surge); the default allocation "
                  "re-tiers and flows on reclaimed ports drop")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option(
         "--assume", flags->assume,
         "KEY=VALUE (repeatable): replace an unconfirmed default: " + snatsim::AssumptionKeys())
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--threads", flags->threads, "Worker threads for --runs (default: all cores)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("-o,--output", flags->output, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv", "svg"}))
      ->capture_default_str();
  cmd->callback([flags, exit_code] { RunSnatCommand(*flags, exit_code); });
}

}  // namespace tunnelsim::cli
