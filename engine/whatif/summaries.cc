#include "engine/whatif/summaries.h"

#include <map>

#include <fmt/format.h>

#include "engine/capacity/cpa_analysis.h"
#include "engine/snat/snat_config.h"
#include "engine/snat/snat_run.h"

namespace tunnelsim {
namespace {

using Figures = std::vector<std::pair<std::string, std::string>>;  // (name, value) in order

std::string Seconds(std::optional<double> s) {
  if (!s) return "never";
  return fmt::format("{:.0f} s", *s);
}

// The SNAT figures of one side, or one line saying why there are none.
Figures SnatFigures(const Scenario& s, const ClusterModel& m, const WhatIfOptions& options) {
  if (s.traffic.empty()) return {{"simulation", "no traffic in the scenario"}};
  snatsim::SnatOptions snat_options;
  snat_options.duration_seconds = options.snat_duration_seconds;
  Diagnostics d;
  auto plan = snatsim::BuildSnatPlan(s, m, snat_options, &d);
  if (!plan) {
    std::string why = d.items().empty() ? "cannot be simulated" : d.items()[0].message;
    return {{"simulation", why}};
  }
  snatsim::RunControl control;
  control.threads = 1;
  auto run = snatsim::RunSnat(*plan, control);
  if (!run.ok()) return {{"simulation", std::string(run.status().message())}};
  Figures out;
  for (const snat::GroupResult& g : run->first.groups) {
    double allocated = g.steps.empty() ? 0 : g.steps.back().allocated_ports;
    out.emplace_back(fmt::format("ports per node ({})", g.name), fmt::format("{:.0f}", allocated));
    out.emplace_back(fmt::format("peak used ports ({})", g.name),
                     fmt::format("{}", g.peak_used_ports));
    out.emplace_back(fmt::format("first exhaustion ({})", g.name),
                     Seconds(g.first_exhaustion_seconds));
    out.emplace_back(fmt::format("failed connections ({})", g.name),
                     fmt::format("{:.0f}", g.failed_estimate));
  }
  out.emplace_back("tunnel re-dial fails", run->tunnel_lost ? "yes" : "no");
  return out;
}

std::string Bytes(int64_t b) { return fmt::format("{:.1f} MiB", double(b) / (1024.0 * 1024.0)); }

Figures CpaFigures(const Scenario& s, const ClusterModel& m) {
  Figures out;
  out.emplace_back("agent replicas", fmt::format("{} ({})", m.agents.size(), m.agent_count_source));
  Diagnostics d;
  auto setup = capacity::BuildCpaSetup(s, &d);
  if (!setup) return out;
  capacity::CapacityFigures f =
      capacity::FiguresAt(*setup, setup->current_nodes, static_cast<int32_t>(m.agents.size()));
  out.emplace_back("busiest agent memory", Bytes(f.memory.busiest_replica_bytes));
  if (f.has_limit) {
    out.emplace_back("agent memory limit", Bytes(f.memory.limit_bytes));
    out.emplace_back("agent OOM-killed", f.memory.oom ? "yes" : "no");
  }
  return out;
}

void Append(std::string_view area, const Figures& before, const Figures& after,
            WhatIfReport* report) {
  std::vector<std::string> order;
  std::map<std::string, std::pair<std::string, std::string>> values;
  for (const auto& [name, value] : before) {
    if (!values.contains(name)) order.push_back(name);
    values[name].first = value;
  }
  for (const auto& [name, value] : after) {
    if (!values.contains(name)) order.push_back(name);
    values[name].second = value;
  }
  for (const std::string& name : order) {
    const auto& [b, a] = values[name];
    report->figures.push_back({std::string(area), name, b.empty() ? "-" : b, a.empty() ? "-" : a});
  }
}

}  // namespace

void AddSummaries(const Scenario& before, const ClusterModel& before_model, const Scenario& after,
                  const ClusterModel& after_model, const std::vector<AppliedChange>& changes,
                  const WhatIfOptions& options, WhatIfReport* report) {
  bool outbound = false, autoscaler = false;
  for (const AppliedChange& c : changes) {
    outbound = outbound || c.outbound;
    autoscaler = autoscaler || c.autoscaler;
  }
  if (outbound && (!before.traffic.empty() || !after.traffic.empty())) {
    Append("snat", SnatFigures(before, before_model, options),
           SnatFigures(after, after_model, options), report);
  }
  if (autoscaler)
    Append("cpa", CpaFigures(before, before_model), CpaFigures(after, after_model), report);
}

}  // namespace tunnelsim
