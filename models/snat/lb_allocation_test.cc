#include "models/snat/lb_allocation.h"

#include <gtest/gtest.h>

#include <vector>

namespace tunnelsim::snat {
namespace {

int Default(int pool, int ips = 1) {
  Result<DefaultAllocation> r = DefaultPortsPerNode(pool, ips);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r->ports_per_node : -1;
}

TEST(LbAllocation, PortsPerFrontendIp) {
  EXPECT_EQ(kLbSnatPortsPerFrontendIp, 64000);  // reference/azure.md §2.1 (not 64,512)
  EXPECT_EQ(AvailableOutboundPorts(1), 64000);
  EXPECT_EQ(AvailableOutboundPorts(7), 448000);
  // Each rule port on a shared frontend costs a block of 8.
  EXPECT_EQ(AvailableOutboundPorts(1, 10), 64000 - 80);
  EXPECT_EQ(AvailableOutboundPorts(1, 9000), 0);
}

TEST(LbAllocation, DefaultTableBoundaries) {
  EXPECT_EQ(Default(1), 1024);
  EXPECT_EQ(Default(50), 1024);
  EXPECT_EQ(Default(51), 512);
  EXPECT_EQ(Default(100), 512);
  EXPECT_EQ(Default(101), 256);
  EXPECT_EQ(Default(200), 256);
  EXPECT_EQ(Default(201), 128);
  EXPECT_EQ(Default(400), 128);
  EXPECT_EQ(Default(401), 64);
  EXPECT_EQ(Default(800), 64);
  EXPECT_EQ(Default(801), 32);
  EXPECT_EQ(Default(1000), 32);
  EXPECT_FALSE(DefaultPortsPerNode(1000, 1)->assumed);
}

TEST(LbAllocation, BeyondTheTableIsAnOverridableAssumption) {
  Result<DefaultAllocation> r = DefaultPortsPerNode(1001, 1);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->assumed);
  EXPECT_EQ(r->ports_per_node, 16);

  LbAllocationOptions refuse;
  refuse.ports_beyond_table = std::nullopt;
  Result<DefaultAllocation> refused = DefaultPortsPerNode(1001, 1, refuse);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kUnsupported);

  LbAllocationOptions eight;
  eight.ports_beyond_table = 8;
  EXPECT_EQ(DefaultPortsPerNode(5000, 1, eight)->ports_per_node, 8);
  // 5,000 x 16 = 80,000 > 64,000: the assumed default itself would not fit one IP.
  EXPECT_EQ(DefaultPortsPerNode(5000, 1).status().code(), Status::Code::kUnsupported);
  EXPECT_EQ(DefaultPortsPerNode(4000, 1)->ports_per_node, 16);  // exactly 64,000
  EXPECT_EQ(DefaultPortsPerNode(5000, 80)->ports_per_node, 1024);
}

TEST(LbAllocation, SeveralFrontendIpsTakeMinOfTableTimesIpsAnd1024) {
  // reference/azure.md §2.2, contradiction C8 (2023 rule).
  EXPECT_EQ(Default(10, 3), 1024);  // min(3072, 1024)
  EXPECT_EQ(Default(60, 2), 1024);  // min(1024, 1024)
  EXPECT_EQ(Default(150, 2), 512);  // min(512, 1024)
  EXPECT_EQ(Default(150, 3), 768);  // min(768, 1024)
  EXPECT_EQ(Default(900, 4), 128);  // min(128, 1024)
  EXPECT_EQ(Default(900, 40), 1024);
}

