// `tunnelsim cpa` end to end on the engine side (engine/capacity): the full 1..5,000-node
// sweep with figures per replica step, the first under-provisioned size, where losing one
// replica cascades, the OOM simulation at every reported size and the suggested ladder; the
// per-node series behind -o csv (a simulation per row); the SVG; a 1..40,000-core sweep; and
// a one-day growth timeline through the 10 s CPA poll loop. The scenario is parsed once,
// outside the timed loops.
#include <string>

#include <benchmark/benchmark.h>

#include "engine/capacity/cpa_analysis.h"
#include "engine/capacity/cpa_output.h"
#include "engine/scenario/load_scenario.h"

namespace tunnelsim::capacity {
namespace {

// The cause 6 cluster (scenarios/cause6-cpa-undersized.yaml) with a configurable autoscaler.
std::string Yaml(const std::string& autoscaler) {
  return R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: bench}
cluster:
  apiServer: {publicIP: 20.61.10.5}
  tunnel:
    agent:
      resources:
        limits: {memory: 125Mi}
    load: {logsFollow: 300, execSessions: 100, portForwards: 50, webhookCallsPerSecond: 400,
           apiCallsPerSecond: 100, streamsPerNode: 0.8, bufferFill: 0.2}
    autoscaler:
      )" +
         autoscaler + R"(
network:
  vnets:
    - name: aks-vnet
      addressSpace: [10.224.0.0/12]
      subnets:
        - {name: aks-subnet, addressPrefix: 10.224.0.0/16}
nodePools:
  - {name: system, count: 200, vmSize: Standard_D4s_v5, subnet: aks-subnet}
  - {name: user, count: 1000, vmSize: Standard_D8s_v5, subnet: aks-subnet}
)";
}

const std::string kAksLadder =
    R"(ladder: '{"nodesToReplicas":[[1,2],[100,3],[250,4],[500,5],[1000,6],[5000,10]]}')";
// A step at every node: the worst case for the per-step figures.
const std::string kLinearEveryNode = R"(linear: '{"nodesPerReplica":1}')";

CpaSetup Setup(const std::string& autoscaler) {
  Diagnostics d;
  std::optional<Scenario> s = LoadScenarioText(Yaml(autoscaler), "bench.yaml", ".", &d);
  if (!s) {
    fprintf(stderr, "%s", d.Format().c_str());
    std::abort();
  }
  return *BuildCpaSetup(*s, &d);
}

void Analyze(benchmark::State& state, const std::string& autoscaler) {
  CpaSetup setup = Setup(autoscaler);
  CpaQuery query;  // 1..5000
  size_t steps = 0;
  for (auto _ : state) {
    Result<CpaReport> r = AnalyzeCpa(setup, query);
    steps = r->step_figures.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["steps"] = static_cast<double>(steps);
}

void BM_CpaAnalyzeAksLadder5000(benchmark::State& state) { Analyze(state, kAksLadder); }
BENCHMARK(BM_CpaAnalyzeAksLadder5000)->Unit(benchmark::kMicrosecond);

void BM_CpaAnalyzeLinearEveryNode5000(benchmark::State& state) { Analyze(state, kLinearEveryNode); }
BENCHMARK(BM_CpaAnalyzeLinearEveryNode5000)->Unit(benchmark::kMicrosecond);

void BM_CpaEverySweepValue5000(benchmark::State& state) {
  CpaSetup setup = Setup(kAksLadder);
  CpaReport report = AnalyzeCpa(setup, {}).value();
  for (auto _ : state) benchmark::DoNotOptimize(EverySweepValue(setup, report));
}
BENCHMARK(BM_CpaEverySweepValue5000)->Unit(benchmark::kMicrosecond);

const std::string kCoresLadder =
    R"(ladder: '{"coresToReplicas":[[1,2],[2048,3],[4096,4],[8192,6],[16384,8]]}')";

void BM_CpaAnalyzeCoresLadder40000(benchmark::State& state) {
  CpaSetup setup = Setup(kCoresLadder);
  CpaQuery query;
  query.axis = SweepAxis::kCores;
  query.range = {1, 40000};
  for (auto _ : state) benchmark::DoNotOptimize(AnalyzeCpa(setup, query));
}
BENCHMARK(BM_CpaAnalyzeCoresLadder40000)->Unit(benchmark::kMicrosecond);

void BM_CpaEverySweepValueCores40000(benchmark::State& state) {
  CpaSetup setup = Setup(kCoresLadder);
  CpaQuery query;
  query.axis = SweepAxis::kCores;
  query.range = {1, 40000};
  CpaReport report = AnalyzeCpa(setup, query).value();
  for (auto _ : state) benchmark::DoNotOptimize(EverySweepValue(setup, report));
}
BENCHMARK(BM_CpaEverySweepValueCores40000)->Unit(benchmark::kMicrosecond);

void BM_CpaSvg5000(benchmark::State& state) {
  CpaSetup setup = Setup(kAksLadder);
  CpaReport report = AnalyzeCpa(setup, {}).value();
  for (auto _ : state) benchmark::DoNotOptimize(FormatCpaSvg(setup, report));
}
BENCHMARK(BM_CpaSvg5000)->Unit(benchmark::kMicrosecond);

void BM_CpaTimelineOneDay(benchmark::State& state) {
  CpaSetup setup = Setup(kAksLadder);
  CpaQuery query;
  query.range = {1, 1};
  for (int64_t hour = 0; hour <= 24; ++hour)
    query.timeline.push_back({hour * 3600, 10 + 200 * hour});
  for (auto _ : state) benchmark::DoNotOptimize(AnalyzeCpa(setup, query));
}
BENCHMARK(BM_CpaTimelineOneDay)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace tunnelsim::capacity
