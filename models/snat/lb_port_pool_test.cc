#include "models/snat/lb_port_pool.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>
#include <vector>

#include "models/snat/rng.h"

namespace tunnelsim::snat {
namespace {

Destination Tcp(uint32_t ip, uint16_t port) { return {Ipv4Address(ip), port, IpProtocol::kTcp}; }
Destination Udp(uint32_t ip, uint16_t port) { return {Ipv4Address(ip), port, IpProtocol::kUdp}; }

TEST(LowestFreeSet, TakesLowestAndRespectsCapacity) {
  LowestFreeSet set(100);  // not a multiple of 64: padding must never be handed out
  for (int i = 0; i < 100; ++i) ASSERT_EQ(set.TakeLowest(), i);
  EXPECT_EQ(set.TakeLowest(), -1);
  set.Free(70);
  set.Free(3);
  EXPECT_EQ(set.TakeLowest(), 3);
  EXPECT_EQ(set.TakeLowest(), 70);
  EXPECT_EQ(set.TakeLowest(), -1);
  LowestFreeSet empty(0);
  EXPECT_EQ(empty.TakeLowest(), -1);
}

TEST(LowestFreeSet, FullSizeAndResize) {
  LowestFreeSet set(64000);
  for (int i = 0; i < 64000; ++i) ASSERT_EQ(set.TakeLowest(), i);
  EXPECT_EQ(set.TakeLowest(), -1);
  set.Free(63999);
  set.Free(4096);
  EXPECT_EQ(set.TakeLowest(), 4096);
  EXPECT_EQ(set.TakeLowest(), 63999);
  for (int i = 8; i < 64000; ++i) set.Free(i);
  set.Resize(8);  // shrink: only 0..7 are taken
  EXPECT_EQ(set.TakeLowest(), -1);
  set.Resize(200);  // grow: the new indices are free
  EXPECT_EQ(set.TakeLowest(), 8);
  EXPECT_TRUE(set.Taken(7));
  EXPECT_FALSE(set.Taken(9));
}

TEST(DestinationKeys, LoadBalancerUdpIgnoresTheDestinationPort) {
  DestinationTable lb(SnatKeyKind::kLoadBalancer);
  // reference/azure.md §2.4: TCP keys on IP and port, UDP on IP only.
  EXPECT_NE(lb.Intern(Tcp(1, 443)), lb.Intern(Tcp(1, 80)));
  EXPECT_EQ(lb.Intern(Udp(1, 53)), lb.Intern(Udp(1, 123)));
  EXPECT_NE(lb.Intern(Udp(1, 53)), lb.Intern(Tcp(1, 53)));  // protocol always separates
  EXPECT_NE(lb.Intern(Tcp(1, 443)), lb.Intern(Tcp(2, 443)));
  DestinationTable nat(SnatKeyKind::kNatGateway);
  EXPECT_NE(nat.Intern(Udp(1, 53)), nat.Intern(Udp(1, 123)));
  EXPECT_EQ(nat.size(), 2u);
}

TEST(LbPortPool, LowestPortFirst) {
  LbPortPool pool(1024, 1);
  EXPECT_EQ(pool.Acquire(0), 0);
  EXPECT_EQ(pool.Acquire(0), 1);
  EXPECT_EQ(pool.Acquire(0), 2);
  pool.Release(0, 1);
  EXPECT_EQ(pool.Acquire(0), 1);
  EXPECT_EQ(pool.Acquire(0), 3);
  EXPECT_TRUE(pool.Holds(0, 3));
  EXPECT_FALSE(pool.Holds(0, 4));
}

TEST(LbPortPool, ExhaustionIsPerDestination) {
  LbPortPool pool(8, 2);
  for (int i = 0; i < 8; ++i) ASSERT_EQ(pool.Acquire(0), i);
  EXPECT_FALSE(pool.CanAcquire(0));
  EXPECT_EQ(pool.Acquire(0), -1);  // the 9th concurrent flow to one IP:port fails
  // The same 8 ports still serve another destination.
  for (int i = 0; i < 8; ++i) ASSERT_EQ(pool.Acquire(1), i);
  EXPECT_EQ(pool.Acquire(1), -1);
  EXPECT_EQ(pool.InUse(0), 8);
  EXPECT_EQ(pool.UsedPorts(), 8);  // shared ports count once
  pool.Release(0, 5);
  EXPECT_TRUE(pool.CanAcquire(0));
  EXPECT_EQ(pool.Acquire(0), 5);
}

TEST(LbPortPool, UsedPortsCountsDistinctPorts) {
  LbPortPool pool(64, 2);
  for (int i = 0; i < 5; ++i) pool.Acquire(0);  // 0..4
  for (int i = 0; i < 3; ++i) pool.Acquire(1);  // 0..2
  EXPECT_EQ(pool.UsedPorts(), 5);
  pool.Release(0, 4);
  EXPECT_EQ(pool.UsedPorts(), 4);
  pool.Release(0, 0);  // destination 1 still holds port 0
  EXPECT_EQ(pool.UsedPorts(), 4);
  pool.Release(1, 0);
  EXPECT_EQ(pool.UsedPorts(), 3);
}

TEST(LbPortPool, ShrinkAndGrow) {
  LbPortPool pool(1024, 1);
  for (int i = 0; i < 600; ++i) pool.Acquire(0);
  for (int p = 512; p < 600; ++p) pool.Release(0, p);  // the re-tiered flows die first
  pool.SetAllocatedPorts(512);
  EXPECT_EQ(pool.allocated_ports(), 512);
  EXPECT_EQ(pool.Acquire(0), -1);
  EXPECT_EQ(pool.UsedPorts(), 512);
  pool.SetAllocatedPorts(1024);
  EXPECT_EQ(pool.Acquire(0), 512);
}

TEST(LbPortPool, ReleaseAllAtOrAbove) {
  LbPortPool pool(64, 2);
  for (int i = 0; i < 40; ++i) pool.Acquire(0);
  for (int i = 0; i < 20; ++i) pool.Acquire(1);
  EXPECT_EQ(pool.ReleaseAllAtOrAbove(16), 24 + 4);
  EXPECT_EQ(pool.InUse(0), 16);
  EXPECT_EQ(pool.InUse(1), 16);
  EXPECT_EQ(pool.UsedPorts(), 16);
  pool.SetAllocatedPorts(16);
  EXPECT_FALSE(pool.CanAcquire(0));
}

// Random operations against a brute-force model: lowest-first per destination, success iff
// InUse(d) < allocated, and distinct-port counting.
TEST(LbPortPool, MatchesBruteForceModel) {
  constexpr int kPorts = 40;
  constexpr int kDests = 3;
  LbPortPool pool(kPorts, kDests);
  std::vector<std::set<int>> held(kDests);
  std::vector<std::pair<int, int>> live;
  Rng rng(7);
  for (int step = 0; step < 20000; ++step) {
    if (live.empty() || rng.Below(100) < 55) {
      const int d = static_cast<int>(rng.Below(kDests));
      int expected = -1;
      for (int p = 0; p < kPorts; ++p) {
        if (!held[d].count(p)) {
          expected = p;
          break;
        }
      }
      ASSERT_EQ(pool.CanAcquire(d), expected >= 0);
      ASSERT_EQ(pool.Acquire(d), expected);
      if (expected >= 0) {
        held[d].insert(expected);
        live.push_back({d, expected});
      }
    } else {
      const size_t i = rng.Below(live.size());
      pool.Release(live[i].first, live[i].second);
      held[live[i].first].erase(live[i].second);
      live[i] = live.back();
      live.pop_back();
    }
    std::set<int> all;
    for (const auto& s : held) all.insert(s.begin(), s.end());
    ASSERT_EQ(pool.UsedPorts(), static_cast<int>(all.size()));
    for (int d = 0; d < kDests; ++d) ASSERT_EQ(pool.InUse(d), static_cast<int>(held[d].size()));
  }
}

}  // namespace
}  // namespace tunnelsim::snat
