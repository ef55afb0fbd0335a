#include "models/nsg/suggest.h"

#include <gtest/gtest.h>

#include "models/nsg/test_util.h"

namespace tunnelsim::nsg {
namespace {

using testing::Cidr;
using testing::MakeRule;
using testing::TcpFlow;

ServiceTagContext Vnet() {
  ServiceTagContext context;
  context.virtual_network = {Cidr("10.224.0.0/12")};
  return context;
}

const Flow kKubelet = TcpFlow("10.224.0.4", 40000, "10.224.0.5", 10250);

Verdict Blocking(const NetworkSecurityGroup& nsg, const CompiledNsg& compiled,
                 const Flow& flow = kKubelet) {
  Verdict v = compiled.Evaluate(Direction::kInbound, flow);
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.nsg_name, nsg.name);
  return v;
}

// Applies `rule` and re-evaluates: the fix must let the flow through, and by that rule.
void ExpectFixes(NetworkSecurityGroup nsg, const SecurityRule& rule, const Flow& flow) {
  nsg.rules.push_back(rule);
  CompiledNsg compiled = CompiledNsg::Compile(nsg, Vnet());  // verdicts refer into it
  Verdict after = compiled.Evaluate(rule.direction, flow);
  EXPECT_TRUE(after.allowed);
  EXPECT_EQ(after.rule_name, rule.name);
}

TEST(SuggestTest, ArticleCauseOneAllowsKubeletFromTheVnetJustAboveTheDeny) {
  NetworkSecurityGroup nsg{
      "aks-subnet-nsg",
      {MakeRule("deny-ports", 300, "Inbound", "Deny", "Tcp", "*", "*", "*", "10000-11000")},
      false};
  CompiledNsg compiled = CompiledNsg::Compile(nsg, Vnet());
  auto rule = SuggestAllowRule(nsg, Blocking(nsg, compiled), kKubelet, Vnet());
  ASSERT_TRUE(rule.ok()) << rule.status().message();
  EXPECT_EQ(rule->name, "allow-tcp-10250-inbound");
  EXPECT_EQ(rule->priority, 299);
  EXPECT_EQ(rule->direction, Direction::kInbound);
  EXPECT_EQ(rule->access, Access::kAllow);
  EXPECT_EQ(rule->protocol, RuleProtocol::kTcp);
  EXPECT_EQ(FormatAddresses(rule->sources), "VirtualNetwork");
  EXPECT_EQ(FormatAddresses(rule->destinations), "VirtualNetwork");
  EXPECT_EQ(FormatPorts(rule->source_ports), "*");
  EXPECT_EQ(FormatPorts(rule->destination_ports), "10250");
  EXPECT_EQ(rule->description, "Allows Tcp 10250 ahead of deny-ports (300)");
  ExpectFixes(nsg, *rule, kKubelet);
}

TEST(SuggestTest, SubnetScopeNarrowsTheDestination) {
  NetworkSecurityGroup nsg{
      "nsg", {MakeRule("deny", 300, "Inbound", "Deny", "Tcp", "*", "*", "*", "10250")}, false};
  CompiledNsg compiled = CompiledNsg::Compile(nsg, Vnet());
  SuggestionScope scope;
  scope.destination_prefix = Cidr("10.224.0.0/16");
  auto rule = SuggestAllowRule(nsg, Blocking(nsg, compiled), kKubelet, Vnet(), scope);
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(FormatAddresses(rule->destinations), "10.224.0.0/16");
  EXPECT_EQ(FormatAddresses(rule->sources), "VirtualNetwork");
  scope.destination_prefix = Cidr("10.225.0.0/16");
  EXPECT_EQ(
      SuggestAllowRule(nsg, Blocking(nsg, compiled), kKubelet, Vnet(), scope).status().message(),
      "destination scope 10.225.0.0/16 does not hold the flow's destination 10.224.0.5; "
      "expected a prefix that does");
}

TEST(SuggestTest, AddressOutsideTheVnetBecomesAHostPrefix) {
  NetworkSecurityGroup nsg{"nsg", {}, false};
  CompiledNsg compiled = CompiledNsg::Compile(nsg, Vnet());
  Flow from_outside = TcpFlow("203.0.113.9", 40000, "10.224.0.5", 443);
  auto rule = SuggestAllowRule(nsg, Blocking(nsg, compiled, from_outside), from_outside, Vnet());
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(FormatAddresses(rule->sources), "203.0.113.9");
  EXPECT_EQ(rule->sources[0].prefix.length(), 32);
  ExpectFixes(nsg, *rule, from_outside);
}

TEST(SuggestTest, SkipsTakenPrioritiesBelowTheBlocker) {
  NetworkSecurityGroup nsg{"nsg",
                           {MakeRule("deny", 300, "Inbound", "Deny", "Tcp", "*", "*", "*", "10250"),
                            MakeRule("x299", 299, "Inbound", "Deny", "Tcp", "*", "*", "*", "1"),
                            MakeRule("x298", 298, "Inbound", "Deny", "Tcp", "*", "*", "*", "2"),
                            MakeRule("out297", 297, "Outbound", "Deny", "Tcp", "*", "*", "*", "3")},
                           false};
  CompiledNsg compiled = CompiledNsg::Compile(nsg, Vnet());
  auto priority = ChooseAllowPriority(nsg, Blocking(nsg, compiled));
  ASSERT_TRUE(priority.ok());
  EXPECT_EQ(*priority, 297);  // an Outbound rule does not take an Inbound number
}

TEST(SuggestTest, BlockerAtOneHundredLeavesNoFreePriority) {
  NetworkSecurityGroup nsg{
      "nsg", {MakeRule("deny", 100, "Inbound", "Deny", "Tcp", "*", "*", "*", "10250")}, false};
  CompiledNsg compiled = CompiledNsg::Compile(nsg, Vnet());
  auto rule = SuggestAllowRule(nsg, Blocking(nsg, compiled), kKubelet, Vnet());
  ASSERT_FALSE(rule.ok());
  EXPECT_EQ(rule.status().code(), Status::Code::kOutOfRange);
  EXPECT_EQ(rule.status().message(),
            "no free priority below 100 for Inbound rules of 'nsg'; expected a free number from "
            "100 up, so renumber rules to make room");
}

TEST(SuggestTest, EveryNumberBelowTheBlockerTaken) {
  NetworkSecurityGroup nsg{"nsg", {}, false};
  for (int p = 100; p <= 102; ++p) {
    nsg.rules.push_back(MakeRule("r" + std::to_string(p), p, "Inbound", "Deny", "Tcp", "*", "*",
                                 "*", std::to_string(p)));
  }
  nsg.rules.push_back(MakeRule("deny", 103, "Inbound", "Deny", "Tcp", "*", "*", "*", "10250"));
  CompiledNsg compiled = CompiledNsg::Compile(nsg, Vnet());
  EXPECT_EQ(ChooseAllowPriority(nsg, Blocking(nsg, compiled)).status().message(),
            "no free priority below 103 for Inbound rules of 'nsg'; expected a free number from "
            "100 up, so renumber rules to make room");
}

TEST(SuggestTest, DefaultDenyBlockTakesTheHighestFreeCustomPriority) {
  NetworkSecurityGroup nsg{
      "nsg",
      {MakeRule("deny-all-in", 4096, "Inbound", "Deny", "Tcp", "8.8.8.8", "*", "*", "*"),
       MakeRule("x", 4095, "Inbound", "Allow", "Tcp", "*", "*", "*", "1")},
      false};
  CompiledNsg compiled = CompiledNsg::Compile(nsg, Vnet());
  Flow from_outside = TcpFlow("203.0.113.9", 40000, "10.224.0.5", 10250);
  Verdict blocking = Blocking(nsg, compiled, from_outside);
  EXPECT_EQ(blocking.rule_name, "DenyAllInBound");
  auto rule = SuggestAllowRule(nsg, blocking, from_outside, Vnet());
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->priority, 4094);
  ExpectFixes(nsg, *rule, from_outside);
}

