// The pull-request path: a what-if of a 20-change change set on a 100-node scenario (4 pools
// of 25 nodes, a 200-rule subnet NSG, ufw on one pool, 10 pods per node, a webhook), and the
// lint of a scenario whose NSG has 1,000 rules. Inputs are parsed once; each iteration
// applies, checks before and after, attributes, diffs the touched filters (no SNAT/CPA
// summaries: the change set touches neither). Attribution checks each prefix on all cores,
// so the what-if reports wall-clock time.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "engine/changeset/load_change_set.h"
#include "engine/lint/lint.h"
#include "engine/scenario/load_scenario.h"
#include "engine/whatif/whatif.h"

namespace tunnelsim {
namespace {

std::string Scenario(int rules) {
  std::string s = R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: bench}
cluster:
  apiServer: {access: public, publicIP: 20.61.10.5}
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
  for (int i = 0; i < rules; ++i) {
    s += fmt::format(
        "        - {{name: r{0}, priority: {1}, direction: {5}, access: {2}, protocol: Tcp, "
        "sourceAddressPrefix: 10.{3}.0.0/16, destinationAddressPrefix: '*', destinationPortRange: "
        "'{4}'}}\n",
        i, 1000 + i / 2, i % 3 ? "Deny" : "Allow", 100 + i % 100, 20000 + i,
        i % 2 ? "Outbound" : "Inbound");
  }
  s += "nodePools:\n";
  for (int p = 0; p < 4; ++p) {
    s += fmt::format(
        "  - name: pool{}\n    count: 25\n    vmSize: Standard_D4s_v5\n    subnet: nodes\n", p);
  }
  s += "    hostFirewall:\n      ufw: {enabled: true, rules: [\"allow 22/tcp\"]}\n";
  s += "workloads:\n";
  for (int p = 0; p < 4; ++p) {
    s += fmt::format("  - {{namespace: default, name: app{0}, replicas: 250, nodePool: pool{0}}}\n",
                     p);
  }
  s += "webhooks:\n  - {name: policy.example.com, namespace: policy, service: policy, "
       "targetPort: 8443, replicas: 2, nodePool: pool0}\n";
  return s;
}

std::string ChangeSetText() {
  std::string s = "apiVersion: tunnelsim/v1\nkind: ChangeSet\nmetadata: {name: bench}\nchanges:\n";
  for (int i = 0; i < 16; ++i) {
    s += fmt::format(
        "  - addSecurityRule:\n      networkSecurityGroup: nsg\n      rule: {{name: add{0}, "
        "priority: {1}, direction: Inbound, access: {2}, protocol: Tcp, sourceAddressPrefix: "
        "10.{3}.0.0/16, destinationAddressPrefix: '*', destinationPortRange: '{4}'}}\n",
        i, 300 + i, i % 2 ? "Allow" : "Deny", 50 + i, 10000 + i * 10);
  }
  s += "  - command: az network nsg rule create -g rg --nsg-name nsg -n kubelet --priority 200 "
       "--source-address-prefixes VirtualNetwork --destination-port-ranges 10250 --protocol Tcp\n";
  s += "  - removeSecurityRule: {networkSecurityGroup: nsg, name: r10}\n";
  s += "  - command: ufw allow from 10.224.0.0/16 to any port 10250 proto tcp\n    nodePool: "
       "pool3\n";
  s += "  - command: iptables -I INPUT 1 -s 10.99.0.0/16 -p tcp --dport 10250 -j DROP\n"
       "    nodePool: pool2\n";
  return s;
}

void BM_WhatIf100Nodes20Changes(benchmark::State& state) {
  Diagnostics d;
  auto scenario = LoadScenarioText(Scenario(200), "bench.yaml", ".", &d);
  auto changes = LoadChangeSetText(ChangeSetText(), "bench.change.yaml", &d);
  if (!scenario || !changes) {
    state.SkipWithError(d.Format().c_str());
    return;
  }
  std::vector<ChangeSet> sets{*changes};
  WhatIfOptions options;
  options.summaries = false;
  options.attribute = state.range(0) != 0;  // Arg 0: without attributing each row to a change
  size_t rows = 0;
  for (auto _ : state) {
    Diagnostics run;
    auto report = RunWhatIf(*scenario, sets, options, &run);
    if (!report) {
      state.SkipWithError(run.Format().c_str());
      return;
    }
    rows = report->rows.size();
    benchmark::DoNotOptimize(report);
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_WhatIf100Nodes20Changes)->Unit(benchmark::kMillisecond)->Arg(1)->Arg(0)->UseRealTime();

void BM_Lint1000RuleNsg(benchmark::State& state) {
  Diagnostics d;
  auto scenario = LoadScenarioText(Scenario(1000), "bench.yaml", ".", &d);
  if (!scenario) {
    state.SkipWithError(d.Format().c_str());
    return;
  }
  auto model = ClusterModel::Build(*scenario, &d);
  size_t findings = 0;
  for (auto _ : state) {
    std::vector<LintFinding> all = RunLint(*model);
    findings = all.size();
    benchmark::DoNotOptimize(all);
  }
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_Lint1000RuleNsg)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tunnelsim
