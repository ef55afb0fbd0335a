// The topology graph of a 5,000-node cluster (5 pools x 1,000 nodes in two subnets, a subnet
// NSG, ufw on one pool, 10 agents): building it, walking every agent-to-kubelet route, drawing
// it as DOT, and partitioning the nodes into dial classes.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "engine/reachability/cluster_model.h"
#include "engine/scenario/load_scenario.h"
#include "engine/topology/dial_classes.h"
#include "engine/topology/dot.h"
#include "engine/topology/topology.h"
#include "engine/topology/walk.h"

namespace tunnelsim {
namespace {

std::string TopologyScenario(int pools, int nodes_per_pool) {
  std::string s = R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: topology-bench}
cluster:
  apiServer: {access: public, publicIP: 20.61.10.5}
  tunnel: {kind: konnectivity, agent: {replicas: 10}}
network:
  vnets:
    - name: vnet
      addressSpace: [10.224.0.0/12]
      subnets:
        - {name: nodes, addressPrefix: 10.224.0.0/16, networkSecurityGroup: nsg}
        - {name: more, addressPrefix: 10.225.0.0/16}
  networkSecurityGroups:
    - name: nsg
      securityRules:
        - {name: deny-kubelet, priority: 100, direction: Inbound, access: Deny, protocol: Tcp, sourceAddressPrefix: 10.100.0.0/16, destinationAddressPrefix: '*', destinationPortRange: '10250'}
nodePools:
)";
  for (int p = 0; p < pools; ++p) {
    s += fmt::format("  - {{name: pool{}, count: {}, vmSize: Standard_D4s_v5, subnet: {}}}\n", p,
                     nodes_per_pool, p % 2 ? "more" : "nodes");
  }
  s += "webhooks:\n  - {name: hook, namespace: n, service: s, targetPort: 8443, replicas: 3, "
       "nodePool: pool0}\n";
  return s;
}

struct Fixture {
  Scenario scenario;
  std::unique_ptr<ClusterModel> model;
};

std::unique_ptr<Fixture> Load(benchmark::State& state) {
  auto f = std::make_unique<Fixture>();
  Diagnostics d;
  auto scenario = LoadScenarioText(TopologyScenario(5, 1000), "bench.yaml", ".", &d);
  if (scenario) {
    f->scenario = std::move(*scenario);
    f->model = ClusterModel::Build(f->scenario, &d);
  }
  if (!f->model) {
    state.SkipWithError(d.Format().c_str());
    return nullptr;
  }
  return f;
}

void BM_TopologyBuild5000Nodes(benchmark::State& state) {
  auto f = Load(state);
  if (!f) return;
  for (auto _ : state) {
    auto topology = Topology::Build(*f->model);
    benchmark::DoNotOptimize(topology.get());
  }
  const TopologyGraph& g = f->model->topology->graph();
  state.counters["vertices"] = static_cast<double>(boost::num_vertices(g));
  state.counters["edges"] = static_cast<double>(boost::num_edges(g));
}
BENCHMARK(BM_TopologyBuild5000Nodes)->Unit(benchmark::kMillisecond);

// What `check` asks of the graph: a route and its crossings from every agent to every kubelet.
void BM_TopologyWalkAgentsToKubelets5000Nodes(benchmark::State& state) {
  auto f = Load(state);
  if (!f) return;
  const Topology& t = *f->model->topology;
  for (auto _ : state) {
    size_t crossings = 0;
    for (const AgentModel& agent : f->model->agents) {
      for (size_t node = 0; node < f->model->nodes.size(); ++node) {
        std::vector<TopologyVertex> route = t.Route(t.node(agent.node), t.kubelet(node));
        crossings += CrossingsAlong(t, route, WalkDirection::kRequest).size();
        crossings += CrossingsAlong(t, route, WalkDirection::kReply).size();
      }
    }
    benchmark::DoNotOptimize(crossings);
  }
  state.SetItemsProcessed(
      static_cast<int64_t>(state.iterations() * f->model->agents.size() * f->model->nodes.size()));
}
BENCHMARK(BM_TopologyWalkAgentsToKubelets5000Nodes)->Unit(benchmark::kMillisecond);

void BM_TopologyDot5000Nodes(benchmark::State& state) {
  auto f = Load(state);
  if (!f) return;
  for (auto _ : state) {
    std::string dot = TopologyToDot(*f->model->topology);
    benchmark::DoNotOptimize(dot.size());
  }
}
BENCHMARK(BM_TopologyDot5000Nodes)->Unit(benchmark::kMillisecond);

void BM_DialClasses5000Nodes(benchmark::State& state) {
  auto f = Load(state);
  if (!f) return;
  for (auto _ : state) {
    DialClasses classes = DialClasses::Build(*f->model);
    benchmark::DoNotOptimize(classes.count());
  }
}
BENCHMARK(BM_DialClasses5000Nodes)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tunnelsim