TEST(LbAllocation, InvalidPoolOrIps) {
  EXPECT_EQ(DefaultPortsPerNode(0, 1).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(DefaultPortsPerNode(10, 0).status().code(), Status::Code::kInvalidArgument);
}

TEST(LbAllocation, ManualPortsFollowTheAzCli) {
  EXPECT_TRUE(ValidateAllocatedOutboundPorts(0).ok());
  EXPECT_TRUE(ValidateAllocatedOutboundPorts(8).ok());
  EXPECT_TRUE(ValidateAllocatedOutboundPorts(64000).ok());
  EXPECT_EQ(ValidateAllocatedOutboundPorts(4).message(),
            "--load-balancer-allocated-ports must be a multiple of 8");
  EXPECT_EQ(ValidateAllocatedOutboundPorts(1001).message(),
            "--load-balancer-allocated-ports must be a multiple of 8");
  EXPECT_EQ(ValidateAllocatedOutboundPorts(-4).message(),
            "--load-balancer-allocated-ports must be a multiple of 8");
  EXPECT_EQ(ValidateAllocatedOutboundPorts(64008).message(),
            "--load-balancer-allocated-ports must be in the range [0,64000]");
  EXPECT_EQ(ValidateAllocatedOutboundPorts(-8).message(),
            "--load-balancer-allocated-ports must be in the range [0,64000]");
}

TEST(LbAllocation, PortsPerNodePrefersManualValue) {
  EXPECT_EQ(*PortsPerNode(4000, 900, 1), 4000);
  EXPECT_EQ(*PortsPerNode(0, 900, 1), 32);
  EXPECT_FALSE(PortsPerNode(12, 10, 1).ok());
}

TEST(LbAllocation, CapacityErrorIsTheResourceProvidersText) {
  Status s = CheckCapacity(9, 8000, 1);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "Load balancer profile allocated ports 8000 is not in an allowable range given the "
            "number of nodes and IPs provisioned. Total node count 9 requires 72000 ports but "
            "only 64000 ports are available given 1 outbound public IPs.");
  EXPECT_TRUE(CheckCapacity(8, 8000, 1).ok());  // exactly 64,000
  EXPECT_STREQ(kInvalidAllocatedOutboundPortsCode,
               "InvalidLoadBalancerProfileAllocatedOutboundPorts");
}

TEST(LbAllocation, MaxNodesWorkedExamples) {
  // reference/azure.md §3.4 (AKS doc examples).
  EXPECT_EQ(MaxNodes(1000, 2), 128);
  EXPECT_EQ(MaxNodes(1000, 7), 448);
  EXPECT_EQ(MaxNodes(4000, 2), 32);
  EXPECT_EQ(MaxNodes(4000, 7), 112);
  // A fractional case floors, consistent with the RP check.
  EXPECT_EQ(MaxNodes(5000, 1), 12);  // 12.8; 13 nodes would need 65,000
  EXPECT_TRUE(CheckCapacity(12, 5000, 1).ok());
  EXPECT_FALSE(CheckCapacity(13, 5000, 1).ok());
  for (int ports : {8, 1000, 3000, 4000, 64000}) {
    for (int ips : {1, 2, 7}) {
      const int64_t n = MaxNodes(ports, ips);
      EXPECT_TRUE(CheckCapacity(static_cast<int>(n), ports, ips).ok()) << ports << "x" << ips;
      EXPECT_FALSE(CheckCapacity(static_cast<int>(n + 1), ports, ips).ok()) << ports;
    }
  }
}

TEST(LbAllocation, SurgeAndMaxCountCountTowardsCapacity) {
  // Doc example: 100 nodes x 4000 = 400,000; 7 IPs x 64000 = 448,000; 2 surge nodes x 4000.
  std::vector<NodePoolScale> pools{{100, 0, 2}};
  EXPECT_EQ(NodesForCapacityCheck(pools), 102);
  EXPECT_EQ(AvailableOutboundPorts(7) - 100 * 4000, 48000);
  EXPECT_TRUE(CheckCapacity(NodesForCapacityCheck(pools), 4000, 7).ok());
  // An autoscaler that may grow to 120 counts as 120 (+ surge).
  pools = {{100, 120, 2}, {3, 0, 1}};
  EXPECT_EQ(NodesForCapacityCheck(pools), 122 + 4);
  Status s = CheckCapacity(NodesForCapacityCheck(pools), 4000, 7);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("Total node count 126 requires 504000 ports but only 448000"),
            std::string::npos);
}

