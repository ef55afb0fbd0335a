// CPA model hot paths (reference/konnectivity-cpa.md §A, §F5):
//  - SweepReplicas over 1..5000 nodes (AKS's maximum) for the AKS konnectivity ladder, for a
//    CoreDNS-style linear config, and for the worst linear case (a step at every node);
//  - parsing the AKS ladder ConfigMap with Go encoding/json semantics;
//  - the first node count at which the agents run out of memory under growing load;
//  - the replica steps over 1..40,000 cores at a fixed node count;
//  - the OOM kill/restart simulation: a 10-minute crash loop, one replica lost among 1,000,
//    and a day-long crash loop of 10 replicas.
#include <map>
#include <string>

#include <benchmark/benchmark.h>

#include "models/cpa/agent_load.h"
#include "models/cpa/oom_restart.h"
#include "models/cpa/params.h"
#include "models/cpa/sweep.h"

namespace tunnelsim::cpa {
namespace {

const std::map<std::string, std::string> kAksConfigMap = {
    {"ladder", R"({"nodesToReplicas":[[1,2],[100,3],[250,4],[500,5],[1000,6],[5000,10]]})"}};

ScalerParams Params(const std::string& mode, const std::string& json) {
  return ParseConfigMapData({{mode, json}}).value();
}

void Sweep(benchmark::State& state, const ScalerParams& params) {
  size_t steps = 0;
  for (auto _ : state) {
    Result<std::vector<ReplicaStep>> s = SweepReplicas(params, 4000, 1, 5000);
    steps = s->size();
    benchmark::DoNotOptimize(s);
  }
  state.counters["steps"] = static_cast<double>(steps);
}

void BM_SweepAksLadder5000(benchmark::State& state) {
  Sweep(state, ParseConfigMapData(kAksConfigMap).value());
}
BENCHMARK(BM_SweepAksLadder5000);

void BM_SweepLinearCoreDns5000(benchmark::State& state) {
  Sweep(state, Params("linear",
                      R"({"coresPerReplica":256,"nodesPerReplica":16,"min":1,
                          "preventSinglePointFailure":true})"));
}
BENCHMARK(BM_SweepLinearCoreDns5000);

void BM_SweepLinearStepEveryNode5000(benchmark::State& state) {
  Sweep(state, Params("linear", R"({"nodesPerReplica":1})"));
}
BENCHMARK(BM_SweepLinearStepEveryNode5000);

void BM_ParseAksLadderConfigMap(benchmark::State& state) {
  for (auto _ : state) {
    Result<ScalerParams> p = ParseConfigMapData(kAksConfigMap);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_ParseAksLadderConfigMap);

void BM_FirstUnderProvisionedAks5000(benchmark::State& state) {
  ScalerParams aks = ParseConfigMapData(kAksConfigMap).value();
  AgentMemoryModel busy;
  busy.buffer_fill = 1;
  GrowingLoad load{.fixed = {}, .per_node = TunnelLoad{.logs_follow = 0.5}};
  for (auto _ : state) {
    auto r = FindFirstUnderProvisioned(aks, 4000, 1, 5000, busy, load, 125 * kMiB);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_FirstUnderProvisionedAks5000);

void BM_SweepCoresLinear40000(benchmark::State& state) {
  ScalerParams p = Params("linear", R"({"coresPerReplica":256,"nodesPerReplica":16})");
  size_t steps = 0;
  for (auto _ : state) {
    Result<std::vector<ReplicaStep>> s = SweepReplicas(p, SweepLine::CoresOnNodes(1200), 1, 40000);
    steps = s->size();
    benchmark::DoNotOptimize(s);
  }
  state.counters["steps"] = static_cast<double>(steps);
}
BENCHMARK(BM_SweepCoresLinear40000);

void Oom(benchmark::State& state, OomRestartInput in) {
  int64_t restarts = 0;
  for (auto _ : state) {
    Result<OomRestartReport> r = SimulateOomRestarts(in);
    restarts = r->restarts;
    benchmark::DoNotOptimize(r);
  }
  state.counters["restarts"] = static_cast<double>(restarts);
}

// Cause 6 at 861 nodes: 585 + 584 streams over a 584-stream capacity, ten minutes.
void BM_OomCrashLoopTwoReplicas10m(benchmark::State& state) {
  OomRestartInput in;
  in.initial = EvenSpread(1169, 2);
  in.capacity = 584;
  Oom(state, in);
}
BENCHMARK(BM_OomCrashLoopTwoReplicas10m);

// 1,000 replicas, one lost, the others take its streams and follow (a cascade).
void BM_OomOneLossCascade1000Replicas(benchmark::State& state) {
  OomRestartInput in;
  in.initial = EvenSpread(584'000, 1000);
  in.capacity = 584;
  in.forced_kills = 1;
  Oom(state, in);
}
BENCHMARK(BM_OomOneLossCascade1000Replicas);

void BM_OomCrashLoopTenReplicasOneDay(benchmark::State& state) {
  OomRestartInput in;
  in.initial = EvenSpread(10'000, 10);
  in.capacity = 584;
  in.connections_per_replica = 3;
  in.window_seconds = 24 * 3600;
  Oom(state, in);
}
BENCHMARK(BM_OomCrashLoopTenReplicasOneDay);

}  // namespace
}  // namespace tunnelsim::cpa
