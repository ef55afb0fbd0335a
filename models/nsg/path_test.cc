#include "models/nsg/path.h"

#include <gtest/gtest.h>

#include "models/nsg/test_util.h"

namespace tunnelsim::nsg {
namespace {

using testing::Cidr;
using testing::MakeRule;
using testing::TcpFlow;

ServiceTagContext Vnet() {
  ServiceTagContext context;
  context.virtual_network = {Cidr("10.0.0.0/16")};
  return context;
}

CompiledNsg Compile(std::string name, std::vector<SecurityRule> rules) {
  return CompiledNsg::Compile({std::move(name), std::move(rules), false}, Vnet());
}

// reference/azure.md §1.5: NSG1 on the subnet, NSG2 on VM1's NIC. "To allow port 80 to the
// virtual machine, both NSG1 and NSG2 must have a rule that allows port 80."
TEST(PathTest, InboundNeedsBothSubnetAndNicToAllow) {
  const Flow http = TcpFlow("203.0.113.9", 50000, "10.0.0.4", 80);
  auto allow80 = MakeRule("allow-80", 100, "Inbound", "Allow", "Tcp", "Internet", "*", "*", "80");
  CompiledNsg nsg1_only80 = Compile("NSG1", {allow80});
  CompiledNsg nsg2_empty = Compile("NSG2", {});
  CompiledNsg nsg2_80 = Compile("NSG2", {allow80});

  PathVerdict only_subnet = EvaluateInbound(&nsg1_only80, &nsg2_empty, http);
  EXPECT_FALSE(only_subnet.allowed);
  EXPECT_EQ(only_subnet.deciding, 1u);
  EXPECT_EQ(only_subnet.stages[0].attachment, Attachment::kSubnet);
  EXPECT_EQ(only_subnet.stages[1].attachment, Attachment::kNic);
  EXPECT_TRUE(only_subnet.stages[0].verdict.allowed);
  EXPECT_EQ(only_subnet.stages[0].verdict.rule_name, "allow-80");
  EXPECT_EQ(only_subnet.deciding_stage().verdict.rule_name, "DenyAllInBound");
  EXPECT_EQ(only_subnet.deciding_stage().verdict.nsg_name, "NSG2");

  PathVerdict both = EvaluateInbound(&nsg1_only80, &nsg2_80, http);
  EXPECT_TRUE(both.allowed);
  EXPECT_EQ(both.deciding, 1u);
  EXPECT_EQ(both.deciding_stage().verdict.nsg_name, "NSG2");
}

TEST(PathTest, InboundSubnetDenyIsDecidingAndNicIsStillReported) {
  const Flow kubelet = TcpFlow("10.0.0.5", 40000, "10.0.0.4", 10250);  // same subnet
  CompiledNsg subnet =
      Compile("subnet-nsg",
              {MakeRule("deny-kubelet", 100, "Inbound", "Deny", "Tcp", "*", "*", "*", "10250")});
  CompiledNsg nic =
      Compile("nic-nsg", {MakeRule("deny-all", 4096, "Inbound", "Deny", "*", "*", "*", "*", "*")});
  PathVerdict path = EvaluateInbound(&subnet, &nic, kubelet);
  EXPECT_FALSE(path.allowed);
  EXPECT_EQ(path.deciding, 0u);
  EXPECT_EQ(path.deciding_stage().verdict.rule_name, "deny-kubelet");
  EXPECT_TRUE(path.stages[0].reached);
  EXPECT_FALSE(path.stages[1].reached);  // Azure never evaluates NSG2 here
  EXPECT_FALSE(path.stages[1].verdict.allowed);
  EXPECT_EQ(path.stages[1].verdict.rule_name, "deny-all");  // ...but it would block too
}

TEST(PathTest, OutboundIsNicThenSubnet) {
  const Flow tunnel = TcpFlow("10.0.0.4", 40000, "20.61.10.5", 443);
  CompiledNsg nic = Compile("nic-nsg", {});
  CompiledNsg subnet =
      Compile("subnet-nsg",
              {MakeRule("deny-internet", 200, "Outbound", "Deny", "*", "*", "*", "Internet", "*")});
  PathVerdict path = EvaluateOutbound(&nic, &subnet, tunnel);
  EXPECT_EQ(path.stages[0].attachment, Attachment::kNic);
  EXPECT_EQ(path.stages[1].attachment, Attachment::kSubnet);
  EXPECT_TRUE(path.stages[0].verdict.allowed);
  EXPECT_EQ(path.stages[0].verdict.rule_name, "AllowInternetOutBound");
  EXPECT_FALSE(path.allowed);
  EXPECT_EQ(path.deciding, 1u);
  EXPECT_EQ(path.deciding_stage().verdict.rule_name, "deny-internet");
  EXPECT_EQ(path.deciding_stage().verdict.direction, Direction::kOutbound);

  // The §1.5 example outbound: both must allow; here both do.
  CompiledNsg open_subnet = Compile("subnet-nsg", {});
  PathVerdict ok = EvaluateOutbound(&nic, &open_subnet, tunnel);
  EXPECT_TRUE(ok.allowed);
  EXPECT_EQ(ok.deciding_stage().verdict.nsg_name, "subnet-nsg");
}

TEST(PathTest, AbsentNsgsAllow) {
  const Flow f = TcpFlow("203.0.113.9", 50000, "10.0.0.4", 22);
  PathVerdict none = EvaluateInbound(nullptr, nullptr, f);
  EXPECT_TRUE(none.allowed);
  EXPECT_EQ(none.stages[0].verdict.reason, VerdictReason::kNoNsg);
  EXPECT_EQ(none.stages[1].verdict.reason, VerdictReason::kNoNsg);
  EXPECT_EQ(none.deciding, 1u);

  CompiledNsg subnet = Compile("subnet-nsg", {});
  PathVerdict only_subnet = EvaluateInbound(&subnet, nullptr, f);
  EXPECT_FALSE(only_subnet.allowed);
  EXPECT_EQ(only_subnet.deciding, 0u);

  CompiledNsg allow22 =
      Compile("nic-nsg", {MakeRule("ssh", 100, "Inbound", "Allow", "Tcp", "*", "*", "*", "22")});
  PathVerdict only_nic = EvaluateInbound(nullptr, &allow22, f);
  EXPECT_TRUE(only_nic.allowed);
  EXPECT_EQ(only_nic.deciding, 1u);
  PathVerdict nic_first_outbound_absent_subnet =
      EvaluateOutbound(&allow22, nullptr, TcpFlow("10.0.0.4", 40000, "10.0.0.5", 22));
  EXPECT_TRUE(nic_first_outbound_absent_subnet.allowed);
  EXPECT_EQ(nic_first_outbound_absent_subnet.deciding, 0u);  // last stage with an NSG
}

}  // namespace
}  // namespace tunnelsim::nsg