TEST(SuggestTest, NamesAreUniqueAndPortlessProtocolsUseAllPorts) {
  NetworkSecurityGroup nsg{
      "nsg",
      {MakeRule("allow-icmp-inbound", 100, "Inbound", "Allow", "Tcp", "*", "*", "*", "1")},
      false};
  CompiledNsg compiled = CompiledNsg::Compile(nsg, Vnet());
  Flow ping{testing::Ip("203.0.113.9"), 0, testing::Ip("10.224.0.5"), 0, IpProtocol::kIcmp};
  auto rule = SuggestAllowRule(nsg, Blocking(nsg, compiled, ping), ping, Vnet());
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->name, "allow-icmp-inbound-2");
  EXPECT_EQ(rule->protocol, RuleProtocol::kIcmp);
  EXPECT_EQ(FormatPorts(rule->destination_ports), "*");
  ExpectFixes(nsg, *rule, ping);
}

TEST(SuggestTest, RejectsVerdictsThatDoNotBlockOrComeFromElsewhere) {
  NetworkSecurityGroup nsg{"nsg", {}, false};
  CompiledNsg compiled = CompiledNsg::Compile(nsg, Vnet());
  Verdict allowed = compiled.Evaluate(Direction::kInbound, kKubelet);
  ASSERT_TRUE(allowed.allowed);
  EXPECT_EQ(SuggestAllowRule(nsg, allowed, kKubelet, Vnet()).status().message(),
            "the flow is allowed by 'nsg'; expected a verdict that denies it");
  NetworkSecurityGroup other{"other", {}, false};
  Verdict denied = compiled.Evaluate(Direction::kInbound, TcpFlow("8.8.8.8", 1, "10.224.0.5", 1));
  EXPECT_EQ(SuggestAllowRule(other, denied, kKubelet, Vnet()).status().message(),
            "the verdict comes from network security group 'nsg'; expected one from 'other'");
  denied.is_default = false;
  denied.rule_name = "gone";
  EXPECT_EQ(SuggestAllowRule(nsg, denied, kKubelet, Vnet()).status().message(),
            "rule 'gone' is not an Inbound rule of 'nsg'; expected the verdict's rule to be in "
            "the NSG");
}

}  // namespace
}  // namespace tunnelsim::nsg