TEST(LbAllocation, RetierHalvesAtTableBoundaries) {
  Result<Retier> r = RetierOnScale(48, 52, 1);  // AKS doc: 1024 -> 512
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->old_ports, 1024);
  EXPECT_EQ(r->new_ports, 512);
  EXPECT_TRUE(r->crossed_tier);
  r = RetierOnScale(100, 101, 1);
  EXPECT_EQ(r->new_ports, 256);
  r = RetierOnScale(60, 90, 1);
  EXPECT_FALSE(r->crossed_tier);
  EXPECT_EQ(r->new_ports, r->old_ports);
  // Two IPs: min(512 x 2, 1024) = 1024 either side, so crossing 50 changes nothing.
  r = RetierOnScale(48, 52, 2);
  EXPECT_TRUE(r->crossed_tier);
  EXPECT_EQ(r->old_ports, 1024);
  EXPECT_EQ(r->new_ports, 1024);
  // Scaling in gives ports back.
  r = RetierOnScale(801, 400, 1);
  EXPECT_EQ(r->old_ports, 32);
  EXPECT_EQ(r->new_ports, 128);
  EXPECT_EQ(DefaultTierIndex(1), 0);
  EXPECT_EQ(DefaultTierIndex(1000), 5);
  EXPECT_EQ(DefaultTierIndex(1001), 6);
}

TEST(LbAllocation, IdleTimeoutRangesAndDefaults) {
  EXPECT_EQ(LbOutboundRule::Aks().idle_timeout_minutes, 30);  // contradiction C2
  EXPECT_TRUE(LbOutboundRule::Aks().enable_tcp_reset);
  EXPECT_EQ(LbOutboundRule::PlainStandard().idle_timeout_minutes, 4);
  EXPECT_FALSE(LbOutboundRule::PlainStandard().enable_tcp_reset);
  EXPECT_EQ(LbOutboundRule::Aks().fin_release_seconds, 240);  // historical, §2.6
  EXPECT_EQ(LbOutboundRule::Aks().rst_release_seconds, 15);

  EXPECT_TRUE(ValidateLbIdleTimeout(4).ok());
  EXPECT_TRUE(ValidateLbIdleTimeout(120).ok());
  EXPECT_FALSE(ValidateLbIdleTimeout(3).ok());
  EXPECT_EQ(ValidateLbIdleTimeout(121).message(),
            "idleTimeoutInMinutes 121 is out of range; expected 4 to 120 minutes");
  // Contradiction C1: the az CLI stops at 100.
  EXPECT_TRUE(ValidateLbIdleTimeout(100, IdleTimeoutLimit::kAzCli).ok());
  EXPECT_EQ(ValidateLbIdleTimeout(101, IdleTimeoutLimit::kAzCli).message(),
            "--load-balancer-idle-timeout must be in the range [4,100]");
}

TEST(LbAllocation, ValidateOutboundRule) {
  EXPECT_TRUE(ValidateOutboundRule(LbOutboundRule::Aks()).ok());
  LbOutboundRule rule;
  rule.frontend_ips = 0;
  EXPECT_FALSE(ValidateOutboundRule(rule).ok());
  rule.frontend_ips = 101;
  EXPECT_FALSE(ValidateOutboundRule(rule).ok());
  rule = LbOutboundRule::Aks();
  rule.allocated_outbound_ports = 1001;
  EXPECT_EQ(ValidateOutboundRule(rule).message(),
            "--load-balancer-allocated-ports must be a multiple of 8");
  rule = LbOutboundRule::Aks();
  rule.fin_release_seconds = -1;
  EXPECT_FALSE(ValidateOutboundRule(rule).ok());
  rule = LbOutboundRule::Aks();
  rule.allocation.ports_beyond_table = 12;
  EXPECT_FALSE(ValidateOutboundRule(rule).ok());
}

}  // namespace
}  // namespace tunnelsim::snat
