#include "models/nsg/evaluator.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "models/nsg/test_util.h"

namespace tunnelsim::nsg {
namespace {

using testing::Cidr;
using testing::Ip;
using testing::MakeRule;
using testing::TcpFlow;

ServiceTagContext Vnet() {
  ServiceTagContext context;
  context.virtual_network = {Cidr("10.224.0.0/12")};
  return context;
}

CompiledNsg Compile(std::vector<SecurityRule> rules) {
  return CompiledNsg::Compile({"nsg", std::move(rules), false}, Vnet());
}

void ExpectDecided(const Verdict& v, bool allowed, std::string_view rule, int priority) {
  EXPECT_EQ(v.reason, VerdictReason::kRule);
  EXPECT_EQ(v.allowed, allowed);
  EXPECT_EQ(v.rule_name, rule);
  EXPECT_EQ(v.priority, priority);
}

TEST(EvaluatorTest, EmptyNsgFallsToTheDefaultRules) {
  CompiledNsg nsg = Compile({});
  auto in = Direction::kInbound;
  auto out = Direction::kOutbound;
  Verdict vnet = nsg.Evaluate(in, TcpFlow("10.224.0.4", 40000, "10.224.0.5", 10250));
  ExpectDecided(vnet, true, "AllowVnetInBound", 65000);
  EXPECT_TRUE(vnet.is_default);
  EXPECT_EQ(vnet.nsg_name, "nsg");
  EXPECT_EQ(vnet.direction, in);
  ExpectDecided(nsg.Evaluate(in, TcpFlow("8.8.8.8", 40000, "10.224.0.5", 22)), false,
                "DenyAllInBound", 65500);
  ExpectDecided(nsg.Evaluate(out, TcpFlow("10.224.0.4", 40000, "20.61.10.5", 443)), true,
                "AllowInternetOutBound", 65001);
  ExpectDecided(nsg.Evaluate(out, TcpFlow("10.224.0.4", 40000, "10.224.9.9", 10250)), true,
                "AllowVnetOutBound", 65000);
  // Private space outside the VNet is neither VirtualNetwork nor Internet.
  ExpectDecided(nsg.Evaluate(out, TcpFlow("10.224.0.4", 40000, "192.168.0.1", 443)), false,
                "DenyAllOutBound", 65500);
}

TEST(EvaluatorTest, CustomRuleBeatsDefaultsAndFirstMatchWins) {
  CompiledNsg nsg = Compile({
      MakeRule("deny-kubelet", 200, "Inbound", "Deny", "Tcp", "*", "*", "*", "10250"),
      MakeRule("allow-agent", 150, "Inbound", "Allow", "Tcp", "10.224.0.4", "*", "*", "10250"),
  });
  auto flow = TcpFlow("10.224.0.4", 40000, "10.224.0.5", 10250);
  ExpectDecided(nsg.Evaluate(Direction::kInbound, flow), true, "allow-agent", 150);
  flow.source = Ip("10.224.0.6");
  ExpectDecided(nsg.Evaluate(Direction::kInbound, flow), false, "deny-kubelet", 200);
  flow.destination_port = 10255;
  ExpectDecided(nsg.Evaluate(Direction::kInbound, flow), true, "AllowVnetInBound", 65000);
  // An inbound rule never decides outbound traffic.
  ExpectDecided(
      nsg.Evaluate(Direction::kOutbound, TcpFlow("10.224.0.6", 40000, "10.224.0.5", 10250)), true,
      "AllowVnetOutBound", 65000);
}

TEST(EvaluatorTest, PriorityOrderDoesNotDependOnInputOrder) {
  std::vector<SecurityRule> rules = {
      MakeRule("a", 300, "Inbound", "Allow", "Tcp", "*", "*", "*", "1-1000"),
      MakeRule("b", 100, "Inbound", "Deny", "Tcp", "*", "*", "*", "500-600"),
      MakeRule("c", 200, "Inbound", "Allow", "Tcp", "*", "*", "*", "550"),
      MakeRule("d", 4096, "Inbound", "Deny", "*", "*", "*", "*", "*"),
  };
  std::sort(rules.begin(), rules.end(),
            [](const SecurityRule& x, const SecurityRule& y) { return x.name < y.name; });
  do {
    CompiledNsg nsg = Compile(rules);
    ExpectDecided(nsg.Evaluate(Direction::kInbound, TcpFlow("1.2.3.4", 1, "10.224.0.5", 550)),
                  false, "b", 100);
    ExpectDecided(nsg.Evaluate(Direction::kInbound, TcpFlow("1.2.3.4", 1, "10.224.0.5", 700)), true,
                  "a", 300);
    ExpectDecided(nsg.Evaluate(Direction::kInbound, TcpFlow("10.224.0.4", 1, "10.224.0.5", 2000)),
                  false, "d", 4096);
  } while (std::next_permutation(
      rules.begin(), rules.end(),
      [](const SecurityRule& x, const SecurityRule& y) { return x.name < y.name; }));
}

TEST(EvaluatorTest, AugmentedRulesMatchAnyListEntry) {
  CompiledNsg nsg =
      Compile({MakeRule("lists", 100, "Inbound", "Allow", "Tcp", "203.0.113.0/28, 198.51.100.7",
                        "*", "10.224.0.0/24,10.224.2.0/24", "22, 80, 10000-10005")});
  auto allowed = [&](std::string_view src, std::string_view dst, uint16_t port) {
    return nsg.Evaluate(Direction::kInbound, TcpFlow(src, 50000, dst, port)).allowed;
  };
  EXPECT_TRUE(allowed("203.0.113.15", "10.224.0.9", 22));
  EXPECT_TRUE(allowed("198.51.100.7", "10.224.2.1", 10005));
  EXPECT_TRUE(allowed("198.51.100.7", "10.224.2.1", 10000));
  EXPECT_FALSE(allowed("198.51.100.7", "10.224.2.1", 10006));
  EXPECT_FALSE(allowed("198.51.100.7", "10.224.2.1", 443));
  EXPECT_FALSE(allowed("203.0.113.16", "10.224.0.9", 22));
  EXPECT_FALSE(allowed("198.51.100.7", "10.224.1.1", 22));
}

TEST(EvaluatorTest, SourcePortsAreMatchedToo) {
  CompiledNsg nsg =
      Compile({MakeRule("from-53", 100, "Inbound", "Allow", "Udp", "*", "53", "*", "*")});
  Flow dns{Ip("8.8.8.8"), 53, Ip("10.224.0.5"), 33000, IpProtocol::kUdp};
  ExpectDecided(nsg.Evaluate(Direction::kInbound, dns), true, "from-53", 100);
  dns.source_port = 54;
  ExpectDecided(nsg.Evaluate(Direction::kInbound, dns), false, "DenyAllInBound", 65500);
}

TEST(EvaluatorTest, ProtocolMatching) {
  CompiledNsg nsg = Compile({
      MakeRule("udp-1194", 100, "Outbound", "Deny", "Udp", "*", "*", "*", "1194"),
      MakeRule("any-443", 110, "Outbound", "Deny", "*", "*", "*", "*", "443"),
      MakeRule("icmp", 120, "Outbound", "Deny", "Icmp", "*", "*", "*", "*"),
      MakeRule("any-all", 130, "Outbound", "Deny", "Any", "*", "*", "20.0.0.0/8", "*"),
  });
  auto out = Direction::kOutbound;
  Flow f{Ip("10.224.0.4"), 40000, Ip("20.61.10.5"), 1194, IpProtocol::kUdp};
  ExpectDecided(nsg.Evaluate(out, f), false, "udp-1194", 100);
  f.protocol = IpProtocol::kTcp;  // Tcp 1194 is not Udp 1194
  ExpectDecided(nsg.Evaluate(out, f), false, "any-all", 130);
  f.destination_port = 443;
  ExpectDecided(nsg.Evaluate(out, f), false, "any-443", 110);
  f.protocol = IpProtocol::kIcmp;  // a port rule never matches a ping, even with protocol Any
  ExpectDecided(nsg.Evaluate(out, f), false, "icmp", 120);
  f.protocol = IpProtocol::kEsp;  // Any covers ESP and AH
  ExpectDecided(nsg.Evaluate(out, f), false, "any-all", 130);
  f.protocol = IpProtocol::kAh;
  f.destination = Ip("8.8.8.8");
  ExpectDecided(nsg.Evaluate(out, f), true, "AllowInternetOutBound", 65001);
}

TEST(EvaluatorTest, ServiceTagsInCustomRules) {
  CompiledNsg nsg = Compile({
      MakeRule("deny-lb", 100, "Inbound", "Deny", "*", "AzureLoadBalancer", "*", "*", "*"),
      MakeRule("allow-internet-443", 110, "Inbound", "Allow", "Tcp", "Internet", "*",
               "VirtualNetwork", "443"),
      MakeRule("deny-vnet-22", 120, "Inbound", "Deny", "Tcp", "VirtualNetwork", "*", "*", "22"),
  });
  auto in = Direction::kInbound;
  ExpectDecided(nsg.Evaluate(in, TcpFlow("168.63.129.16", 1, "10.224.0.5", 80)), false, "deny-lb",
                100);
  ExpectDecided(nsg.Evaluate(in, TcpFlow("20.1.1.1", 1, "10.224.0.5", 443)), true,
                "allow-internet-443", 110);
  ExpectDecided(nsg.Evaluate(in, TcpFlow("10.0.0.1", 1, "10.224.0.5", 443)), false,
                "DenyAllInBound", 65500);  // private, outside the VNet: not Internet
  ExpectDecided(nsg.Evaluate(in, TcpFlow("10.230.0.1", 1, "10.224.0.5", 22)), false, "deny-vnet-22",
                120);
}

TEST(EvaluatorTest, PlatformAddressesAreOnlyFilteredThroughServiceTags) {
  CompiledNsg nsg = Compile({
      MakeRule("deny-all-in", 100, "Inbound", "Deny", "*", "*", "*", "*", "*"),
      MakeRule("deny-all-out", 100, "Outbound", "Deny", "*", "*", "*", "*", "*"),
  });
  // A probe from 168.63.129.16: "*" does not target it; VirtualNetwork (default rule) does.
  ExpectDecided(nsg.Evaluate(Direction::kInbound, TcpFlow("168.63.129.16", 1, "10.224.0.5", 80)),
                true, "AllowVnetInBound", 65000);
  // IMDS: no rule targets it through a tag, so no rule filters it.
  Verdict imds =
      nsg.Evaluate(Direction::kOutbound, TcpFlow("10.224.0.5", 40000, "169.254.169.254", 80));
  EXPECT_TRUE(imds.allowed);
  EXPECT_EQ(imds.reason, VerdictReason::kPlatformAddress);
  EXPECT_EQ(imds.rule_name, "");
  // Ordinary addresses still hit the custom deny.
  ExpectDecided(nsg.Evaluate(Direction::kInbound, TcpFlow("10.224.0.4", 1, "10.224.0.5", 80)),
                false, "deny-all-in", 100);
}

TEST(EvaluatorTest, AServiceTagCanTargetAPlatformAddress) {
  CompiledNsg nsg = Compile({MakeRule("deny-vnet-dns", 100, "Outbound", "Deny", "Udp", "*", "*",
                                      "VirtualNetwork", "53")});
  Flow dns{Ip("10.224.0.5"), 40000, Ip("168.63.129.16"), 53, IpProtocol::kUdp};
  ExpectDecided(nsg.Evaluate(Direction::kOutbound, dns), false, "deny-vnet-dns", 100);
  ServiceTagContext no_exemption = Vnet();
  no_exemption.platform_addresses.clear();
  CompiledNsg strict = CompiledNsg::Compile(
      {"strict", {MakeRule("deny-all", 100, "Outbound", "Deny", "*", "*", "*", "*", "*")}, false},
      no_exemption);
  ExpectDecided(strict.Evaluate(Direction::kOutbound, dns), false, "deny-all", 100);
}

TEST(EvaluatorTest, VerdictNamesSurviveAMoveOfTheCompiledNsg) {
  std::vector<CompiledNsg> nsgs;
  nsgs.push_back(Compile({MakeRule("a-rule-with-a-long-name-beyond-sso", 100, "Inbound", "Deny",
                                   "*", "*", "*", "*", "*")}));
  Verdict v = nsgs[0].Evaluate(Direction::kInbound, TcpFlow("1.1.1.1", 1, "10.224.0.5", 80));
  for (int i = 0; i < 16; ++i) nsgs.push_back(Compile({}));  // forces reallocation
  EXPECT_EQ(v.rule_name, "a-rule-with-a-long-name-beyond-sso");
  EXPECT_EQ(v.nsg_name, "nsg");
}

TEST(EvaluatorTest, CompiledRulesAreSortedWithDefaultsLast) {
  CompiledNsg nsg = Compile({MakeRule("z", 4096, "Inbound", "Deny", "Tcp", "*", "*", "*", "1"),
                             MakeRule("y", 100, "Inbound", "Deny", "Tcp", "*", "*", "*", "2")});
  auto rules = nsg.rules(Direction::kInbound);
  ASSERT_EQ(rules.size(), 5u);
  EXPECT_EQ(nsg.rule_name(rules[0]), "y");
  EXPECT_EQ(nsg.rule_name(rules[1]), "z");
  EXPECT_EQ(nsg.rule_name(rules[2]), "AllowVnetInBound");
  EXPECT_EQ(nsg.rule_name(rules[4]), "DenyAllInBound");
  EXPECT_EQ(nsg.rules(Direction::kOutbound).size(), 3u);
}

}  // namespace
}  // namespace tunnelsim::nsg
