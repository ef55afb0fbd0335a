#include "engine/snat/snat_run.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "models/snat/simulator.h"

namespace tunnelsim::snatsim {
namespace {

size_t Rank(size_t n, double p) {
  const auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(n)));
  return std::clamp<size_t>(rank, 1, n) - 1;
}

void AddTunnel(const snat::TunnelResult& part, snat::TunnelResult* total) {
  auto earliest = [](std::optional<double>& into, const std::optional<double>& t) {
    if (t && (!into || *t < *into)) into = t;
  };
  total->agents += part.agents;
  total->connections_per_agent = part.connections_per_agent;
  total->dials += part.dials;
  total->failed_dials += part.failed_dials;
  earliest(total->first_failed_dial_seconds, part.first_failed_dial_seconds);
  earliest(total->first_agent_disconnected_seconds, part.first_agent_disconnected_seconds);
  total->longest_outage_seconds =
      std::max(total->longest_outage_seconds, part.longest_outage_seconds);
  total->connection_down_seconds += part.connection_down_seconds;
  total->connections_down_at_end += part.connections_down_at_end;
  total->duplicate_dials += part.duplicate_dials;
  total->failed_duplicate_dials += part.failed_duplicate_dials;
  if (total->steps.empty()) {
    total->steps = part.steps;
    return;
  }
  for (size_t i = 0; i < total->steps.size() && i < part.steps.size(); ++i) {
    total->steps[i].agents_without_port += part.steps[i].agents_without_port;
    total->steps[i].connections_down += part.steps[i].connections_down;
  }
}

// What one run contributes to the summary.
struct RunDigest {
  std::vector<std::optional<double>> first_exhaustion;
  std::vector<double> failed;
  std::vector<double> peak_used;
  std::optional<double> first_failed_dial;
  bool any_failed = false;
  int64_t events = 0;
};

RunDigest Digest(const snat::SimulationResult& r) {
  RunDigest d;
  for (const snat::GroupResult& g : r.groups) {
    d.first_exhaustion.push_back(g.first_exhaustion_seconds);
    d.failed.push_back(g.failed_estimate);
    d.peak_used.push_back(g.peak_used_ports);
    d.any_failed = d.any_failed || g.failed > 0;
  }
  if (r.tunnel) d.first_failed_dial = r.tunnel->first_failed_dial_seconds;
  d.events = r.events;
  return d;
}

}  // namespace

std::optional<double> NearestRankQuantile(std::vector<std::optional<double>> values, double p) {
  std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
    if (!a || !b) return a.has_value() && !b.has_value();  // "never" sorts last
    return *a < *b;
  });
  return values[Rank(values.size(), p)];
}

double NearestRankQuantile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[Rank(values.size(), p)];
}

Result<snat::SimulationResult> SimulatePlan(const SnatPlan& plan, uint64_t seed,
                                            std::vector<snat::TunnelResult>* parts) {
  snat::SimulationResult merged;
  for (size_t k = 0; k < plan.configs.size(); ++k) {
    snat::SimulationConfig config = plan.configs[k];
    config.seed = seed;
    Result<snat::SimulationResult> r = snat::Simulate(config);
    if (!r.ok()) return r.status();
    snat::SimulationResult& one = r.value();
    if (k == 0) {
      merged = std::move(one);
      if (merged.tunnel && parts) parts->push_back(*merged.tunnel);
      continue;
    }
    const auto group = static_cast<size_t>(plan.tunnel_parts[k].group);
    merged.groups[group] = std::move(one.groups[group]);
    merged.events += one.events;
    if (one.tunnel) {
      if (parts) parts->push_back(*one.tunnel);
      AddTunnel(*one.tunnel, &*merged.tunnel);
    }
    for (std::string& a : one.assumptions) {
      if (std::find(merged.assumptions.begin(), merged.assumptions.end(), a) ==
          merged.assumptions.end()) {
        merged.assumptions.push_back(std::move(a));
      }
    }
  }
  return merged;
}

Result<SnatReport> RunSnat(const SnatPlan& plan, const RunControl& control) {
  SnatReport report;
  report.plan = &plan;
  report.runs = std::max(1, plan.options.runs);
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  report.threads = std::clamp(control.threads > 0 ? control.threads : cores, 1, report.runs);

  std::vector<RunDigest> digests(static_cast<size_t>(report.runs));
  std::vector<Status> errors(static_cast<size_t>(report.runs));
  std::atomic<int> next{0};
  auto worker = [&] {
    for (int i = next++; i < report.runs; i = next++) {
      const uint64_t seed = plan.options.seed + static_cast<uint64_t>(i);
      std::vector<snat::TunnelResult> parts;
      Result<snat::SimulationResult> r = SimulatePlan(plan, seed, i == 0 ? &parts : nullptr);
      if (!r.ok()) {
        errors[static_cast<size_t>(i)] = r.status();
      } else {
        digests[static_cast<size_t>(i)] = Digest(*r);
        if (i == 0) {
          report.first = std::move(r).value();
          report.first_tunnel_parts = std::move(parts);
        }
      }
      if (control.on_run_done) control.on_run_done();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < report.threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  for (const Status& s : errors) {
    if (!s.ok()) return s;
  }

  const size_t groups = digests.front().failed.size();
  report.groups.resize(groups);
  std::vector<std::optional<double>> dial_times;
  for (size_t g = 0; g < groups; ++g) {
    std::vector<std::optional<double>> exhaustion;
    std::vector<double> failed, peak;
    GroupRunStats& s = report.groups[g];
    for (const RunDigest& d : digests) {
      exhaustion.push_back(d.first_exhaustion[g]);
      failed.push_back(d.failed[g]);
      peak.push_back(d.peak_used[g]);
      s.exhausted_runs += d.first_exhaustion[g] ? 1 : 0;
    }
    s.first_exhaustion_seconds = {NearestRankQuantile(exhaustion, 0.5),
                                  NearestRankQuantile(exhaustion, 0.95)};
    s.failed = {NearestRankQuantile(failed, 0.5), NearestRankQuantile(failed, 0.95)};
    s.peak_used_ports = {NearestRankQuantile(peak, 0.5), NearestRankQuantile(peak, 0.95)};
  }
  for (const RunDigest& d : digests) {
    report.events += d.events;
    report.any_failed_connection = report.any_failed_connection || d.any_failed;
    dial_times.push_back(d.first_failed_dial);
  }
  if (report.first.tunnel) {
    TunnelRunStats t;
    for (const auto& time : dial_times) t.failed_dial_runs += time ? 1 : 0;
    t.first_failed_dial_seconds = {NearestRankQuantile(dial_times, 0.5),
                                   NearestRankQuantile(dial_times, 0.95)};
    report.tunnel_lost = t.failed_dial_runs > 0;
    report.tunnel = t;
  }
  report.analytic = CompareWithAnalytic(plan, report.first);
  return report;
}

}  // namespace tunnelsim::snatsim
