// az network nsg rule create | update | delete -> AddSecurityRule / PatchSecurityRule /
// RemoveSecurityRule, with az's defaults and argparse's errors.
#include "engine/changeset/command_test_util.h"

namespace tunnelsim {
namespace {

using testing::Col;
using testing::Error;
using testing::ExpectPos;
using testing::kAt;
using testing::Parse;

std::vector<std::string> Values(const std::vector<LString>& list) {
  std::vector<std::string> out;
  for (const LString& s : list) out.push_back(s.value);
  return out;
}
using Strings = std::vector<std::string>;

TEST(AzNsgRuleCreateTest, OmittedOptionsTakeAzDefaults) {
  // Defaults of aaz network nsg rule create: Inbound, Allow, *, * / * -> * : 80.
  std::string line =
      "az network nsg rule create --resource-group rg --nsg-name aks-subnet-nsg "
      "--name allow-kubelet --priority 150";
  auto p = Parse(line);
  ASSERT_TRUE(p.ok) << p.errors();
  const auto& add = p.Only<AddSecurityRule>();
  EXPECT_EQ(add.network_security_group.value, "aks-subnet-nsg");
  ExpectPos(add.network_security_group.pos, kAt.line, Col(line, "aks-subnet-nsg"));
  EXPECT_EQ(add.rule.name.value, "allow-kubelet");
  EXPECT_EQ(add.rule.priority.value, 150);
  ExpectPos(add.rule.priority.pos, kAt.line, Col(line, "150"));
  EXPECT_EQ(add.rule.direction.value, "Inbound");
  EXPECT_EQ(add.rule.access.value, "Allow");
  EXPECT_EQ(add.rule.protocol.value, "*");
  EXPECT_EQ(Values(add.rule.source_address_prefixes), Strings{"*"});
  EXPECT_EQ(Values(add.rule.source_port_ranges), Strings{"*"});
  EXPECT_EQ(Values(add.rule.destination_address_prefixes), Strings{"*"});
  EXPECT_EQ(Values(add.rule.destination_port_ranges), Strings{"80"});
  EXPECT_EQ(add.rule.description, "");
  // Defaults point at the command verb, where they come from.
  ExpectPos(add.rule.direction.pos, kAt.line, Col(line, "create"));
}

TEST(AzNsgRuleCreateTest, EveryOptionShortAliasesEqualsFormAndSpaceSeparatedLists) {
  std::string line =
      "az network nsg rule create -g rg --nsg-name=aks-subnet-nsg -n allow-kubelet-vnet "
      "--priority=150 --direction outbound --access deny --protocol tcp "
      "--source-address-prefixes 10.0.0.0/8 172.16.0.0/12 --source-port-ranges '*' "
      "--destination-address-prefixes VirtualNetwork --destination-port-ranges 10250 "
      "10255-10256 --description 'kubelet from the VNet' --output none --only-show-errors";
  auto p = Parse(line);
  ASSERT_TRUE(p.ok) << p.errors();
  const auto& rule = p.Only<AddSecurityRule>().rule;
  EXPECT_EQ(rule.name.value, "allow-kubelet-vnet");
  EXPECT_EQ(rule.priority.value, 150);
  ExpectPos(rule.priority.pos, kAt.line, Col(line, "150"));
  // Enum values match in any case and take az's canonical spelling.
  EXPECT_EQ(rule.direction.value, "Outbound");
  EXPECT_EQ(rule.access.value, "Deny");
  EXPECT_EQ(rule.protocol.value, "Tcp");
  EXPECT_EQ(Values(rule.source_address_prefixes), (Strings{"10.0.0.0/8", "172.16.0.0/12"}));
  ExpectPos(rule.source_address_prefixes[1].pos, kAt.line, Col(line, "172.16"));
  EXPECT_EQ(Values(rule.source_port_ranges), Strings{"*"});
  ExpectPos(rule.source_port_ranges[0].pos, kAt.line, Col(line, "'*'", 1));
  EXPECT_EQ(Values(rule.destination_address_prefixes), Strings{"VirtualNetwork"});
  EXPECT_EQ(Values(rule.destination_port_ranges), (Strings{"10250", "10255-10256"}));
  EXPECT_EQ(rule.description, "kubelet from the VNet");
}

TEST(AzNsgRuleCreateTest, TheCheckCommandsSuggestedFixRunsAsPrinted) {
  // `tunnelsim check` prints this fix (tests/golden/check-contoso.stdout), with <rg> filled in.
  auto p = Parse(
      "az network nsg rule create --resource-group MC_rg --nsg-name aks-subnet-nsg --name "
      "allow-tcp-10250-inbound --priority 100 --direction Inbound --access Allow --protocol Tcp "
      "--source-address-prefixes VirtualNetwork --source-port-ranges '*' "
      "--destination-address-prefixes VirtualNetwork --destination-port-ranges 10250");
  ASSERT_TRUE(p.ok) << p.errors();
  EXPECT_EQ(p.Only<AddSecurityRule>().rule.destination_port_ranges[0].value, "10250");
}

TEST(AzNsgRuleCreateTest, RequiredOptionsAreRequiredAsByAz) {
  std::string line = "az network nsg rule create --nsg-name n --name r";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "create"),
                                        "the following arguments are required: "
                                        "--resource-group/-g, --priority"));
}

