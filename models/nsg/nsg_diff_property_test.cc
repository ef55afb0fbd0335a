// DiffNsg against brute force: random NSGs, random edits, and many flows chosen near every
// boundary the rules use. A flow's verdict changes under the evaluator exactly when one delta
// holds it, and that delta names the evaluator's deciding rules. Fixed seed: reproducible.
#include <algorithm>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "models/nsg/nsg_diff.h"
#include "models/nsg/test_util.h"

namespace tunnelsim::nsg {
namespace {

using testing::Cidr;
using testing::Ip;
using testing::MakeRule;

const char* const kAddressEntries[] = {"*",
                                       "10.0.0.0/16",
                                       "10.0.1.0/24",
                                       "10.0.1.5",
                                       "10.1.0.0/16",
                                       "52.0.0.0/8",
                                       "168.63.129.16",
                                       "169.254.0.0/16",
                                       "VirtualNetwork",
                                       "Internet",
                                       "AzureLoadBalancer",
                                       "10.0.1.0/24,52.0.0.0/8"};
const char* const kPortEntries[] = {"*", "22", "80", "443", "20-30", "400-500", "1000-2000,22"};
const char* const kProtocols[] = {"Tcp", "Udp", "Icmp", "*"};
// Addresses on both sides of every boundary above, the platform addresses, and some others.
const char* const kAddresses[] = {
    "0.0.0.0",        "9.255.255.255",   "10.0.0.0",      "10.0.0.9",       "10.0.1.4",
    "10.0.1.5",       "10.0.1.6",        "10.0.1.255",    "10.0.2.0",       "10.0.255.255",
    "10.1.0.0",       "10.1.255.255",    "10.2.0.0",      "51.255.255.255", "52.0.0.0",
    "52.255.255.255", "53.0.0.0",        "168.63.129.15", "168.63.129.16",  "168.63.129.17",
    "169.254.0.0",    "169.254.169.254", "169.255.0.0",   "172.16.0.1",     "255.255.255.255"};
const uint16_t kPorts[] = {0,   19,  20,  21,  22,  23,  30,   31,   79,   80,   81,
                           399, 400, 443, 500, 501, 999, 1000, 2000, 2001, 65535};

template <typename T, size_t N>
const T& Pick(std::mt19937& rng, const T (&items)[N]) {
  return items[std::uniform_int_distribution<size_t>(0, N - 1)(rng)];
}

// Mostly "*" source ports and often "*" addresses, as real rules are, so rules overlap.
SecurityRule RandomRule(std::mt19937& rng, int id, int priority) {
  auto often = [&](double p, const char* value, const auto& pool) -> std::string {
    return std::bernoulli_distribution(p)(rng) ? value : Pick(rng, pool);
  };
  bool in = std::bernoulli_distribution(0.8)(rng);
  return MakeRule("r" + std::to_string(id), priority, in ? "Inbound" : "Outbound",
                  std::bernoulli_distribution(0.5)(rng) ? "Allow" : "Deny", Pick(rng, kProtocols),
                  often(0.3, "*", kAddressEntries), often(0.8, "*", kPortEntries),
                  often(0.4, "*", kAddressEntries), Pick(rng, kPortEntries));
}

// One random edit: add, remove, re-prioritise, flip access, or replace a field.
void Edit(std::mt19937& rng, std::vector<SecurityRule>* rules, int* next_id) {
  int kind = std::uniform_int_distribution<int>(0, 6)(rng);
  if (rules->empty() || kind == 0) {
    int id = (*next_id)++;
    rules->push_back(RandomRule(rng, id, 100 + 10 * id));
    return;
  }
  size_t i = std::uniform_int_distribution<size_t>(0, rules->size() - 1)(rng);
  SecurityRule& r = (*rules)[i];
  switch (kind) {
    case 1:
      rules->erase(rules->begin() + static_cast<std::ptrdiff_t>(i));
      break;
    case 2:
      // May tie with another moved rule: ties are legal input (input order decides).
      r.priority = 101 + 10 * std::uniform_int_distribution<int>(0, 30)(rng);
      break;
    case 3:
      r.access = r.access == Access::kAllow ? Access::kDeny : Access::kAllow;
      break;
    case 4:  // renumbering that keeps the order changes nothing
      for (SecurityRule& each : *rules) each.priority += 3;
      break;
    case 5:  // two rules swap places
      std::swap(r.priority, (*rules)[rules->size() - 1 - i].priority);
      break;
    default: {
      SecurityRule other = RandomRule(rng, 0, 0);
      r.sources = other.sources;
      r.destination_ports = other.destination_ports;
      r.protocol = other.protocol;
      break;
    }
  }
}

Verdict EvaluateOrAllow(const CompiledNsg* nsg, Direction d, const Flow& flow) {
  if (nsg != nullptr) return nsg->Evaluate(d, flow);
  Verdict allowed;  // no NSG: allowed, VerdictReason::kNoNsg
  allowed.direction = d;
  return allowed;
}

bool SameDecider(const Verdict& a, const Verdict& b) {
  return a.allowed == b.allowed && a.reason == b.reason && a.rule_name == b.rule_name;
}

// Whether `flow` lies in the rule's match space for ordinary (non-platform) addresses.
bool InRule(const CompiledNsg& nsg, const CompiledRule& r, const Flow& flow) {
  auto in = [](const auto& list, auto value) {
    return std::any_of(list.begin(), list.end(), [&](const auto& x) { return x.Contains(value); });
  };
  return (r.protocols & ProtocolBit(flow.protocol)) != 0 && in(nsg.sources(r), flow.source) &&
         in(nsg.destinations(r), flow.destination) && in(nsg.source_ports(r), flow.source_port) &&
         in(nsg.destination_ports(r), flow.destination_port);
}

// Random flows from the boundary grid, plus up to 12 inside each rule of either side (where
// reorderings and overlaps show), found by rejection.
std::vector<Flow> SampleFlows(std::mt19937& rng, const CompiledNsg* before,
                              const CompiledNsg* after, Direction d) {
  const IpProtocol protocols[] = {IpProtocol::kTcp, IpProtocol::kUdp, IpProtocol::kIcmp,
                                  IpProtocol::kEsp, IpProtocol::kAh};
  auto random_flow = [&] {
    return Flow{Ip(Pick(rng, kAddresses)), Pick(rng, kPorts), Ip(Pick(rng, kAddresses)),
                Pick(rng, kPorts), Pick(rng, protocols)};
  };
  std::vector<Flow> flows;
  for (int k = 0; k < 400; ++k) flows.push_back(random_flow());
  for (const CompiledNsg* nsg : {before, after}) {
    if (nsg == nullptr) continue;
    for (const CompiledRule& r : nsg->rules(d)) {
      int found = 0;
      for (int tries = 0; tries < 200 && found < 12; ++tries) {
        Flow flow = random_flow();
        if (InRule(*nsg, r, flow)) flows.push_back(flow), ++found;
      }
    }
  }
  return flows;
}

// Checks one diff against the evaluator on SampleFlows; returns the number of deltas.
size_t CheckAgainstEvaluator(std::mt19937& rng, const CompiledNsg* b, const CompiledNsg* a,
                             Direction d, const DiffOptions& options, int round) {
  NsgDiff diff = DiffNsg(b, a, d, options);
  EXPECT_TRUE(diff.exhaustive);
  for (const FlowDelta& delta : diff.deltas) {
    EXPECT_TRUE(delta.region.Contains(delta.example));
    Verdict vb = EvaluateOrAllow(b, d, delta.example);
    Verdict va = EvaluateOrAllow(a, d, delta.example);
    EXPECT_TRUE(SameDecider(vb, delta.before) && vb.priority == delta.before.priority);
    EXPECT_TRUE(SameDecider(va, delta.after) && va.priority == delta.after.priority);
  }
  for (const Flow& flow : SampleFlows(rng, b, a, d)) {
    Verdict vb = EvaluateOrAllow(b, d, flow);
    Verdict va = EvaluateOrAllow(a, d, flow);
    bool changed =
        vb.allowed != va.allowed || (options.report_rule_changes && !SameDecider(vb, va));
    const FlowDelta* holder = nullptr;
    int holders = 0;
    for (const FlowDelta& delta : diff.deltas) {
      if (delta.region.Contains(flow)) holder = &delta, ++holders;
    }
    EXPECT_EQ(holders, changed ? 1 : 0)
        << "round " << round << " flow " << flow.source.ToString() << ":" << flow.source_port
        << " -> " << flow.destination.ToString() << ":" << flow.destination_port << " "
        << ProtocolName(flow.protocol);
    if (holders != (changed ? 1 : 0)) return diff.deltas.size();  // one report per diff
    if (holder != nullptr) {
      EXPECT_TRUE(SameDecider(vb, holder->before)) << FormatRegion(*holder);
      EXPECT_TRUE(SameDecider(va, holder->after)) << FormatRegion(*holder);
    }
  }
  return diff.deltas.size();
}

ServiceTagContext Context() {
  ServiceTagContext context;
  context.virtual_network = {Cidr("10.0.0.0/16")};
  return context;
}

TEST(NsgDiffPropertyTest, MatchesTheEvaluatorOnFlowsNearEveryBoundary) {
  std::mt19937 rng(20240611);
  ServiceTagContext context = Context();
  size_t deltas_seen = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<SecurityRule> rules;
    int next_id = 0;
    int count = std::uniform_int_distribution<int>(0, 8)(rng);
    for (int k = 0; k < count; ++k) rules.push_back(RandomRule(rng, next_id++, 100 + 10 * k));
    next_id = count;
    CompiledNsg before = CompiledNsg::Compile({"nsg", rules, false}, context);
    int edits = std::uniform_int_distribution<int>(1, 3)(rng);
    for (int k = 0; k < edits; ++k) Edit(rng, &rules, &next_id);
    // Sometimes the sides disagree on the platform addresses (a different context).
    ServiceTagContext after_context = context;
    if (round % 7 == 3) after_context.platform_addresses = {Ip("169.254.169.254")};
    CompiledNsg after = CompiledNsg::Compile({"nsg", rules, false}, after_context);
    // Sometimes one side has no NSG at all.
    int null_side = std::uniform_int_distribution<int>(0, 9)(rng);
    const CompiledNsg* b = null_side == 0 ? nullptr : &before;
    const CompiledNsg* a = null_side == 1 ? nullptr : &after;
    DiffOptions options;
    options.report_rule_changes = round % 3 == 0;
    if (round % 4 == 1) options.max_start_pieces = 0;  // the start-from-everything fallback
    for (Direction d : {Direction::kInbound, Direction::kOutbound}) {
      deltas_seen += CheckAgainstEvaluator(rng, b, a, d, options, round);
    }
  }
  EXPECT_GT(deltas_seen, 300u);  // the edits did change verdicts often enough to test
}

// Only the order changes: every rule keeps its name and match, priorities are shuffled (and
// renumbered), so only the moved rules (shared_rules.h) may be searched.
TEST(NsgDiffPropertyTest, ReorderingsMatchTheEvaluator) {
  std::mt19937 rng(77);
  ServiceTagContext context = Context();
  size_t deltas_seen = 0;
  for (int round = 0; round < 150; ++round) {
    std::vector<SecurityRule> rules;
    std::vector<int> priorities;
    int count = std::uniform_int_distribution<int>(2, 9)(rng);
    for (int k = 0; k < count; ++k) {
      rules.push_back(RandomRule(rng, k, 100 + 10 * k));
      rules.back().direction = Direction::kInbound;
      priorities.push_back(rules.back().priority);
    }
    CompiledNsg before = CompiledNsg::Compile({"nsg", rules, false}, context);
    if (round % 2 == 0) {
      std::shuffle(priorities.begin(), priorities.end(), rng);
    } else {  // move one rule, renumber the rest
      std::rotate(priorities.begin(), priorities.begin() + 1, priorities.end());
    }
    for (int k = 0; k < count; ++k) rules[k].priority = priorities[k] + 1000;
    CompiledNsg after = CompiledNsg::Compile({"nsg", rules, false}, context);
    DiffOptions options;
    options.report_rule_changes = round % 3 == 0;
    deltas_seen += CheckAgainstEvaluator(rng, &before, &after, Direction::kInbound, options, round);
  }
  EXPECT_GT(deltas_seen, 50u);
}

}  // namespace
}  // namespace tunnelsim::nsg
