#include "models/nsg/shadow.h"

#include <gtest/gtest.h>

#include "models/nsg/test_util.h"

namespace tunnelsim::nsg {
namespace {

using testing::Cidr;
using testing::MakeRule;

using Names = std::vector<std::string_view>;

ServiceTagContext Vnet() {
  ServiceTagContext context;
  context.virtual_network = {Cidr("10.0.0.0/16")};
  return context;
}

// The finding for `name`; fails the test if there is none.
RuleFinding Find(const std::vector<RuleFinding>& findings, std::string_view name) {
  for (const RuleFinding& f : findings) {
    if (f.rule_name == name) return f;
  }
  ADD_FAILURE() << "no finding for " << name;
  return {};
}

struct Analyzed {
  CompiledNsg nsg;
  std::vector<RuleFinding> findings;
};

Analyzed Analyze(std::vector<SecurityRule> rules, const ShadowOptions& options = {}) {
  CompiledNsg nsg = CompiledNsg::Compile({"nsg", std::move(rules), false}, Vnet());
  auto findings = AnalyzeShadowing(nsg, options);
  return {std::move(nsg), std::move(findings)};
}

TEST(ShadowTest, ExactCoverByTwoRules) {
  auto a = Analyze({
      MakeRule("low", 100, "Inbound", "Deny", "Tcp", "*", "*", "*", "1-100"),
      MakeRule("high", 110, "Inbound", "Allow", "Tcp", "*", "*", "*", "101-200"),
      MakeRule("middle", 120, "Inbound", "Deny", "Tcp", "*", "*", "*", "50-150"),
  });
  RuleFinding f = Find(a.findings, "middle");
  EXPECT_EQ(f.reachability, Reachability::kShadowed);
  EXPECT_EQ(f.decided_by, (Names{"low", "high"}));
  EXPECT_TRUE(f.exhaustive);
  EXPECT_EQ(Find(a.findings, "low").reachability, Reachability::kReachable);
  EXPECT_EQ(Find(a.findings, "high").reachability, Reachability::kReachable);
}

TEST(ShadowTest, PartialCoverIsNotShadowed) {
  auto a = Analyze({
      MakeRule("low", 100, "Inbound", "Deny", "Tcp", "*", "*", "*", "1-100"),
      MakeRule("high", 110, "Inbound", "Allow", "Tcp", "*", "*", "*", "101-200"),
      MakeRule("wide", 120, "Inbound", "Deny", "Tcp", "*", "*", "*", "50-201"),
  });
  RuleFinding f = Find(a.findings, "wide");
  EXPECT_EQ(f.reachability, Reachability::kReachable);
  EXPECT_TRUE(f.decided_by.empty());
}

TEST(ShadowTest, CoverAcrossTwoDimensions) {
  std::vector<SecurityRule> base = {
      MakeRule("a", 100, "Inbound", "Deny", "Tcp", "10.0.0.0/24", "*", "*", "1-100"),
      MakeRule("b", 110, "Inbound", "Deny", "Tcp", "10.0.0.0/25", "*", "*", "101-200"),
  };
  auto covered = base;
  covered.push_back(
      MakeRule("c", 120, "Inbound", "Allow", "Tcp", "10.0.0.0/25", "*", "*", "1-200"));
  EXPECT_EQ(Find(Analyze(covered).findings, "c").reachability, Reachability::kShadowed);
  auto uncovered = base;  // 10.0.0.128/25 x 101-200 is left
  uncovered.push_back(
      MakeRule("c", 120, "Inbound", "Allow", "Tcp", "10.0.0.0/24", "*", "*", "1-200"));
  EXPECT_EQ(Find(Analyze(uncovered).findings, "c").reachability, Reachability::kReachable);
}

TEST(ShadowTest, ListsAndSourcePortsCount) {
  auto a = Analyze({
      MakeRule("web", 100, "Inbound", "Allow", "Tcp", "*", "*", "*", "80,443"),
      MakeRule("tls", 110, "Inbound", "Deny", "Tcp", "10.0.0.0/16,192.168.0.0/16", "*", "*", "443"),
      MakeRule("from-53", 120, "Inbound", "Allow", "Udp", "*", "53", "*", "*"),
      MakeRule("udp-any", 130, "Inbound", "Deny", "Udp", "*", "*", "*", "*"),
  });
  EXPECT_EQ(Find(a.findings, "tls").reachability, Reachability::kShadowed);
  EXPECT_EQ(Find(a.findings, "tls").decided_by, (Names{"web"}));
  EXPECT_EQ(Find(a.findings, "udp-any").reachability, Reachability::kReachable);
}

TEST(ShadowTest, ProtocolDimensionAndPortlessProtocols) {
  std::vector<SecurityRule> base = {
      MakeRule("tcp", 100, "Outbound", "Deny", "Tcp", "*", "*", "*", "*"),
      MakeRule("udp", 110, "Outbound", "Deny", "Udp", "*", "*", "*", "*"),
  };
  auto with_ports = base;  // "Any, port 80" only ever matches TCP and UDP
  with_ports.push_back(MakeRule("any-80", 120, "Outbound", "Allow", "*", "*", "*", "*", "80"));
  EXPECT_EQ(Find(Analyze(with_ports).findings, "any-80").reachability, Reachability::kShadowed);
  auto all_ports = base;  // ICMP, ESP and AH still reach it
  all_ports.push_back(MakeRule("any", 120, "Outbound", "Allow", "*", "*", "*", "*", "*"));
  EXPECT_EQ(Find(Analyze(all_ports).findings, "any").reachability, Reachability::kReachable);
}

TEST(ShadowTest, OnlyRulesThatTakeTrafficAreListed) {
  auto a = Analyze({
      MakeRule("all-tcp", 100, "Inbound", "Deny", "Tcp", "*", "*", "*", "*"),
      MakeRule("also-22", 110, "Inbound", "Allow", "Tcp", "*", "*", "*", "22"),
      MakeRule("ssh", 120, "Inbound", "Allow", "Tcp", "10.0.0.4", "*", "*", "22"),
  });
  EXPECT_EQ(Find(a.findings, "ssh").decided_by, (Names{"all-tcp"}));
  EXPECT_EQ(Find(a.findings, "also-22").decided_by, (Names{"all-tcp"}));
}

TEST(ShadowTest, DefaultRulesCanBeShadowedByACustomDenyAll) {
  auto a = Analyze({MakeRule("deny-all", 4096, "Inbound", "Deny", "*", "*", "*", "*", "*")});
  for (const char* name : {"AllowVnetInBound", "AllowAzureLoadBalancerInBound", "DenyAllInBound"}) {
    RuleFinding f = Find(a.findings, name);
    EXPECT_TRUE(f.is_default);
    EXPECT_EQ(f.reachability, Reachability::kShadowed) << name;
    EXPECT_EQ(f.decided_by, (Names{"deny-all"})) << name;
  }
  // The custom rule itself is reachable, and redundant with nothing: it denies VNet traffic
  // that AllowVnetInBound would allow.
  EXPECT_EQ(Find(a.findings, "deny-all").reachability, Reachability::kReachable);
  EXPECT_EQ(Find(a.findings, "AllowVnetOutBound").reachability, Reachability::kReachable);
}

TEST(ShadowTest, CustomRulesMadeRedundantByDefaultRules) {
  auto a = Analyze({
      MakeRule("allow-vnet", 500, "Inbound", "Allow", "*", "VirtualNetwork", "*", "VirtualNetwork",
               "*"),
      MakeRule("deny-internet-23", 600, "Inbound", "Deny", "Tcp", "Internet", "*", "*", "23"),
  });
  RuleFinding vnet = Find(a.findings, "allow-vnet");
  EXPECT_EQ(vnet.reachability, Reachability::kRedundant);
  EXPECT_EQ(vnet.decided_by, (Names{"AllowVnetInBound"}));
  RuleFinding internet = Find(a.findings, "deny-internet-23");
  EXPECT_EQ(internet.reachability, Reachability::kRedundant);
  EXPECT_EQ(internet.decided_by, (Names{"DenyAllInBound"}));
}

TEST(ShadowTest, ALaterDenyKeepsAnAllowFromBeingRedundant) {
  // Without allow-vnet, deny-23 would deny VNet-internal port 23: allow-vnet matters.
  auto a = Analyze({
      MakeRule("allow-vnet", 500, "Inbound", "Allow", "*", "VirtualNetwork", "*", "VirtualNetwork",
               "*"),
      MakeRule("deny-23", 700, "Inbound", "Deny", "Tcp", "*", "*", "VirtualNetwork", "23"),
  });
  EXPECT_EQ(Find(a.findings, "allow-vnet").reachability, Reachability::kReachable);
  // From inside the VNet port 23 is taken by allow-vnet, from elsewhere DenyAllInBound would
  // deny it anyway: deny-23 is redundant.
  RuleFinding deny = Find(a.findings, "deny-23");
  EXPECT_EQ(deny.reachability, Reachability::kRedundant);
  EXPECT_EQ(deny.decided_by, (Names{"DenyAllInBound"}));
  // Alone, the same deny matters: AllowVnetInBound would allow VNet-internal port 23.
  auto b = Analyze(
      {MakeRule("deny-23", 700, "Inbound", "Deny", "Tcp", "*", "*", "VirtualNetwork", "23")});
  EXPECT_EQ(Find(b.findings, "deny-23").reachability, Reachability::kReachable);
}

TEST(ShadowTest, RedundancyThroughALaterCustomRule) {
  auto a = Analyze({
      MakeRule("deny-10250", 200, "Inbound", "Deny", "Tcp", "*", "*", "*", "10250"),
      MakeRule("deny-range", 300, "Inbound", "Deny", "Tcp", "*", "*", "*", "10000-11000"),
  });
  RuleFinding f = Find(a.findings, "deny-10250");
  EXPECT_EQ(f.reachability, Reachability::kRedundant);
  EXPECT_EQ(f.decided_by, (Names{"deny-range"}));
  ShadowOptions no_redundancy;
  no_redundancy.check_redundancy = false;
  auto b =
      Analyze({MakeRule("deny-10250", 200, "Inbound", "Deny", "Tcp", "*", "*", "*", "10250"),
               MakeRule("deny-range", 300, "Inbound", "Deny", "Tcp", "*", "*", "*", "10000-11000")},
              no_redundancy);
  EXPECT_EQ(Find(b.findings, "deny-10250").reachability, Reachability::kReachable);
}

TEST(ShadowTest, RulesThatMatchNothing) {
  auto a = Analyze({MakeRule("icmp-80", 100, "Inbound", "Allow", "Icmp", "*", "*", "*", "80")});
  EXPECT_EQ(Find(a.findings, "icmp-80").reachability, Reachability::kEmpty);
  ServiceTagContext no_vnet;  // no prefixes and no host IP: VirtualNetwork is empty
  no_vnet.virtual_network_includes_host_ip = false;
  CompiledNsg nsg = CompiledNsg::Compile(
      {"nsg",
       {MakeRule("vnet", 100, "Inbound", "Allow", "*", "VirtualNetwork", "*", "*", "*")},
       false},
      no_vnet);
  EXPECT_EQ(Find(AnalyzeShadowing(nsg), "vnet").reachability, Reachability::kEmpty);
}

TEST(ShadowTest, WorkBoundMakesTheAnswerConservative) {
  std::vector<SecurityRule> rules;
  for (int i = 0; i < 12; ++i) {  // each one splits the last rule's remaining region further
    rules.push_back(MakeRule("r" + std::to_string(i), 100 + i, "Inbound", "Deny", "Tcp",
                             "10.0." + std::to_string(i) + ".0/24", "*", "*",
                             std::to_string(1000 + i)));
  }
  rules.push_back(MakeRule("last", 200, "Inbound", "Allow", "Tcp", "10.0.0.0/16", "*", "*", "*"));
  ShadowOptions tight;
  tight.max_pieces = 4;
  RuleFinding f = Find(Analyze(rules, tight).findings, "last");
  EXPECT_FALSE(f.exhaustive);
  EXPECT_EQ(f.reachability, Reachability::kReachable);
  EXPECT_TRUE(f.decided_by.empty());
  EXPECT_TRUE(Find(Analyze(rules).findings, "last").exhaustive);
  // Without the redundancy question, a corner witness proves "last" reachable exactly.
  tight.check_redundancy = false;
  EXPECT_TRUE(Find(Analyze(rules, tight).findings, "last").exhaustive);
  // A shadowed rule has no witness: under the bound its answer stays inexact.
  rules.push_back(MakeRule("hidden", 300, "Inbound", "Deny", "Tcp", "10.0.0.0/16", "*", "*", "*"));
  RuleFinding hidden = Find(Analyze(rules, tight).findings, "hidden");
  EXPECT_FALSE(hidden.exhaustive);
  EXPECT_EQ(hidden.reachability, Reachability::kReachable);
  EXPECT_EQ(Find(Analyze(rules).findings, "hidden").reachability, Reachability::kShadowed);
}

TEST(ShadowTest, FindingsComeInboundThenOutboundInEvaluationOrder) {
  auto a = Analyze({MakeRule("out", 100, "Outbound", "Deny", "Tcp", "*", "*", "*", "1"),
                    MakeRule("in", 100, "Inbound", "Deny", "Tcp", "*", "*", "*", "1")});
  ASSERT_EQ(a.findings.size(), 8u);
  EXPECT_EQ(a.findings[0].rule_name, "in");
  EXPECT_EQ(a.findings[3].rule_name, "DenyAllInBound");
  EXPECT_EQ(a.findings[4].rule_name, "out");
  EXPECT_EQ(a.findings[4].direction, Direction::kOutbound);
  EXPECT_EQ(ToString(Reachability::kRedundant), "redundant");
}

}  // namespace
}  // namespace tunnelsim::nsg
