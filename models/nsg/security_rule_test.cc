#include "models/nsg/security_rule.h"

#include <gtest/gtest.h>

#include "models/nsg/test_util.h"

namespace tunnelsim::nsg {
namespace {

using testing::Cidr;

TEST(ParseRuleProtocolTest, AcceptsEverySpellingAzureClientsUse) {
  struct Case {
    const char* text;
    RuleProtocol want;
  };
  for (Case c : {Case{"Tcp", RuleProtocol::kTcp},
                 {"TCP", RuleProtocol::kTcp},
                 {"tcp", RuleProtocol::kTcp},
                 {"Udp", RuleProtocol::kUdp},
                 {"UDP", RuleProtocol::kUdp},
                 {"udp", RuleProtocol::kUdp},
                 {"Icmp", RuleProtocol::kIcmp},
                 {"ICMP", RuleProtocol::kIcmp},
                 {"Esp", RuleProtocol::kEsp},
                 {"ESP", RuleProtocol::kEsp},
                 {"Ah", RuleProtocol::kAh},
                 {"AH", RuleProtocol::kAh},
                 {"*", RuleProtocol::kAny},
                 {"Any", RuleProtocol::kAny},
                 {"any", RuleProtocol::kAny},
                 {"All", RuleProtocol::kAny},
                 {"ALL", RuleProtocol::kAny}}) {
    auto p = ParseRuleProtocol(c.text);
    ASSERT_TRUE(p.ok()) << c.text;
    EXPECT_EQ(*p, c.want) << c.text;
  }
}

TEST(ParseRuleProtocolTest, RejectsOthersWithTheExpectedSet) {
  auto p = ParseRuleProtocol("Sctp");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "'Sctp' is not an NSG protocol; expected Tcp, Udp, Icmp, Esp, Ah, * or Any");
  EXPECT_FALSE(ParseRuleProtocol("").ok());
  EXPECT_FALSE(ParseRuleProtocol("6").ok());
}

TEST(ParseRuleProtocolTest, PrintsApiSpelling) {
  EXPECT_EQ(ToString(RuleProtocol::kAny), "*");
  EXPECT_EQ(ToString(*ParseRuleProtocol("tcp")), "Tcp");
}

TEST(ParseDirectionAccessTest, AcceptsCaseVariants) {
  EXPECT_EQ(*ParseDirection("Inbound"), Direction::kInbound);
  EXPECT_EQ(*ParseDirection("inbound"), Direction::kInbound);
  EXPECT_EQ(*ParseDirection("In"), Direction::kInbound);
  EXPECT_EQ(*ParseDirection("OUTBOUND"), Direction::kOutbound);
  EXPECT_EQ(*ParseDirection("Out"), Direction::kOutbound);
  EXPECT_EQ(ParseDirection("Ingress").status().message(),
            "'Ingress' is not a rule direction; expected Inbound or Outbound");
  EXPECT_EQ(*ParseAccess("allow"), Access::kAllow);
  EXPECT_EQ(*ParseAccess("DENY"), Access::kDeny);
  EXPECT_EQ(ParseAccess("Drop").status().message(),
            "'Drop' is not a rule access; expected Allow or Deny");
}

TEST(ParsePortSpecTest, SingleRangeStarAndFullRange) {
  EXPECT_EQ(*ParsePortSpec("80"), (std::vector<PortRange>{{80, 80}}));
  EXPECT_EQ(*ParsePortSpec("10000-10005"), (std::vector<PortRange>{{10000, 10005}}));
  EXPECT_EQ(*ParsePortSpec("*"), (std::vector<PortRange>{PortRange::All()}));
  EXPECT_EQ(*ParsePortSpec("0-65535"), (std::vector<PortRange>{PortRange::All()}));
}

TEST(ParsePortSpecTest, CommaListsKeepOrderAndTrimSpaces) {
  EXPECT_EQ(*ParsePortSpec("80, 10000-10005"), (std::vector<PortRange>{{80, 80}, {10000, 10005}}));
  EXPECT_EQ(*ParsePortSpec("443,80"), (std::vector<PortRange>{{443, 443}, {80, 80}}));
}

TEST(ParsePortSpecTest, ArrayFormAcceptsListsInElements) {
  std::vector<std::string> texts = {"22", "80,443", "10000-10005"};
  EXPECT_EQ(*ParsePortSpecs(texts),
            (std::vector<PortRange>{{22, 22}, {80, 80}, {443, 443}, {10000, 10005}}));
  EXPECT_EQ(ParsePortSpecs(std::vector<std::string>{}).status().message(),
            "port range list is empty; expected at least one entry");
}

TEST(ParsePortSpecTest, RejectsBadPorts) {
  EXPECT_EQ(ParsePortSpec("70000").status().message(), "'70000' is not a port; expected 0-65535");
  EXPECT_EQ(ParsePortSpec("80,,90").status().message(),
            "empty entry in port list '80,,90'; expected a comma-separated list");
  EXPECT_FALSE(ParsePortSpec("").ok());
  EXPECT_FALSE(ParsePortSpec("90-80").ok());
  EXPECT_FALSE(ParsePortSpec("any").ok());
  EXPECT_FALSE(ParsePortSpec("80:90").ok());
}

TEST(ParseAddressPrefixTest, CidrIpAndAnySpellings) {
  auto cidr = ParseAddressPrefix("10.224.0.0/16");
  ASSERT_TRUE(cidr.ok());
  EXPECT_EQ(*cidr, AddressMatcher::Prefix(Cidr("10.224.0.0/16")));
  auto ip = ParseAddressPrefix("20.61.10.5");
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->prefix.length(), 32);
  EXPECT_EQ(ip->ToString(), "20.61.10.5");
  EXPECT_EQ(*ParseAddressPrefix("*"), AddressMatcher::Any());
  EXPECT_EQ(*ParseAddressPrefix("Any"), AddressMatcher::Any());
  EXPECT_EQ(*ParseAddressPrefix("any"), AddressMatcher::Any());
  auto zero = ParseAddressPrefix("0.0.0.0/0");
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero->kind, AddressMatcher::Kind::kPrefix);
  EXPECT_EQ(zero->prefix.Size(), uint64_t{1} << 32);
  EXPECT_EQ(ParseAddressPrefix("10.0.0.5/24")->ToString(), "10.0.0.0/24");
}

