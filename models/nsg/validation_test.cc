#include "models/nsg/validation.h"

#include <gtest/gtest.h>

#include "models/nsg/default_rules.h"
#include "models/nsg/test_util.h"

namespace tunnelsim::nsg {
namespace {

using testing::MakeRule;

std::vector<std::string> Messages(const std::vector<Status>& problems) {
  std::vector<std::string> out;
  for (const Status& s : problems) out.push_back(s.message());
  return out;
}

NetworkSecurityGroup Nsg(std::vector<SecurityRule> rules) {
  return {"aks-subnet-nsg", std::move(rules), false};
}

TEST(ValidateNsgTest, ValidNsgHasNoProblems) {
  auto nsg = Nsg({MakeRule("deny-kubelet", 100, "Inbound", "Deny", "Tcp", "*", "*", "*", "10250"),
                  MakeRule("allow-vnet", 110, "Inbound", "Allow", "*", "VirtualNetwork", "*",
                           "VirtualNetwork", "*")});
  EXPECT_TRUE(ValidateNsg(nsg).empty());
}

TEST(ValidateNsgTest, DuplicatePriorityAndDirectionUsesAzureText) {
  auto nsg = Nsg({MakeRule("deny-a", 200, "Inbound", "Deny", "Tcp", "*", "*", "*", "22"),
                  MakeRule("deny-b", 200, "Inbound", "Deny", "Tcp", "*", "*", "*", "23")});
  EXPECT_EQ(Messages(ValidateNsg(nsg)),
            std::vector<std::string>{"(SecurityRuleConflict) Security rule deny-b conflicts with "
                                     "rule deny-a. Rules cannot have the same Priority and "
                                     "Direction."});
}

TEST(ValidateNsgTest, SamePriorityInOtherDirectionIsFine) {
  auto nsg = Nsg({MakeRule("in", 200, "Inbound", "Deny", "Tcp", "*", "*", "*", "22"),
                  MakeRule("out", 200, "Outbound", "Deny", "Tcp", "*", "*", "*", "22")});
  EXPECT_TRUE(ValidateNsg(nsg).empty());
}

TEST(ValidateNsgTest, ReportsEveryProblemNotJustTheFirst) {
  auto bad_priority = MakeRule("low", 90, "Inbound", "Allow", "Tcp", "*", "*", "*", "10250");
  auto two_tags =
      MakeRule("tags", 300, "Inbound", "Allow", "Tcp", "VirtualNetwork,Internet", "*", "*", "80");
  auto long_description = MakeRule("desc", 400, "Inbound", "Allow", "Tcp", "*", "*", "*", "81");
  long_description.description = std::string(141, 'x');
  auto empty_lists = MakeRule("empty", 500, "Outbound", "Allow", "Tcp", "*", "*", "*", "82");
  empty_lists.destinations.clear();
  empty_lists.source_ports.clear();
  auto dup_name = MakeRule("LOW", 600, "Inbound", "Allow", "Tcp", "*", "*", "*", "83");
  auto nsg = Nsg({bad_priority, two_tags, long_description, empty_lists, dup_name});
  EXPECT_EQ(
      Messages(ValidateNsg(nsg)),
      (std::vector<std::string>{
          "rule 'low': priority 90 is outside 100-4096",
          "rule 'tags': source list has 2 service tags (VirtualNetwork, Internet); expected at "
          "most one per rule",
          "rule 'desc': description is 141 characters; expected at most 140",
          "rule 'empty': destination list is empty; expected at least one prefix, tag or *",
          "rule 'empty': source port list is empty; expected at least one port, range or *",
          "rule name 'LOW' is used twice in 'aks-subnet-nsg' (names ignore case); expected "
          "unique names",
      }));
}

TEST(ValidateNsgTest, DefaultRulesCannotBeAddedAsCustomRules) {
  auto nsg = Nsg({DefaultSecurityRules()[0]});
  EXPECT_EQ(Messages(ValidateNsg(nsg)),
            std::vector<std::string>{"rule 'AllowVnetInBound' is marked as a default rule; "
                                     "expected a custom rule (the six default rules are always "
                                     "present and cannot be added)"});
}

TEST(ValidateNsgTest, BadNsgName) {
  NetworkSecurityGroup nsg{"bad name", {}, false};
  EXPECT_EQ(Messages(ValidateNsg(nsg)),
            std::vector<std::string>{"network security group name 'bad name' contains ' '; "
                                     "expected letters, digits, '_', '.' and '-'"});
}

TEST(ValidateNsgTest, RuleCountLimit) {
  NetworkSecurityGroup nsg{"big", {}, false};
  for (int i = 0; i < 1001; ++i) {
    nsg.rules.push_back(
        MakeRule("r" + std::to_string(i), 100 + i, "Inbound", "Allow", "Tcp", "*", "*", "*", "80"));
  }
  EXPECT_EQ(Messages(ValidateNsg(nsg)),
            std::vector<std::string>{"network security group 'big' has 1001 rules; expected at "
                                     "most 1000"});
  nsg.rules.pop_back();
  EXPECT_TRUE(ValidateNsg(nsg).empty());
}

TEST(ValidateNsgTest, AddressLimitCountsPrefixesPerSideAcrossRules) {
  NetworkSecurityGroup nsg{"wide", {}, false};
  // 3 rules x 1,500 source prefixes = 4,500 > 4,000; destinations are tags, which do not count.
  for (int r = 0; r < 3; ++r) {
    SecurityRule rule = MakeRule("r" + std::to_string(r), 100 + r, "Inbound", "Allow", "Tcp", "*",
                                 "*", "VirtualNetwork", "80");
    rule.sources.clear();
    for (uint32_t i = 0; i < 1500; ++i) {
      rule.sources.push_back(AddressMatcher::Prefix(Ipv4Prefix(Ipv4Address(r * 100000 + i), 32)));
    }
    nsg.rules.push_back(rule);
  }
  EXPECT_EQ(Messages(ValidateNsg(nsg)),
            std::vector<std::string>{"network security group 'wide' specifies 4500 source "
                                     "addresses and ranges; expected at most 4000"});
  NsgLimits generous;
  generous.max_addresses_per_side = 5000;
  EXPECT_TRUE(ValidateNsg(nsg, generous).empty());
}

}  // namespace
}  // namespace tunnelsim::nsg
