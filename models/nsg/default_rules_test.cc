#include "models/nsg/default_rules.h"

#include <gtest/gtest.h>

namespace tunnelsim::nsg {
namespace {

TEST(DefaultRulesTest, SixRulesWithExactNamesPrioritiesAndMatches) {
  auto rules = DefaultSecurityRules();
  ASSERT_EQ(rules.size(), 6u);
  struct Want {
    const char* name;
    Direction direction;
    int priority;
    Access access;
    const char* source;
    const char* destination;
  };
  const Want want[] = {
      {"AllowVnetInBound", Direction::kInbound, 65000, Access::kAllow, "VirtualNetwork",
       "VirtualNetwork"},
      {"AllowAzureLoadBalancerInBound", Direction::kInbound, 65001, Access::kAllow,
       "AzureLoadBalancer", "*"},
      {"DenyAllInBound", Direction::kInbound, 65500, Access::kDeny, "*", "*"},
      {"AllowVnetOutBound", Direction::kOutbound, 65000, Access::kAllow, "VirtualNetwork",
       "VirtualNetwork"},
      {"AllowInternetOutBound", Direction::kOutbound, 65001, Access::kAllow, "*", "Internet"},
      {"DenyAllOutBound", Direction::kOutbound, 65500, Access::kDeny, "*", "*"},
  };
  for (size_t i = 0; i < 6; ++i) {
    SCOPED_TRACE(want[i].name);
    EXPECT_EQ(rules[i].name, want[i].name);
    EXPECT_EQ(rules[i].direction, want[i].direction);
    EXPECT_EQ(rules[i].priority, want[i].priority);
    EXPECT_EQ(rules[i].access, want[i].access);
    EXPECT_EQ(rules[i].protocol, RuleProtocol::kAny);
    EXPECT_EQ(FormatAddresses(rules[i].sources), want[i].source);
    EXPECT_EQ(FormatAddresses(rules[i].destinations), want[i].destination);
    EXPECT_EQ(FormatPorts(rules[i].source_ports), "*");
    EXPECT_EQ(FormatPorts(rules[i].destination_ports), "*");
    EXPECT_TRUE(rules[i].is_default);
  }
}

TEST(DefaultRulesTest, PerDirectionViews) {
  auto in = DefaultSecurityRules(Direction::kInbound);
  auto out = DefaultSecurityRules(Direction::kOutbound);
  ASSERT_EQ(in.size(), 3u);
  ASSERT_EQ(out.size(), 3u);
  for (const auto& r : in) EXPECT_EQ(r.direction, Direction::kInbound);
  for (const auto& r : out) EXPECT_EQ(r.direction, Direction::kOutbound);
  EXPECT_EQ(in[2].name, "DenyAllInBound");
  EXPECT_EQ(out[1].name, "AllowInternetOutBound");
}

TEST(DefaultRulesTest, FindAcceptsApiDocAndEffectiveViewSpellings) {
  ASSERT_NE(FindDefaultRule("AllowVnetInBound"), nullptr);
  EXPECT_EQ(FindDefaultRule("AllowVNetInBound")->name, "AllowVnetInBound");  // docs
  EXPECT_EQ(FindDefaultRule("DenyAllInbound")->name, "DenyAllInBound");      // docs
  EXPECT_EQ(FindDefaultRule("defaultSecurityRules/DenyAllInBound")->name, "DenyAllInBound");
  EXPECT_EQ(FindDefaultRule("DefaultSecurityRules/allowinternetoutbound")->priority, 65001);
  EXPECT_EQ(FindDefaultRule("deny-kubelet"), nullptr);
  EXPECT_EQ(FindDefaultRule("defaultSecurityRules/"), nullptr);
}

}  // namespace
}  // namespace tunnelsim::nsg