TEST(ParseAddressPrefixTest, ServiceTagsAnyCase) {
  EXPECT_EQ(*ParseAddressPrefix("VirtualNetwork"),
            AddressMatcher::Tag(ServiceTag::kVirtualNetwork));
  EXPECT_EQ(*ParseAddressPrefix("virtualnetwork"),
            AddressMatcher::Tag(ServiceTag::kVirtualNetwork));
  EXPECT_EQ(*ParseAddressPrefix("AzureLoadBalancer"),
            AddressMatcher::Tag(ServiceTag::kAzureLoadBalancer));
  EXPECT_EQ(*ParseAddressPrefix("Internet"), AddressMatcher::Tag(ServiceTag::kInternet));
  EXPECT_EQ(*ParseAddressPrefix("INTERNET"), AddressMatcher::Tag(ServiceTag::kInternet));
  EXPECT_EQ(*ParseAddressPrefix("AzureCloud"), AddressMatcher::Tag(ServiceTag::kAzureCloud));
  auto regional = ParseAddressPrefix("AzureCloud.westeurope");
  ASSERT_TRUE(regional.ok());
  EXPECT_EQ(*regional, AddressMatcher::Tag(ServiceTag::kAzureCloud, "westeurope"));
  EXPECT_EQ(regional->ToString(), "AzureCloud.westeurope");
  EXPECT_EQ(ParseAddressPrefix("virtualNetwork")->ToString(), "VirtualNetwork");
}

TEST(ParseAddressPrefixTest, UnknownTagsAndBadAddressesAreErrors) {
  EXPECT_EQ(ParseAddressPrefix("Storage").status().message(),
            "unknown service tag 'Storage'; expected one of VirtualNetwork, AzureLoadBalancer, "
            "Internet, AzureCloud, AzureCloud.<Region>");
  EXPECT_EQ(ParseAddressPrefix("AzurePlatformDNS").status().message(),
            "unknown service tag 'AzurePlatformDNS'; expected one of VirtualNetwork, "
            "AzureLoadBalancer, Internet, AzureCloud, AzureCloud.<Region>");
  EXPECT_EQ(ParseAddressPrefix("Internet.westus").status().message(),
            "service tag 'Internet.westus' has no regional form; expected plain 'Internet'");
  EXPECT_EQ(ParseAddressPrefix("AzureCloud.").status().message(),
            "'AzureCloud.' is not a regional service tag; expected AzureCloud.<Region>");
  EXPECT_EQ(ParseAddressPrefix("").status().message(),
            "empty address prefix; expected a CIDR, an IP address, a service tag or *");
  EXPECT_FALSE(ParseAddressPrefix("10.0.0.256").ok());
  EXPECT_FALSE(ParseAddressPrefix("10.0.0.0/33").ok());
}

