// RunSnat: plays a SnatPlan `runs` times (Monte Carlo; run i uses seed + i) on worker
// threads and summarises the runs. Each run simulates the plan's configs (one per
// agent-hosting pool under the Load Balancer) and merges them into one SimulationResult:
// each group's figures from the config that holds its agents (else the first), the tunnel
// from all. The summary reports p50 / p95 over runs of each group's first exhaustion time,
// failed connections (all nodes) and peak used ports, and of the tunnel's first failed
// re-dial; the first run (the plan's own seed) is kept whole for the tables and charts.
//
// Determinism: run i depends only on the plan and seed + i, results are stored by run index
// and summarised after all threads joined, so the report is the same for any thread count.
// Thread safety: RunSnat may be called from one thread at a time per plan; `on_run_done`
// is called from worker threads (it must be thread-safe).
// Cost: runs x (configs x one simulation, models/snat simulator.h) / threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "engine/snat/snat_analytic.h"
#include "engine/snat/snat_config.h"
#include "models/core/result.h"
#include "models/snat/sim_result.h"

namespace tunnelsim::snatsim {

// A nearest-rank quantile: the smallest value with at least p of the values at or below it.
// An empty optional stands for "never" (no exhaustion in that run) and sorts after every
// time; the quantile is "never" when its rank falls among them.
// REQUIRES: values non-empty, 0 < p <= 1.
std::optional<double> NearestRankQuantile(std::vector<std::optional<double>> values, double p);
double NearestRankQuantile(std::vector<double> values, double p);

template <typename T>
struct Quantiles {
  T p50{};
  T p95{};
};

struct GroupRunStats {
  int exhausted_runs = 0;  // runs with at least one failed connection
  Quantiles<std::optional<double>> first_exhaustion_seconds;
  Quantiles<double> failed;  // estimate for all of the group's nodes
  Quantiles<double> peak_used_ports;
};

struct TunnelRunStats {
  int failed_dial_runs = 0;
  Quantiles<std::optional<double>> first_failed_dial_seconds;
};

struct SnatReport {
  const SnatPlan* plan = nullptr;
  int runs = 1;
  int threads = 1;
  snat::SimulationResult first;                        // merged, seed = plan's seed
  std::vector<snat::TunnelResult> first_tunnel_parts;  // per tunnel part, first run
  std::vector<GroupRunStats> groups;                   // over all runs
  std::optional<TunnelRunStats> tunnel;
  AnalyticComparison analytic;
  int64_t events = 0;                  // all runs
  bool any_failed_connection = false;  // in any run
  bool tunnel_lost = false;            // a tunnel (re-)dial failed in any run
};

struct RunControl {
  int threads = 0;  // 0: std::thread::hardware_concurrency()
  std::function<void()> on_run_done;
};

// One run of the plan with `seed` in place of its own: the merged result, and the tunnel
// result of each part when `parts` is given.
Result<snat::SimulationResult> SimulatePlan(const SnatPlan& plan, uint64_t seed,
                                            std::vector<snat::TunnelResult>* parts = nullptr);

// Errors: a simulation's error (the plan was validated, so none are expected).
Result<SnatReport> RunSnat(const SnatPlan& plan, const RunControl& control = {});

}  // namespace tunnelsim::snatsim
