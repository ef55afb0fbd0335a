// The Load Balancer's default SNAT port table at every tier boundary (reference/azure.md §2.2).
#include "engine/capacity/lb_default_ports.h"

#include <gtest/gtest.h>

namespace tunnelsim::capacity {
namespace {

TEST(DefaultSnatPortsTest, TierBoundariesWithOneFrontendIp) {
  EXPECT_EQ(DefaultSnatPortsPerNode(1, 1), 1024);
  EXPECT_EQ(DefaultSnatPortsPerNode(50, 1), 1024);
  EXPECT_EQ(DefaultSnatPortsPerNode(51, 1), 512);
  EXPECT_EQ(DefaultSnatPortsPerNode(100, 1), 512);
  EXPECT_EQ(DefaultSnatPortsPerNode(101, 1), 256);
  EXPECT_EQ(DefaultSnatPortsPerNode(200, 1), 256);
  EXPECT_EQ(DefaultSnatPortsPerNode(201, 1), 128);
  EXPECT_EQ(DefaultSnatPortsPerNode(400, 1), 128);
  EXPECT_EQ(DefaultSnatPortsPerNode(401, 1), 64);
  EXPECT_EQ(DefaultSnatPortsPerNode(800, 1), 64);
  EXPECT_EQ(DefaultSnatPortsPerNode(801, 1), 32);
  EXPECT_EQ(DefaultSnatPortsPerNode(1000, 1), 32);
}

TEST(DefaultSnatPortsTest, NoRowOutsideTheTable) {
  // The table stops at 1,000 instances; beyond it Azure's documents say nothing.
  EXPECT_EQ(DefaultSnatPortsPerNode(1001, 1), std::nullopt);
  EXPECT_EQ(DefaultSnatPortsPerNode(5000, 4), std::nullopt);
  EXPECT_EQ(DefaultSnatPortsPerNode(0, 1), std::nullopt);
  EXPECT_EQ(DefaultSnatPortsPerNode(10, 0), std::nullopt);
}

TEST(DefaultSnatPortsTest, SeveralFrontendIpsMultiplyUpTo1024) {
  EXPECT_EQ(DefaultSnatPortsPerNode(50, 2), 1024);  // 2 x 1,024 capped
  EXPECT_EQ(DefaultSnatPortsPerNode(51, 2), 1024);  // 2 x 512
  EXPECT_EQ(DefaultSnatPortsPerNode(101, 2), 512);  // 2 x 256
  EXPECT_EQ(DefaultSnatPortsPerNode(401, 3), 192);  // 3 x 64
  EXPECT_EQ(DefaultSnatPortsPerNode(1000, 100), 1024);
  EXPECT_EQ(DefaultSnatPortsPerNode(801, 5), 160);
}

}  // namespace
}  // namespace tunnelsim::capacity
