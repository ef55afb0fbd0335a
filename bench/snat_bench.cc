// Benchmarks of the SNAT simulation (models/snat): the two event queues under the classic
// "hold" workload, and a 1,000-node cluster opening 10 connections per node per second for one
// simulated hour (goal: >= 20 M events/s on one core, the hour in < 5 s).
#include <benchmark/benchmark.h>

#include <vector>

#include "models/snat/binary_heap_queue.h"
#include "models/snat/rng.h"
#include "models/snat/simulator.h"
#include "models/snat/timing_wheel_queue.h"

namespace tunnelsim::snat {
namespace {

// Hold model: keep n events pending; each iteration pops the earliest and pushes one at
// now + an exponential delay (mean 240 s in microseconds, like a FIN hold), so the queue size
// stays n. Delays are drawn up front so the RNG is not measured.
template <typename Queue>
void BM_SnatEventQueueHold(benchmark::State& state) {
  const size_t pending = static_cast<size_t>(state.range(0));
  std::vector<SimTime> delays(1 << 16);
  Rng rng(1);
  for (SimTime& d : delays) d = static_cast<SimTime>(rng.Exponential(240e6));
  Queue queue;
  for (size_t i = 0; i < pending; ++i) queue.Push(delays[i & 0xffff], i);
  size_t i = 0;
  for (auto _ : state) {
    const Event e = queue.Pop();
    queue.Push(e.time + delays[++i & 0xffff], e.data);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetLabel("items = pop+push pairs");
}
BENCHMARK_TEMPLATE(BM_SnatEventQueueHold, TimingWheelQueue)->Arg(1000)->Arg(100000)->Arg(2000000);
BENCHMARK_TEMPLATE(BM_SnatEventQueueHold, BinaryHeapQueue)->Arg(1000)->Arg(100000)->Arg(2000000);

const Destination kDest{Ipv4Address(0x14000001), 443, IpProtocol::kTcp};

// The workload: 1,000 nodes, 10 new connections per node per second for one hour
// (36 million connections), each active 1 s then closed by FIN. range(0) picks the duration:
// 0 fixed (the scenario default), 1 exponential with that mean.
SimulationConfig Cluster(const benchmark::State& state,
                         EventQueueKind queue = EventQueueKind::kTimingWheel) {
  SimulationConfig c;
  c.groups = {{"nodepool1", 1000, 0}};
  TrafficSource s;
  s.name = "app";
  s.destination = kDest;
  s.rate = RateProfile::Constant(10);
  s.duration_seconds = 1;
  s.duration_distribution =
      state.range(0) == 0 ? DurationDistribution::kFixed : DurationDistribution::kExponential;
  s.close = CloseMode::kFin;
  c.sources = {s};
  c.duration_seconds = 3600;
  c.queue = queue;
  return c;
}

void Run(benchmark::State& state, const SimulationConfig& config) {
  int64_t events = 0, connections = 0;
  for (auto _ : state) {
    Result<SimulationResult> r = Simulate(config);
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    events += r->events;
    for (const GroupResult& g : r->groups) connections += g.successful + g.failed;
  }
  state.SetItemsProcessed(events);  // items = events handled
  state.counters["connections/s"] =
      benchmark::Counter(static_cast<double>(connections), benchmark::Counter::kIsRate);
  state.counters["events"] = static_cast<double>(events) / static_cast<double>(state.iterations());
}

void DurationArgs(benchmark::internal::Benchmark* b) {
  b->ArgName("exponential")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(1);
}

// Enough ports that almost nothing fails (0.2%): 40 IPs, 2,496 ports per node against
// 10/s x 241 s held = 2,410 on average, so about 2.4 million release timers are pending.
LoadBalancerSetup RoomyLoadBalancer() {
  LoadBalancerSetup lb;
  lb.rule.frontend_ips = 40;
  lb.rule.allocated_outbound_ports = 2496;
  return lb;
}

void BM_SnatCluster1000LbNoExhaustion(benchmark::State& state) {
  SimulationConfig c = Cluster(state);
  c.provider = RoomyLoadBalancer();
  Run(state, c);
}
BENCHMARK(BM_SnatCluster1000LbNoExhaustion)->Apply(DurationArgs);

// The same with the binary heap as the general queue (random durations use it).
void BM_SnatCluster1000LbNoExhaustionHeap(benchmark::State& state) {
  SimulationConfig c = Cluster(state, EventQueueKind::kBinaryHeap);
  c.provider = RoomyLoadBalancer();
  Run(state, c);
}
BENCHMARK(BM_SnatCluster1000LbNoExhaustionHeap)->Apply(DurationArgs);

// AKS defaults: 1 IP, 1,000 nodes -> 32 ports per node, so almost every connection fails.
void BM_SnatCluster1000LbDefault(benchmark::State& state) {
  SimulationConfig c = Cluster(state);
  c.provider = LoadBalancerSetup{};
  Run(state, c);
}
BENCHMARK(BM_SnatCluster1000LbDefault)->Apply(DurationArgs);

// NAT Gateway, 16 IPs, shared by all nodes; flows cool down 65 s after FIN.
void BM_SnatCluster1000NatGateway(benchmark::State& state) {
  SimulationConfig c = Cluster(state);
  NatGatewayConfig nat;
  nat.public_ips = 16;
  c.provider = nat;
  Run(state, c);
}
BENCHMARK(BM_SnatCluster1000NatGateway)->Apply(DurationArgs);

// Connection pooling (8 per node): requests mostly reuse connections.
void BM_SnatCluster1000LbPooled(benchmark::State& state) {
  SimulationConfig c = Cluster(state);
  c.sources[0].pool.size = 8;
  c.provider = LoadBalancerSetup{};
  Run(state, c);
}
BENCHMARK(BM_SnatCluster1000LbPooled)->Apply(DurationArgs);

}  // namespace
}  // namespace tunnelsim::snat
