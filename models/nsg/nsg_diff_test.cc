// Exact NSG differencing: known edits, formatting, null sides and the work bound. The
// randomized comparison against the evaluator is in nsg_diff_property_test.cc.
#include "models/nsg/nsg_diff.h"

#include <gtest/gtest.h>

#include "models/nsg/test_util.h"

namespace tunnelsim::nsg {
namespace {

using testing::Cidr;
using testing::Ip;
using testing::MakeRule;
using testing::TcpFlow;

ServiceTagContext Vnet(bool platform_addresses = true) {
  ServiceTagContext context;
  context.virtual_network = {Cidr("10.0.0.0/16")};
  if (!platform_addresses) context.platform_addresses.clear();
  return context;
}

CompiledNsg Compile(std::vector<SecurityRule> rules, const ServiceTagContext& context = Vnet()) {
  return CompiledNsg::Compile({"nsg", std::move(rules), false}, context);
}

Verdict EvaluateOrAllow(const CompiledNsg* nsg, Direction d, const Flow& flow) {
  if (nsg != nullptr) return nsg->Evaluate(d, flow);
  Verdict allowed;  // no NSG: allowed, VerdictReason::kNoNsg
  allowed.direction = d;
  return allowed;
}

// Every delta's example lies in its region and gets the stated verdicts from both sides.
void ExpectExamplesHold(const NsgDiff& diff, const CompiledNsg* before, const CompiledNsg* after,
                        Direction d = Direction::kInbound) {
  for (const FlowDelta& delta : diff.deltas) {
    EXPECT_TRUE(delta.region.Contains(delta.example)) << FormatRegion(delta);
    Verdict b = EvaluateOrAllow(before, d, delta.example);
    Verdict a = EvaluateOrAllow(after, d, delta.example);
    EXPECT_EQ(b.allowed, delta.before.allowed);
    EXPECT_EQ(b.rule_name, delta.before.rule_name);
    EXPECT_EQ(a.allowed, delta.after.allowed);
    EXPECT_EQ(a.rule_name, delta.after.rule_name);
  }
}

// How many deltas hold `flow` (0 or 1 when the regions are disjoint).
int CountHolding(const NsgDiff& diff, const Flow& flow) {
  int n = 0;
  for (const FlowDelta& delta : diff.deltas) n += delta.region.Contains(flow) ? 1 : 0;
  return n;
}

TEST(NsgDiffTest, AllowSshBeforeDenyAllOpensPort22ExceptWhereVnetRulesAllowedIt) {
  ServiceTagContext context = Vnet(/*platform_addresses=*/false);
  CompiledNsg before = Compile({}, context);
  CompiledNsg after =
      Compile({MakeRule("AllowSsh", 300, "Inbound", "Allow", "Tcp", "*", "*", "*", "22")}, context);
  NsgDiff diff = DiffNsg(&before, &after, Direction::kInbound);
  ASSERT_FALSE(diff.deltas.empty());
  EXPECT_TRUE(diff.exhaustive);
  for (const FlowDelta& delta : diff.deltas) {
    EXPECT_EQ(delta.before.rule_name, "DenyAllInBound");
    EXPECT_FALSE(delta.before.allowed);
    EXPECT_EQ(delta.after.rule_name, "AllowSsh");
    EXPECT_EQ(delta.region.protocols, std::vector<IpProtocol>{IpProtocol::kTcp});
    EXPECT_EQ(delta.region.destination_ports, std::vector<PortRange>{PortRange::Single(22)});
  }
  ExpectExamplesHold(diff, &before, &after);
  // Opened exactly: TCP to 22, unless VNet -> VNet (AllowVnetInBound) or from the load
  // balancer's address (AllowAzureLoadBalancerInBound; also in VirtualNetwork).
  const char* addresses[] = {"0.0.0.0",  "9.255.255.255",  "10.0.0.0",      "10.0.255.255",
                             "10.1.0.0", "168.63.129.15",  "168.63.129.16", "168.63.129.17",
                             "52.1.2.3", "255.255.255.255"};
  auto in_vnet = [](Ipv4Address a) {
    return Cidr("10.0.0.0/16").Contains(a) || a == Ip("168.63.129.16");
  };
  for (const char* s : addresses) {
    for (const char* d : addresses) {
      for (uint16_t port : {21, 22, 23}) {
        Flow flow = TcpFlow(s, 50000, d, port);
        bool opened = port == 22 && !(in_vnet(flow.source) && in_vnet(flow.destination)) &&
                      flow.source != Ip("168.63.129.16");
        EXPECT_EQ(CountHolding(diff, flow), opened ? 1 : 0) << s << " -> " << d << ":" << port;
      }
    }
  }
  Flow udp = TcpFlow("52.1.2.3", 50000, "10.0.0.4", 22);
  udp.protocol = IpProtocol::kUdp;
  EXPECT_EQ(CountHolding(diff, udp), 0);
}

TEST(NsgDiffTest, AllowFromInternetReadsAsOneRegionWithTagNames) {
  ServiceTagContext context = Vnet();
  CompiledNsg before = Compile({}, context);
  CompiledNsg after = Compile(
      {MakeRule("AllowSsh", 300, "Inbound", "Allow", "Tcp", "Internet", "*", "*", "22")}, context);
  NsgDiff diff = DiffNsg(&before, &after, Direction::kInbound);
  ASSERT_EQ(diff.deltas.size(), 1u);
  std::vector<AddressName> names = ServiceTagNames(context);
  // Platform addresses are not filtered unless a tag targets them, so "*" as a destination
  // does not reach them (evaluator.h).
  EXPECT_EQ(FormatRegion(diff.deltas[0], names),
            "Tcp Internet:* -> * except 168.63.129.16,169.254.169.254:22");
  EXPECT_EQ(FormatVerdict(diff.deltas[0].before), "Deny by DenyAllInBound (65500)");
  EXPECT_EQ(FormatVerdict(diff.deltas[0].after), "Allow by AllowSsh (300)");
  // A typical example: not a network address, TCP, the opened port, an ephemeral source port.
  const Flow& e = diff.deltas[0].example;
  EXPECT_EQ(e.source, Ip("1.0.0.1"));
  EXPECT_EQ(e.destination, Ip("1.0.0.1"));
  EXPECT_EQ(e.destination_port, 22);
  EXPECT_EQ(e.source_port, 49152);
  ExpectExamplesHold(diff, &before, &after);
}

TEST(NsgDiffTest, MovingADenyAboveAnAllowClosesExactlyItsOverlap) {
  SecurityRule allow =
      MakeRule("AllowApp", 200, "Inbound", "Allow", "Tcp", "10.1.0.0/16", "*", "*", "443,8443");
  SecurityRule deny =
      MakeRule("DenyLab", 300, "Inbound", "Deny", "Tcp", "10.1.2.0/24", "*", "*", "400-450");
  CompiledNsg before = Compile({allow, deny});
  deny.priority = 150;
  CompiledNsg after = Compile({allow, deny});
  NsgDiff diff = DiffNsg(&before, &after, Direction::kInbound);
  ASSERT_EQ(diff.deltas.size(), 1u);
  const FlowDelta& d = diff.deltas[0];
  EXPECT_EQ(FormatRegion(d), "Tcp 10.1.2.0/24:* -> * except 168.63.129.16,169.254.169.254:443");
  EXPECT_EQ(d.before.rule_name, "AllowApp");
  EXPECT_EQ(d.after.rule_name, "DenyLab");
  EXPECT_EQ(d.after.priority, 150);
  ExpectExamplesHold(diff, &before, &after);
  // Back again: the same region, verdicts swapped.
  NsgDiff back = DiffNsg(&after, &before, Direction::kInbound);
  ASSERT_EQ(back.deltas.size(), 1u);
  EXPECT_EQ(FormatRegion(back.deltas[0]), FormatRegion(d));
  EXPECT_EQ(back.deltas[0].before.rule_name, "DenyLab");
}

TEST(NsgDiffTest, RemovingADenyOpensWhatTheNextRulesAllow) {
  SecurityRule deny = MakeRule("DenyKubelet", 100, "Inbound", "Deny", "Tcp", "10.0.5.0/24", "*",
                               "10.0.0.0/16", "10250");
  CompiledNsg before = Compile({deny}, Vnet(false));
  CompiledNsg after = Compile({}, Vnet(false));
  NsgDiff diff = DiffNsg(&before, &after, Direction::kInbound);
  ASSERT_EQ(diff.deltas.size(), 1u);
  EXPECT_EQ(FormatRegion(diff.deltas[0]), "Tcp 10.0.5.0/24:* -> 10.0.0.0/16:10250");
  EXPECT_EQ(diff.deltas[0].before.rule_name, "DenyKubelet");
  EXPECT_EQ(diff.deltas[0].after.rule_name, "AllowVnetInBound");
  EXPECT_TRUE(diff.deltas[0].after.is_default);
  const Flow& e = diff.deltas[0].example;
  EXPECT_EQ(e.source, Ip("10.0.5.1"));  // not the .0 network address
  EXPECT_EQ(e.source_port, 49152);
  EXPECT_EQ(e.destination, Ip("10.0.0.1"));
  EXPECT_EQ(e.destination_port, 10250);
  ExpectExamplesHold(diff, &before, &after);
}

TEST(NsgDiffTest, IdenticalOrReorderedOrRedundantEditsChangeNothing) {
  std::vector<SecurityRule> rules = {
      MakeRule("A", 100, "Inbound", "Allow", "Tcp", "*", "*", "*", "443"),
      MakeRule("B", 200, "Inbound", "Deny", "Udp", "10.0.0.0/8", "*", "*", "*"),
  };
  CompiledNsg before = Compile(rules);
  std::swap(rules[0], rules[1]);
  CompiledNsg reordered = Compile(rules);
  EXPECT_TRUE(DiffNsg(&before, &before, Direction::kInbound).deltas.empty());
  EXPECT_TRUE(DiffNsg(&before, &reordered, Direction::kInbound).deltas.empty());
  // A changed rule that decides nothing differently (a VNet allow under AllowVnetInBound) is
  // searched but yields no delta.
  rules.push_back(
      MakeRule("C", 300, "Inbound", "Allow", "*", "VirtualNetwork", "*", "VirtualNetwork", "*"));
  CompiledNsg redundant = Compile(rules);
  NsgDiff diff = DiffNsg(&before, &redundant, Direction::kInbound);
  EXPECT_TRUE(diff.deltas.empty());
  EXPECT_GT(diff.boxes_examined, 0u);
  // ... unless rule changes are asked for too.
  DiffOptions options;
  options.report_rule_changes = true;
  NsgDiff changes = DiffNsg(&before, &redundant, Direction::kInbound, options);
  ASSERT_FALSE(changes.deltas.empty());
  for (const FlowDelta& d : changes.deltas) {
    EXPECT_EQ(d.before.rule_name, "AllowVnetInBound");
    EXPECT_EQ(d.after.rule_name, "C");
  }
  // The other direction is untouched.
  EXPECT_TRUE(DiffNsg(&before, &redundant, Direction::kOutbound).deltas.empty());
}

TEST(NsgDiffTest, AssociatingAnNsgShowsEverythingItDenies) {
  CompiledNsg nsg = Compile(
      {MakeRule("AllowHttps", 100, "Inbound", "Allow", "Tcp", "*", "*", "*", "443")}, Vnet(false));
  NsgDiff diff = DiffNsg(nullptr, &nsg, Direction::kInbound);
  ASSERT_FALSE(diff.deltas.empty());
  EXPECT_TRUE(diff.exhaustive);
  for (const FlowDelta& d : diff.deltas) {
    EXPECT_EQ(d.before.reason, VerdictReason::kNoNsg);
    EXPECT_TRUE(d.before.allowed);
    EXPECT_EQ(d.after.rule_name, "DenyAllInBound");
  }
  ExpectExamplesHold(diff, nullptr, &nsg);
  EXPECT_EQ(CountHolding(diff, TcpFlow("52.1.2.3", 50000, "10.0.0.4", 443)), 0);
  EXPECT_EQ(CountHolding(diff, TcpFlow("52.1.2.3", 50000, "10.0.0.4", 444)), 1);
  EXPECT_EQ(CountHolding(diff, TcpFlow("10.0.0.5", 50000, "10.0.0.4", 444)), 0);  // VNet
  // Removing it: the same flows, the other way round.
  NsgDiff removed = DiffNsg(&nsg, nullptr, Direction::kInbound);
  ASSERT_EQ(removed.deltas.size(), diff.deltas.size());
  for (const FlowDelta& d : removed.deltas) EXPECT_EQ(d.after.reason, VerdictReason::kNoNsg);
  EXPECT_TRUE(DiffNsg(nullptr, nullptr, Direction::kInbound).deltas.empty());
}

TEST(NsgDiffTest, PlatformAddressesSeeOnlyServiceTagEntries) {
  // Denying the AzureLoadBalancer tag changes the health probe source; denying "*" does not.
  CompiledNsg before = Compile({});
  CompiledNsg tag = Compile(
      {MakeRule("DenyLb", 100, "Inbound", "Deny", "*", "AzureLoadBalancer", "*", "*", "*")});
  NsgDiff diff = DiffNsg(&before, &tag, Direction::kInbound);
  Flow probe = TcpFlow("168.63.129.16", 50000, "10.0.0.4", 80);
  EXPECT_EQ(CountHolding(diff, probe), 1);
  ExpectExamplesHold(diff, &before, &tag);
  CompiledNsg star =
      Compile({MakeRule("DenyIn", 100, "Inbound", "Deny", "*", "168.63.129.16", "*", "*", "*")});
  EXPECT_TRUE(DiffNsg(&before, &star, Direction::kInbound).deltas.empty());
}

TEST(NsgDiffTest, WorkBoundStopsAndSaysSo) {
  std::vector<SecurityRule> rules;
  for (int i = 0; i < 40; ++i) {
    rules.push_back(MakeRule("R" + std::to_string(i), 100 + i, "Inbound", i % 2 ? "Allow" : "Deny",
                             "Tcp", "10.0." + std::to_string(i) + ".0/24", "*", "*",
                             std::to_string(1000 + i)));
  }
  CompiledNsg nsg = Compile(rules);
  DiffOptions options;
  options.max_boxes = 10;
  NsgDiff diff = DiffNsg(nullptr, &nsg, Direction::kInbound, options);
  EXPECT_FALSE(diff.exhaustive);
  EXPECT_EQ(diff.boxes_examined, 10u);
  ExpectExamplesHold(diff, nullptr, &nsg);
  EXPECT_TRUE(DiffNsg(nullptr, &nsg, Direction::kInbound).exhaustive);
}

TEST(NsgDiffTest, FormatsRangesPortlessProtocolsAndComplements) {
  FlowDelta d;
  d.region.protocols = {IpProtocol::kIcmp};
  d.region.sources = {{Ip("10.0.0.0"), Ip("10.0.0.255")}, {Ip("10.0.1.7"), Ip("10.0.1.9")}};
  d.region.destinations = {Ipv4Range::All()};
  d.region.source_ports = d.region.destination_ports = {PortRange::All()};
  EXPECT_EQ(FormatRegion(d), "Icmp 10.0.0.0/24,10.0.1.7-10.0.1.9 -> *");
  d.region.protocols = {IpProtocol::kTcp, IpProtocol::kUdp, IpProtocol::kIcmp, IpProtocol::kEsp,
                        IpProtocol::kAh};
  d.region.sources = {{Ip("0.0.0.0"), Ip("9.255.255.255")},
                      {Ip("11.0.0.0"), Ip("255.255.255.255")}};
  d.region.destination_ports = {{22, 22}, {80, 90}};
  EXPECT_EQ(FormatRegion(d), "* * except 10.0.0.0/8:* -> *:22,80-90");
  std::vector<AddressName> names = {{"Lab", {{Ip("10.0.0.0"), Ip("10.255.255.255")}}}};
  EXPECT_EQ(FormatRegion(d, names), "* * except Lab:* -> *:22,80-90");
}

}  // namespace
}  // namespace tunnelsim::nsg
