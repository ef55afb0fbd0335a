// The end-to-end `check` of a generated 5,000-node cluster (5 pools x 1,000 nodes, an NSG of
// 200 rules on the subnet, ufw on one pool, a kube-proxy-like iptables text on another) with
// 50 pods per node (250,000 pods): load, build the model, run the analysis.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "engine/reachability/check.h"
#include "engine/scenario/load_scenario.h"

namespace tunnelsim {
namespace {

std::string GenerateScenario(int pools, int nodes_per_pool, int pods_per_node) {
  std::string s = R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: bench}
cluster:
  apiServer: {access: public, publicIP: 20.61.10.5}
  tunnel:
    autoscaler:
      ladder: '{"nodesToReplicas":[[1,2],[100,3],[250,4],[500,5],[1000,6],[5000,10]]}'
network:
  vnets:
    - name: vnet
      addressSpace: [10.224.0.0/12]
      subnets:
        - {name: nodes, addressPrefix: 10.224.0.0/16, networkSecurityGroup: nsg}
  networkSecurityGroups:
    - name: nsg
      securityRules:
)";
  for (int i = 0; i < 200; ++i) {
    s += fmt::format(
        "        - {{name: r{0}, priority: {1}, direction: Inbound, access: {2}, protocol: Tcp, "
        "sourceAddressPrefix: 10.{3}.0.0/16, destinationAddressPrefix: '*', destinationPortRange: "
        "'{4}'}}\n",
        i, 200 + i, i % 2 ? "Deny" : "Allow", 100 + i % 100, 20000 + i);
  }
  s += "nodePools:\n";
  for (int p = 0; p < pools; ++p) {
    s += fmt::format(
        "  - name: pool{}\n    count: {}\n    vmSize: Standard_D4s_v5\n    subnet: nodes\n", p,
        nodes_per_pool);
    if (p == 1) {
      s += "    hostFirewall:\n      ufw: {enabled: true, rules: [\"allow 22/tcp\", \"allow from "
           "10.224.0.0/16 to any port 10250 proto tcp\"]}\n";
    }
    if (p == 2) {
      s += "    hostFirewall:\n      iptables: |\n        *filter\n        :INPUT ACCEPT [0:0]\n"
           "        :FORWARD ACCEPT [0:0]\n        :OUTPUT ACCEPT [0:0]\n        :KUBE-FIREWALL - "
           "[0:0]\n"
           "        -A INPUT -j KUBE-FIREWALL\n        -A OUTPUT -j KUBE-FIREWALL\n"
           "        -A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block "
           "incoming localnet connections\" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j "
           "DROP\n"
           "        COMMIT\n";
    }
  }
  s += "workloads:\n";
  int total = pools * nodes_per_pool * pods_per_node;
  int per_workload = pools * nodes_per_pool;  // one replica per node
  for (int w = 0; w < total / per_workload; ++w) {
    s += fmt::format("  - {{namespace: ns{}, name: app{}, replicas: {}, nodePool: pool{}}}\n",
                     w % 10, w, nodes_per_pool, w % pools);
  }
  return s;
}

// Loading and validating alone (issue 2's benchmark): YAML, schema, address plan, NSGs and
// host firewalls of the 5,000-node scenario.
void BM_LoadScenario5000Nodes(benchmark::State& state) {
  std::string text = GenerateScenario(5, 1000, 50);
  for (auto _ : state) {
    Diagnostics d;
    auto scenario = LoadScenarioText(text, "bench.yaml", ".", &d);
    benchmark::DoNotOptimize(scenario.has_value());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_LoadScenario5000Nodes)->Unit(benchmark::kMillisecond);

void BM_Check5000Nodes(benchmark::State& state) {
  std::string text = GenerateScenario(5, 1000, 50);
  for (auto _ : state) {
    Diagnostics d;
    auto scenario = LoadScenarioText(text, "bench.yaml", ".", &d);
    if (!scenario) {
      state.SkipWithError(d.Format().c_str());
      return;
    }
    auto model = ClusterModel::Build(*scenario, &d);
    CheckReport report = RunCheck(*model);
    benchmark::DoNotOptimize(report.AllWork());
  }
}
BENCHMARK(BM_Check5000Nodes)->Unit(benchmark::kMillisecond);

void BM_Check5000NodesAnalysisOnly(benchmark::State& state) {
  std::string text = GenerateScenario(5, 1000, 50);
  Diagnostics d;
  auto scenario = LoadScenarioText(text, "bench.yaml", ".", &d);
  auto model = ClusterModel::Build(*scenario, &d);
  for (auto _ : state) {
    CheckReport report = RunCheck(*model);
    benchmark::DoNotOptimize(report.AllWork());
  }
}
BENCHMARK(BM_Check5000NodesAnalysisOnly)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tunnelsim
