// DiffNsg on a 1,000-rule NSG (Azure's limit, reference/azure.md §1.6) for the edits a change
// review sees: one rule added, one removed, one re-prioritised (each changes some verdicts);
// one wide rule added under 1,000 overlapping rules (the splitting worst case); and
// associating the whole NSG where there was none, which searches every flow.
// Counters: deltas found, boxes examined, and whether the search was exhaustive.
#include <random>
#include <string>

#include <benchmark/benchmark.h>

#include "models/nsg/nsg_diff.h"

namespace tunnelsim::nsg {
namespace {

constexpr int kDiffRules = 1000;

ServiceTagContext DiffVnet() {
  ServiceTagContext context;
  context.virtual_network = {Ipv4Prefix::Parse("10.224.0.0/12").value()};
  return context;
}

// Overlapping rules as real NSGs have them: common ports and some ranges, sources from the
// VNet's subnets, "*", VirtualNetwork or Internet, both accesses, a quarter outbound.
NetworkSecurityGroup DiffNsgOf1000Rules() {
  std::mt19937 rng(7);
  const uint16_t common[] = {22, 80, 443, 1194, 3389, 9000, 10250, 10255, 8080, 8443};
  NetworkSecurityGroup nsg{"diff-nsg", {}, false};
  for (int i = 0; i < kDiffRules; ++i) {
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
        rule.sources = {AddressMatcher::Prefix(Ipv4Prefix(Ipv4Address(address), length))};
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

void RunDiff(benchmark::State& state, const CompiledNsg* before, const CompiledNsg* after) {
  NsgDiff diff;
  for (auto _ : state) {
    diff = DiffNsg(before, after, Direction::kInbound);
    benchmark::DoNotOptimize(diff);
  }
  state.counters["deltas"] = static_cast<double>(diff.deltas.size());
  state.counters["boxes"] = static_cast<double>(diff.boxes_examined);
  state.counters["exhaustive"] = diff.exhaustive ? 1 : 0;
}

void BM_DiffNsgOneRuleAdded(benchmark::State& state) {
  NetworkSecurityGroup source = DiffNsgOf1000Rules();
  CompiledNsg before = CompiledNsg::Compile(source, DiffVnet());
  SecurityRule ssh;
  ssh.name = "allow-nodeports-from-internet";
  ssh.priority = 700;  // among the existing rules: many earlier rules meet it
  ssh.protocol = RuleProtocol::kTcp;
  ssh.sources = {AddressMatcher::Tag(ServiceTag::kInternet)};
  ssh.destination_ports = {{30000, 32767}};
  for (SecurityRule& r : source.rules) r.priority += r.priority >= 700 ? 1 : 0;
  source.rules.push_back(ssh);
  CompiledNsg after = CompiledNsg::Compile(source, DiffVnet());
  RunDiff(state, &before, &after);
}
BENCHMARK(BM_DiffNsgOneRuleAdded)->Unit(benchmark::kMillisecond);

void BM_DiffNsgOneRuleRemoved(benchmark::State& state) {
  NetworkSecurityGroup source = DiffNsgOf1000Rules();
  CompiledNsg before = CompiledNsg::Compile(source, DiffVnet());
  source.rules.erase(source.rules.begin() + 7);  // an inbound rule that decides flows
  CompiledNsg after = CompiledNsg::Compile(source, DiffVnet());
  RunDiff(state, &before, &after);
}
BENCHMARK(BM_DiffNsgOneRuleRemoved)->Unit(benchmark::kMillisecond);

void BM_DiffNsgOneRuleMoved(benchmark::State& state) {
  NetworkSecurityGroup source = DiffNsgOf1000Rules();
  CompiledNsg before = CompiledNsg::Compile(source, DiffVnet());
  source.rules[501].priority = 100;  // a shadowed inbound rule jumps to the front
  CompiledNsg after = CompiledNsg::Compile(source, DiffVnet());
  RunDiff(state, &before, &after);
}
BENCHMARK(BM_DiffNsgOneRuleMoved)->Unit(benchmark::kMillisecond);

// Every rule a random source prefix x port range, so each overlaps many others; the added
// rule meets all of them and the search must split its box by each.
void BM_DiffNsgAdversarialRuleAdded(benchmark::State& state) {
  std::mt19937 rng(11);
  NetworkSecurityGroup source{"adversarial-nsg", {}, false};
  for (int i = 0; i < kDiffRules; ++i) {
    SecurityRule rule;
    rule.name = "rule-" + std::to_string(i);
    rule.priority = 100 + i;
    rule.access = rng() % 2 == 0 ? Access::kAllow : Access::kDeny;
    rule.protocol = RuleProtocol::kTcp;
    int length = 12 + static_cast<int>(rng() % 9);
    uint32_t address = (10u << 24) | (224u << 16) | (rng() & 0xfffff);
    rule.sources = {AddressMatcher::Prefix(Ipv4Prefix(Ipv4Address(address), length))};
    uint16_t first = static_cast<uint16_t>(rng() % 2000);
    rule.destination_ports = {{first, static_cast<uint16_t>(first + rng() % 500)}};
    source.rules.push_back(std::move(rule));
  }
  CompiledNsg before = CompiledNsg::Compile(source, DiffVnet());
  SecurityRule wide;
  wide.name = "allow-low-ports";
  wide.priority = 4000;
  wide.protocol = RuleProtocol::kTcp;
  wide.destination_ports = {{0, 2500}};
  source.rules.push_back(wide);
  CompiledNsg after = CompiledNsg::Compile(source, DiffVnet());
  RunDiff(state, &before, &after);
}
BENCHMARK(BM_DiffNsgAdversarialRuleAdded)->Unit(benchmark::kMillisecond);

void BM_DiffNsgAssociated(benchmark::State& state) {
  CompiledNsg after = CompiledNsg::Compile(DiffNsgOf1000Rules(), DiffVnet());
  RunDiff(state, nullptr, &after);
}
BENCHMARK(BM_DiffNsgAssociated)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tunnelsim::nsg
