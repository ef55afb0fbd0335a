// NSG model hot paths at Azure's limit of 1,000 rules (reference/azure.md §1.6):
//  - Evaluate when the deciding rule is the last custom rule or a default rule (a full scan),
//    with single-entry rules and with augmented rules (address and port lists);
//  - Compile (resolve tags and lists once);
//  - AnalyzeShadowing of 1,000 rules, realistic (overlapping common ports and subnets) and
//    adversarial (every rule overlaps many earlier ones in two dimensions).
#include <random>
#include <string>

#include <benchmark/benchmark.h>

#include "models/nsg/evaluator.h"
#include "models/nsg/shadow.h"

namespace tunnelsim::nsg {
namespace {

constexpr int kRules = 1000;

ServiceTagContext Vnet() {
  ServiceTagContext context;
  context.virtual_network = {Ipv4Prefix::Parse("10.224.0.0/12").value()};
  return context;
}

Ipv4Prefix Prefix(uint32_t address, int length) { return Ipv4Prefix(Ipv4Address(address), length); }

// Rule i matches TCP to port 20000+i only from 172.16.(i/256).(i%256)/32, so a flow aimed at
// the last rule fails every earlier rule on its port. With `lists`, each rule carries 8
// source prefixes and 4 destination port ranges.
NetworkSecurityGroup ScanNsg(bool lists) {
  NetworkSecurityGroup nsg{"bench-nsg", {}, false};
  for (int i = 0; i < kRules; ++i) {
    SecurityRule rule;
    rule.name = "rule-" + std::to_string(i);
    rule.priority = 100 + i;
    rule.access = i % 2 == 0 ? Access::kAllow : Access::kDeny;
    rule.protocol = RuleProtocol::kTcp;
    const uint32_t base = (172u << 24) | (16u << 16) | static_cast<uint32_t>(i);
    rule.sources = {AddressMatcher::Prefix(Prefix(base, 32))};
    rule.destination_ports = {PortRange::Single(static_cast<uint16_t>(20000 + i))};
    if (lists) {
      for (uint32_t k = 1; k < 8; ++k) {
        rule.sources.push_back(AddressMatcher::Prefix(Prefix(base + (k << 12), 32)));
      }
      for (uint16_t k = 1; k < 4; ++k) {
        rule.destination_ports.push_back(
            PortRange::Single(static_cast<uint16_t>(40000 + i * 4 + k)));
      }
    }
    nsg.rules.push_back(std::move(rule));
  }
  return nsg;
}

void BM_EvaluateLastCustomRule(benchmark::State& state) {
  CompiledNsg nsg = CompiledNsg::Compile(ScanNsg(state.range(0) != 0), Vnet());
  const uint32_t last = kRules - 1;
  Flow flow{Ipv4Address((172u << 24) | (16u << 16) | last), 40000,
            Ipv4Address((10u << 24) | (224u << 16) | 5u), static_cast<uint16_t>(20000 + last),
            IpProtocol::kTcp};
  for (auto _ : state) benchmark::DoNotOptimize(nsg.Evaluate(Direction::kInbound, flow));
  if (nsg.Evaluate(Direction::kInbound, flow).priority != 100 + kRules - 1) {
    state.SkipWithError("flow was not decided by the last custom rule");
  }
}
BENCHMARK(BM_EvaluateLastCustomRule)->ArgName("lists")->Arg(0)->Arg(1);

void BM_EvaluateFallsToDefaults(benchmark::State& state) {
  CompiledNsg nsg = CompiledNsg::Compile(ScanNsg(state.range(0) != 0), Vnet());
  Flow flow{Ipv4Address((203u << 24) | 113u << 8 | 9u), 40000,
            Ipv4Address((10u << 24) | (224u << 16) | 5u), 10250, IpProtocol::kTcp};
  for (auto _ : state) benchmark::DoNotOptimize(nsg.Evaluate(Direction::kInbound, flow));
  if (nsg.Evaluate(Direction::kInbound, flow).priority != 65500) {
    state.SkipWithError("flow was not decided by DenyAllInBound");
  }
}
BENCHMARK(BM_EvaluateFallsToDefaults)->ArgName("lists")->Arg(0)->Arg(1);

void BM_Compile(benchmark::State& state) {
  NetworkSecurityGroup nsg = ScanNsg(state.range(0) != 0);
  ServiceTagContext context = Vnet();
  for (auto _ : state) benchmark::DoNotOptimize(CompiledNsg::Compile(nsg, context));
}
BENCHMARK(BM_Compile)->ArgName("lists")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// Realistic: ports drawn from a few common ones and ranges, sources from the VNet's subnets,
// "*", VirtualNetwork or Internet, both accesses, both directions.
NetworkSecurityGroup RealisticNsg() {
  std::mt19937 rng(7);
  const uint16_t common[] = {22, 80, 443, 1194, 3389, 9000, 10250, 10255, 8080, 8443};
  NetworkSecurityGroup nsg{"lint-nsg", {}, false};
  for (int i = 0; i < kRules; ++i) {
    SecurityRule rule;
    rule.name = "rule-" + std::to_string(i);
    rule.direction = i % 4 == 0 ? Direction::kOutbound : Direction::kInbound;
    rule.priority = 100 + i;
    rule.access = rng() % 3 == 0 ? Access::kAllow : Access::kDeny;
    rule.protocol = rng() % 5 == 0 ? RuleProtocol::kUdp : RuleProtocol::kTcp;
    switch (rng() % 4) {
      case 0:
        rule.sources = {AddressMatcher::Any()};
        break;
      case 1:
        rule.sources = {AddressMatcher::Tag(ServiceTag::kVirtualNetwork)};
        break;
      case 2:
        rule.sources = {AddressMatcher::Tag(ServiceTag::kInternet)};
        break;
      default: {
        int length = 16 + static_cast<int>(rng() % 13);
        uint32_t address = (10u << 24) | (224u << 16) | (rng() & 0xffff);
        rule.sources = {AddressMatcher::Prefix(Prefix(address, length))};
      }
    }
    if (rng() % 4 == 0) {
      uint16_t first = static_cast<uint16_t>(1000 + rng() % 30000);
      rule.destination_ports = {{first, static_cast<uint16_t>(first + rng() % 2000)}};
    } else {
      rule.destination_ports = {PortRange::Single(common[rng() % 10])};
    }
    nsg.rules.push_back(std::move(rule));
  }
  return nsg;
}

// Adversarial: every rule is a random source prefix x a random port range, so each one
// overlaps many earlier rules in two dimensions and remaining regions fragment.
NetworkSecurityGroup AdversarialNsg() {
  std::mt19937 rng(11);
  NetworkSecurityGroup nsg{"adversarial-nsg", {}, false};
  for (int i = 0; i < kRules; ++i) {
    SecurityRule rule;
    rule.name = "rule-" + std::to_string(i);
    rule.priority = 100 + i;
    rule.access = rng() % 2 == 0 ? Access::kAllow : Access::kDeny;
    rule.protocol = RuleProtocol::kTcp;
    int length = 12 + static_cast<int>(rng() % 9);
    uint32_t address = (10u << 24) | (224u << 16) | (rng() & 0xfffff);
    rule.sources = {AddressMatcher::Prefix(Prefix(address, length))};
    uint16_t first = static_cast<uint16_t>(rng() % 2000);
    rule.destination_ports = {{first, static_cast<uint16_t>(first + rng() % 500)}};
    nsg.rules.push_back(std::move(rule));
  }
  return nsg;
}

void Shadow(benchmark::State& state, const NetworkSecurityGroup& source) {
  CompiledNsg nsg = CompiledNsg::Compile(source, Vnet());
  size_t flagged = 0, inexact = 0;
  for (auto _ : state) {
    std::vector<RuleFinding> findings = AnalyzeShadowing(nsg);
    flagged = inexact = 0;
    for (const RuleFinding& f : findings) {
      flagged += f.reachability != Reachability::kReachable ? 1 : 0;
      inexact += f.exhaustive ? 0 : 1;
    }
    benchmark::DoNotOptimize(findings);
  }
  state.counters["flagged"] = static_cast<double>(flagged);
  state.counters["inexact"] = static_cast<double>(inexact);
}

void BM_ShadowRealistic(benchmark::State& state) { Shadow(state, RealisticNsg()); }
BENCHMARK(BM_ShadowRealistic)->Unit(benchmark::kMillisecond);

void BM_ShadowAdversarial(benchmark::State& state) { Shadow(state, AdversarialNsg()); }
BENCHMARK(BM_ShadowAdversarial)->Unit(benchmark::kMillisecond);

void BM_ShadowScanNsg(benchmark::State& state) { Shadow(state, ScanNsg(true)); }
BENCHMARK(BM_ShadowScanNsg)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tunnelsim::nsg