TEST(ParseAddressPrefixTest, ListsInOneStringAndArrays) {
  auto list = ParseAddressPrefixes("10.0.0.0/8, 192.168.1.4 ,VirtualNetwork");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ(FormatAddresses(*list), "10.0.0.0/8,192.168.1.4,VirtualNetwork");
  std::vector<std::string> texts = {"10.1.0.0/16", "10.2.0.0/16"};
  EXPECT_EQ(ParseAddressPrefixes(texts)->size(), 2u);
  EXPECT_FALSE(ParseAddressPrefixes("10.0.0.0/8,").ok());
  EXPECT_FALSE(ParseAddressPrefixes(std::vector<std::string>{}).ok());
}

TEST(ValidateRuleNameTest, AcceptsArmNames) {
  for (const char* ok :
       {"a", "allow-kubelet-vnet", "Allow_10250", "r.1", "x_", "9lives", "AllowVnetInBound"}) {
    EXPECT_TRUE(ValidateRuleName(ok).ok()) << ok;
  }
  EXPECT_TRUE(ValidateRuleName(std::string(80, 'a')).ok());
}

TEST(ValidateRuleNameTest, RejectsWithReasons) {
  EXPECT_EQ(ValidateRuleName("").message(), "rule name is empty; expected 1-80 characters");
  EXPECT_EQ(ValidateRuleName(std::string(81, 'a')).message(),
            "rule name '" + std::string(81, 'a') + "' is 81 characters; expected at most 80");
  EXPECT_EQ(ValidateRuleName("deny kubelet").message(),
            "rule name 'deny kubelet' contains ' '; expected letters, digits, '_', '.' and '-'");
  EXPECT_EQ(ValidateRuleName("-deny").message(),
            "rule name '-deny' starts with '-'; expected a letter or digit first");
  EXPECT_EQ(ValidateRuleName("_deny").message(),
            "rule name '_deny' starts with '_'; expected a letter or digit first");
  EXPECT_EQ(ValidateRuleName("deny.").message(),
            "rule name 'deny.' ends with '.'; expected a letter, digit or '_' last");
  EXPECT_FALSE(ValidateRuleName("deny-").ok());
}

TEST(ValidateRuleNameTest, OtherResourcesNameTheirField) {
  EXPECT_EQ(ValidateResourceName("network security group name", "nsg!").message(),
            "network security group name 'nsg!' contains '!'; expected letters, digits, '_', "
            "'.' and '-'");
  EXPECT_EQ(ValidateResourceName("network security group name", "").message(),
            "network security group name is empty; expected 1-80 characters");
  EXPECT_TRUE(ValidateResourceName("network security group name", "aks-agentpool-nsg").ok());
}

TEST(ValidateCustomPriorityTest, Bounds) {
  EXPECT_TRUE(ValidateCustomPriority(100).ok());
  EXPECT_TRUE(ValidateCustomPriority(4096).ok());
  EXPECT_EQ(ValidateCustomPriority(99).message(), "priority 99 is outside 100-4096");
  EXPECT_EQ(ValidateCustomPriority(4097).code(), Status::Code::kOutOfRange);
  EXPECT_FALSE(ValidateCustomPriority(65000).ok());
}

TEST(FormatTest, PortsAndAddresses) {
  EXPECT_EQ(FormatPorts(std::vector<PortRange>{{80, 80}, {10000, 10005}}), "80,10000-10005");
  EXPECT_EQ(FormatPorts(std::vector<PortRange>{PortRange::All()}), "*");
  EXPECT_EQ(FormatAddresses(std::vector{AddressMatcher::Any()}), "*");
}

}  // namespace
}  // namespace tunnelsim::nsg
