// netfilter model hot paths on a kube-proxy-sized node (reference/netfilter-ufw.md §6 shape):
//  - ParseIptablesSave of ~20,000 rules;
//  - Evaluator construction (per-chain destination index);
//  - EvaluateInbound of a SYN to the kubelet (node:10250) through nat PREROUTING (which walks
//    all of KUBE-SERVICES and ends in KUBE-NODEPORTS) and filter INPUT, with and without the
//    index; and of a SYN to the last ClusterIP (DNAT to a pod, forwarded).
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "models/netfilter/evaluator.h"
#include "models/netfilter/iptables_save_parser.h"

namespace tunnelsim::netfilter {
namespace {

// Services with one endpoint each (no -m statistic): 1 KUBE-SERVICES rule, a KUBE-SVC chain
// of 2 rules and a KUBE-SEP chain of 2 rules -> 5 nat rules per service.
constexpr int kServices = 3960;
constexpr int kNodePorts = 60;

uint32_t ClusterIp(int i) { return (10u << 24) | (static_cast<uint32_t>(i + 256) & 0xffff); }
uint32_t PodIp(int i) { return (10u << 24) | (244u << 16) | static_cast<uint32_t>(i + 2); }
std::string Ip(uint32_t v) { return Ipv4Address(v).ToString(); }

std::string KubeProxyRuleset() {
  std::string filter =
      "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
      ":KUBE-EXTERNAL-SERVICES - [0:0]\n:KUBE-FIREWALL - [0:0]\n:KUBE-NODEPORTS - [0:0]\n"
      ":KUBE-PROXY-FIREWALL - [0:0]\n:KUBE-SERVICES - [0:0]\n"
      "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer "
      "firewall\" -j KUBE-PROXY-FIREWALL\n"
      "-A INPUT -m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS\n"
      "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible "
      "service portals\" -j KUBE-EXTERNAL-SERVICES\n"
      "-A INPUT -j KUBE-FIREWALL\n"
      "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" "
      "-j KUBE-SERVICES\n"
      "-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block incoming "
      "localnet connections\" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n";
  std::string nat_chains =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
      ":POSTROUTING ACCEPT [0:0]\n:KUBE-MARK-MASQ - [0:0]\n:KUBE-NODEPORTS - [0:0]\n"
      ":KUBE-SERVICES - [0:0]\n";
  std::string nat_rules =
      "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
      "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
      "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n";
  std::string services;
  for (int i = 0; i < kServices; ++i) {
    std::string svc = fmt::format("KUBE-SVC-{:016X}", i);
    std::string sep = fmt::format("KUBE-SEP-{:016X}", i);
    std::string ip = Ip(ClusterIp(i));
    nat_chains += fmt::format(":{} - [0:0]\n:{} - [0:0]\n", svc, sep);
    services += fmt::format(
        "-A KUBE-SERVICES -d {}/32 -p tcp -m comment --comment \"ns/svc-{}:http cluster IP\" "
        "-m tcp --dport 80 -j {}\n",
        ip, i, svc);
    nat_rules += fmt::format(
        "-A {0} ! -s 10.244.0.0/16 -d {1}/32 -p tcp -m comment --comment \"ns/svc-{2}:http "
        "cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ\n"
        "-A {0} -m comment --comment \"ns/svc-{2}:http -> {3}:8080\" -j {4}\n"
        "-A {4} -s {3}/32 -m comment --comment \"ns/svc-{2}:http\" -j KUBE-MARK-MASQ\n"
        "-A {4} -p tcp -m comment --comment \"ns/svc-{2}:http\" -m tcp -j DNAT --to-destination "
        "{3}:8080\n",
        svc, ip, i, Ip(PodIp(i)), sep);
  }
  for (int i = 0; i < kNodePorts; ++i) {
    nat_rules += fmt::format(
        "-A KUBE-NODEPORTS -p tcp -m comment --comment \"ns/svc-{0}:http\" -m tcp --dport {1} "
        "-j KUBE-SVC-{0:016X}\n",
        i, 30000 + i);
    filter += fmt::format(
        "-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment \"ns/gone-{}:http has no "
        "endpoints\" -m addrtype --dst-type LOCAL -m tcp --dport {} -j REJECT --reject-with "
        "icmp-port-unreachable\n",
        i, 31000 + i);
  }
  services +=
      "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be "
      "the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n";
  return filter + "COMMIT\n" + nat_chains + nat_rules + services + "COMMIT\n";
}

const std::string& Text() {
  static const std::string text = KubeProxyRuleset();
  return text;
}

const Ruleset& Rules() {
  static const Ruleset rules = *ParseIptablesSave(Text());
  return rules;
}

NodeContext Node() {
  NodeContext node;
  node.AddAddress("eth0", *Ipv4Address::Parse("10.224.0.4"), 16);
  return node;
}

Packet Syn(std::string_view dst, uint16_t dport) {
  Packet p;
  p.src = *Ipv4Address::Parse("10.224.0.5");
  p.dst = *Ipv4Address::Parse(dst);
  p.sport = 40000;
  p.dport = dport;
  p.in_interface = "eth0";
  return p;
}

size_t TotalRules(const Ruleset& rs) {
  return rs.table(TableId::kFilter)->RuleCount() + rs.table(TableId::kNat)->RuleCount();
}

void BM_ParseKubeProxy20k(benchmark::State& state) {
  const std::string& text = Text();
  for (auto _ : state) {
    auto rs = ParseIptablesSave(text);
    benchmark::DoNotOptimize(rs);
  }
  state.counters["rules"] = static_cast<double>(TotalRules(Rules()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseKubeProxy20k)->Unit(benchmark::kMillisecond);

void BM_BuildEvaluator(benchmark::State& state) {
  for (auto _ : state) {
    Evaluator ev(Rules());
    benchmark::DoNotOptimize(ev);
  }
}
BENCHMARK(BM_BuildEvaluator)->Unit(benchmark::kMicrosecond);

// range(0): 1 = indexed (default), 0 = plain rule-by-rule walk.
void BM_EvaluateInboundKubelet(benchmark::State& state) {
  EvalOptions options;
  options.index_long_chains = state.range(0) != 0;
  Evaluator ev(Rules(), options);
  NodeContext node = Node();
  Packet syn = Syn("10.224.0.4", 10250);
  if (ev.EvaluateInbound(syn, node).kind != VerdictKind::kAccept) state.SkipWithError("verdict");
  for (auto _ : state) benchmark::DoNotOptimize(ev.EvaluateInbound(syn, node));
}
BENCHMARK(BM_EvaluateInboundKubelet)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

void BM_EvaluateInboundLastClusterIp(benchmark::State& state) {
  EvalOptions options;
  options.index_long_chains = state.range(0) != 0;
  Evaluator ev(Rules(), options);
  NodeContext node = Node();
  Packet syn = Syn(Ip(ClusterIp(kServices - 1)), 80);
  Verdict v = ev.EvaluateInbound(syn, node);
  if (!v.nat || !v.forwarded) state.SkipWithError("expected a forwarded DNAT");
  for (auto _ : state) benchmark::DoNotOptimize(ev.EvaluateInbound(syn, node));
}
BENCHMARK(BM_EvaluateInboundLastClusterIp)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace tunnelsim::netfilter