TEST(AzNsgRuleCreateTest, UnknownOptionsAreAzsUnrecognizedArguments) {
  std::string line =
      "az network nsg rule create -g rg --nsg-name n -n r --priority 100 "
      "--source-address-prefix 10.0.0.0/8";
  // The singular form exists in the REST API, not in az.
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "--source-address-prefix "),
                  "unrecognized arguments: --source-address-prefix 10.0.0.0/8; did you mean "
                  "--source-address-prefixes?"));
  line = "az network nsg rule create -g rg --nsg-name n -n r --priority 100 extra";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "extra"),
                  "unrecognized arguments: extra; az network nsg rule create takes "
                  "--resource-group, --nsg-name, --name, --priority, --direction, --access, "
                  "--protocol, --source-address-prefixes, --source-port-ranges, "
                  "--destination-address-prefixes, --destination-port-ranges, --description, "
                  "--no-wait"));
}

TEST(AzNsgRuleCreateTest, ValuesAreCheckedWhereTheyAreWritten) {
  std::string line = "az network nsg rule create -g rg --nsg-name n -n r --priority 90";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "90"),
                                        "--priority is 90; custom rules take 100 (highest) to 4096 "
                                        "(lowest)"));
  line = "az network nsg rule create -g rg --nsg-name n -n r --priority high";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "high"), "argument --priority: invalid int value: 'high'"));
  line = "az network nsg rule create -g rg --nsg-name n -n r --priority 100 --direction In";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "In"),
                                        "argument --direction: invalid choice: 'In' (choose from "
                                        "'Inbound', 'Outbound')"));
  line = "az network nsg rule create -g rg --nsg-name n -n r --priority 100 --priority";
  EXPECT_EQ(Parse(line).errors(), Error(testing::ColLast(line, "--priority"),
                                        "argument --priority: expected one argument"));
  // Prefix, port and name syntax is the NSG model's, reported at the value.
  line =
      "az network nsg rule create -g rg --nsg-name n -n r --priority 100 "
      "--destination-port-ranges 10250 70000";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "70000"), "'70000' is not a port; expected 0-65535"));
  line =
      "az network nsg rule create -g rg --nsg-name 'bad name' -n r --priority 100 "
      "--source-address-prefixes VirtualNetwork Internet";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "bad name"),
                                        "network security group name 'bad name' contains ' '; "
                                        "expected letters, digits, '_', '.' and '-'") +
                                      Error(Col(line, " r ", 1),
                                            "rule 'r': source list has 2 service tags "
                                            "(VirtualNetwork, Internet); expected at most one "
                                            "per rule"));
}

