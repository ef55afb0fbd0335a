#include "models/snat/nat_gateway.h"

#include <gtest/gtest.h>

namespace tunnelsim::snat {
namespace {

TEST(NatGateway, DocumentedNumbers) {
  EXPECT_EQ(kNatPortsPerIp, 64512);  // not the Load Balancer's 64,000 (contradiction C3)
  EXPECT_EQ(kNatMaxIps, 16);
  EXPECT_EQ(kNatMaxConnectionsPerIpPerDestination, 50000);
  NatGatewayConfig c;
  EXPECT_EQ(c.tcp_idle_timeout_minutes, 4);
  EXPECT_EQ(c.fin_cooldown_seconds, 65);
  EXPECT_EQ(c.rst_cooldown_seconds, 16);
  EXPECT_EQ(c.half_open_cooldown_seconds, 30);
  EXPECT_EQ(c.udp_cooldown_seconds, 65);
  EXPECT_EQ(kNatUdpIdleTimeoutMinutes, 4);
  c.public_ips = 16;
  EXPECT_EQ(NatGatewayPorts(c, 1).PortsPerDestination(), 16 * 64512);  // over 1 million
}

TEST(NatGateway, ValidationUsesCliMessages) {
  NatGatewayConfig c;
  EXPECT_TRUE(ValidateNatGateway(c).ok());
  c.public_ips = 17;
  EXPECT_EQ(ValidateNatGateway(c).message(),
            "--nat-gateway-managed-outbound-ip-count must be in the range [1,16]");
  c.public_ips = 0;
  EXPECT_FALSE(ValidateNatGateway(c).ok());
  c = NatGatewayConfig{};
  c.tcp_idle_timeout_minutes = 121;
  EXPECT_EQ(ValidateNatGateway(c).message(),
            "--nat-gateway-idle-timeout must be in the range [4,120]");
  c.tcp_idle_timeout_minutes = 3;
  EXPECT_FALSE(ValidateNatGateway(c).ok());
  c.tcp_idle_timeout_minutes = 120;
  EXPECT_TRUE(ValidateNatGateway(c).ok());
  c.rst_cooldown_seconds = -1;
  EXPECT_FALSE(ValidateNatGateway(c).ok());
}

TEST(NatGateway, FiftyThousandPerIpPerDestination) {
  NatGatewayPorts nat(NatGatewayConfig{}, 2);
  Rng rng(1);
  for (int i = 0; i < 50000; ++i) ASSERT_TRUE(nat.Acquire(0, rng).ok());
  const NatAcquire a = nat.Acquire(0, rng);
  EXPECT_FALSE(a.ok());
  EXPECT_EQ(a.failure, NatFailure::kPerIpDestinationLimit);
  EXPECT_EQ(nat.AvailableFor(0), 0);
  EXPECT_TRUE(nat.Acquire(1, rng).ok());  // another destination is unaffected
  EXPECT_EQ(nat.Connections(), 50001);
}

TEST(NatGateway, CooldownBlocksOnlyTheSameDestination) {
  NatGatewayConfig c;
  c.max_connections_per_ip_per_destination = kNatPortsPerIp;  // isolate the port inventory
  NatGatewayPorts nat(c, 2);
  Rng rng(2);
  for (int i = 0; i < kNatPortsPerIp; ++i) ASSERT_TRUE(nat.Acquire(0, rng).ok());
  EXPECT_EQ(nat.Acquire(0, rng).failure, NatFailure::kPortsExhausted);
  nat.StartCooldown(0, 0);  // one flow closed: in hold-down for destination 0
  EXPECT_EQ(nat.InUse(0), kNatPortsPerIp - 1);
  EXPECT_EQ(nat.CoolingDown(0), 1);
  EXPECT_EQ(nat.AvailableFor(0), 0);
  EXPECT_FALSE(nat.Acquire(0, rng).ok());
  EXPECT_TRUE(nat.Acquire(1, rng).ok());  // the cooling port is fine for another destination
  nat.EndCooldown(0, 0);
  EXPECT_EQ(nat.AvailableFor(0), 1);
  EXPECT_TRUE(nat.Acquire(0, rng).ok());
  nat.Release(0, 0);  // no hold-down
  EXPECT_EQ(nat.AvailableFor(0), 1);
}

TEST(NatGateway, RandomChoiceSpreadsOverIps) {
  NatGatewayConfig c;
  c.public_ips = 2;
  NatGatewayPorts nat(c, 1);
  Rng rng(3);
  int on_first = 0;
  for (int i = 0; i < 20000; ++i) on_first += nat.Acquire(0, rng).ip == 0 ? 1 : 0;
  // Binomial(20000, ~0.5): sd ~ 71.
  EXPECT_NEAR(on_first, 10000, 400);
  EXPECT_EQ(nat.PortsPerDestination(), 2 * 64512);
}

TEST(NatGateway, FullIpIsSkipped) {
  NatGatewayConfig c;
  c.public_ips = 2;
  c.max_connections_per_ip_per_destination = 100;
  NatGatewayPorts nat(c, 1);
  Rng rng(4);
  int on_first = 0;
  for (int i = 0; i < 200; ++i) {
    const NatAcquire a = nat.Acquire(0, rng);
    ASSERT_TRUE(a.ok()) << i;
    on_first += a.ip == 0;
  }
  EXPECT_EQ(on_first, 100);  // both IPs filled to their per-destination limit
  EXPECT_EQ(nat.Acquire(0, rng).failure, NatFailure::kPerIpDestinationLimit);
}

TEST(NatGateway, TotalConnectionLimit) {
  NatGatewayConfig c;
  c.max_connections = 10;
  NatGatewayPorts nat(c, 3);
  Rng rng(5);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(nat.Acquire(i % 3, rng).ok());
  EXPECT_EQ(nat.Acquire(0, rng).failure, NatFailure::kConnectionLimit);
  nat.StartCooldown(1, 0);  // cooling ports are not connections
  EXPECT_TRUE(nat.Acquire(2, rng).ok());
}

}  // namespace
}  // namespace tunnelsim::snat
