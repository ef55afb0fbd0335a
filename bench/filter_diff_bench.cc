// DiffHostInput on a host firewall of N INPUT rules, each a source prefix x a destination port
// (range) with ACCEPT or DROP, plus a kube-proxy-like NodePort chain. Every rule adds cuts to
// both axes, so the grid grows as N^2; pruning to the changed rules' cells keeps the usual
// edit cheap, and a policy change (no pruning) measures the cost per cell: two evaluations.
// Counters: cells of the grid, cells evaluated, deltas, exhaustive.
#include <random>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>

#include "models/netfilter/filter_diff.h"
#include "models/netfilter/iptables_save_parser.h"

namespace tunnelsim::netfilter {
namespace {

// `skip` >= 0 leaves that rule out; `extra` goes first in INPUT.
std::string HostFirewall(int rules, int skip, std::string_view policy = "DROP",
                         std::string_view extra = "") {
  std::mt19937 rng(5);
  std::string text = "*filter\n:INPUT " + std::string(policy) +
                     " [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                     ":KUBE-NODEPORTS - [0:0]\n"
                     "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                     "-A INPUT -i lo -j ACCEPT\n"
                     "-A INPUT -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n" +
                     std::string(extra);
  for (int i = 0; i < rules; ++i) {
    uint32_t base = (10u << 24) | (rng() & 0x00ffff00u);
    int length = 16 + static_cast<int>(rng() % 17);
    std::string source = Ipv4Prefix(Ipv4Address(base), length).ToString();
    uint16_t port = static_cast<uint16_t>(1 + rng() % 40000);
    std::string ports = rng() % 4 == 0 ? std::to_string(port) + ":" + std::to_string(port + 100)
                                       : std::to_string(port);
    // The middle rule (the one deleted) accepts, so deleting it closes something.
    std::string target = rng() % 3 == 0 && i != rules / 2 ? "DROP" : "ACCEPT";
    if (i == skip) continue;  // after every draw, so the other rules stay the same
    text += "-A INPUT -s " + source + " -p tcp -m tcp --dport " + ports + " -j " + target + "\n";
  }
  for (int i = 0; i < 20; ++i) {
    text += "-A KUBE-NODEPORTS -p tcp -m tcp --dport " + std::to_string(30000 + 37 * i) +
            " -j ACCEPT\n";
  }
  return text + "COMMIT\n";
}

void RunDiff(benchmark::State& state, const std::string& before_text,
             const std::string& after_text) {
  Ruleset before = ParseIptablesSave(before_text).value();
  Ruleset after = ParseIptablesSave(after_text).value();
  NodeContext node;
  node.AddAddress("eth0", Ipv4Address((10u << 24) | (224u << 16) | 4u), 16);
  HostDiff diff;
  for (auto _ : state) {
    diff = DiffHostInput(before, after, node).value();
    benchmark::DoNotOptimize(diff);
  }
  state.counters["cells"] = static_cast<double>(diff.cells);
  state.counters["evaluated"] = static_cast<double>(diff.cells_evaluated);
  state.counters["deltas"] = static_cast<double>(diff.deltas.size());
  state.counters["exhaustive"] = diff.exhaustive ? 1 : 0;
}

// A review's usual edit: only the deleted rule's cells are evaluated.
void BM_DiffHostInputOneRuleDeleted(benchmark::State& state) {
  int rules = static_cast<int>(state.range(0));
  RunDiff(state, HostFirewall(rules, -1), HostFirewall(rules, rules / 2));
}
BENCHMARK(BM_DiffHostInputOneRuleDeleted)
    ->ArgName("rules")
    ->Arg(30)
    ->Arg(300)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond);

// A wide rule (half the sources, every TCP port) meets most cells of its rows.
void BM_DiffHostInputWideRuleAdded(benchmark::State& state) {
  int rules = static_cast<int>(state.range(0));
  RunDiff(state, HostFirewall(rules, -1),
          HostFirewall(rules, -1, "DROP", "-A INPUT -s 10.0.0.0/9 -p tcp -j REJECT\n"));
}
BENCHMARK(BM_DiffHostInputWideRuleAdded)
    ->ArgName("rules")
    ->Arg(30)
    ->Arg(100)
    ->Unit(benchmark::kMillisecond);

// A policy change can move any cell: the whole grid is evaluated (the cost per cell).
void BM_DiffHostInputPolicyChanged(benchmark::State& state) {
  int rules = static_cast<int>(state.range(0));
  RunDiff(state, HostFirewall(rules, -1), HostFirewall(rules, -1, "ACCEPT"));
}
BENCHMARK(BM_DiffHostInputPolicyChanged)
    ->ArgName("rules")
    ->Arg(30)
    ->Arg(100)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tunnelsim::netfilter