TEST(AzNsgRuleCreateTest, ApplicationSecurityGroupsAndIdsAreRefused) {
  std::string line =
      "az network nsg rule create -g rg --nsg-name n -n r --priority 100 --destination-asgs web";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "--destination-asgs"),
                  "--destination-asgs names application security groups, which tunnelsim does "
                  "not model; expected address prefixes (--source-address-prefixes / "
                  "--destination-address-prefixes)"));
}

TEST(AzNsgRuleUpdateTest, OnlyTheGivenFieldsChange) {
  std::string line =
      "az network nsg rule update --resource-group rg --nsg-name aks-subnet-nsg --name "
      "deny-kubelet --priority 101";
  auto p = Parse(line);
  ASSERT_TRUE(p.ok) << p.errors();
  const auto& patch = p.Only<PatchSecurityRule>();
  EXPECT_EQ(patch.network_security_group.value, "aks-subnet-nsg");
  EXPECT_EQ(patch.name.value, "deny-kubelet");
  ExpectPos(patch.name.pos, kAt.line, Col(line, "deny-kubelet"));
  ASSERT_TRUE(patch.priority.has_value());
  EXPECT_EQ(patch.priority->value, 101);
  EXPECT_FALSE(patch.direction || patch.access || patch.protocol || patch.description);
  EXPECT_FALSE(patch.source_address_prefixes || patch.source_port_ranges ||
               patch.destination_address_prefixes || patch.destination_port_ranges);

  p = Parse(
      "az network nsg rule update -g rg --nsg-name n -n r --access allow "
      "--destination-port-ranges 10250 443 --description ''");
  ASSERT_TRUE(p.ok) << p.errors();
  const auto& second = p.Only<PatchSecurityRule>();
  EXPECT_FALSE(second.priority.has_value());
  EXPECT_EQ(second.access->value, "Allow");
  EXPECT_EQ(Values(*second.destination_port_ranges), (Strings{"10250", "443"}));
  EXPECT_EQ(second.description, std::optional<std::string>(""));
}

TEST(AzNsgRuleUpdateTest, GenericUpdateArgumentsAreRefusedAndValuesChecked) {
  std::string line = "az network nsg rule update -g rg --nsg-name n -n r --set priority=200";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "--set"),
                                        "--set is a generic update argument; expected the named "
                                        "options (--priority, --access, "
                                        "--destination-port-ranges, ...)"));
  line = "az network nsg rule update -g rg --nsg-name n -n r --source-address-prefixes 10.0.0.0/33";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "10.0.0.0/33"),
                                        "'10.0.0.0/33' has an invalid "
                                        "prefix length; expected "
                                        "0-32"));
  line = "az network nsg rule update -g rg --nsg-name n";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "update"), "the following arguments are required: --name/-n"));
}

TEST(AzNsgRuleDeleteTest, DeleteNamesTheRule) {
  std::string line = "az network nsg rule delete -g rg --nsg-name aks-subnet-nsg -n deny-kubelet";
  auto p = Parse(line);
  ASSERT_TRUE(p.ok) << p.errors();
  const auto& remove = p.Only<RemoveSecurityRule>();
  EXPECT_EQ(remove.network_security_group.value, "aks-subnet-nsg");
  EXPECT_EQ(remove.name.value, "deny-kubelet");
  ExpectPos(remove.name.pos, kAt.line, Col(line, "deny-kubelet"));
  // The resource group is not simulated, but az requires it, so it is required here.
  line = "az network nsg rule delete --nsg-name aks-subnet-nsg --name deny-kubelet";
  EXPECT_EQ(
      Parse(line).errors(),
      Error(Col(line, "delete"), "the following arguments are required: --resource-group/-g"));
}

}  // namespace
}  // namespace tunnelsim
