#include "models/snat/event_lanes.h"

#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

namespace tunnelsim::snat {
namespace {

TEST(EventLanesTest, MergesLanesBySmallestKey) {
  EventLanes lanes;
  const uint32_t a = lanes.AddLane();
  const uint32_t b = lanes.AddLane();
  ASSERT_TRUE(lanes.TryPush(a, 10, 1));
  ASSERT_TRUE(lanes.TryPush(a, 30, 2));
  ASSERT_TRUE(lanes.TryPush(b, 20, 3));
  ASSERT_TRUE(lanes.TryPush(b, 40, 4));
  EXPECT_EQ(lanes.Size(), 4u);
  std::vector<uint64_t> order;
  while (!lanes.Empty()) {
    const SimTime min = lanes.MinKey();
    const Event e = lanes.Pop();
    EXPECT_EQ(e.time, min);
    order.push_back(e.data);
  }
  EXPECT_EQ(order, (std::vector<uint64_t>{1, 3, 2, 4}));
}

TEST(EventLanesTest, EqualKeysLeaveByLaneIdThenFifo) {
  EventLanes lanes;
  const uint32_t a = lanes.AddLane();
  const uint32_t b = lanes.AddLane();
  ASSERT_TRUE(lanes.TryPush(b, 5, 1));
  ASSERT_TRUE(lanes.TryPush(b, 5, 2));
  ASSERT_TRUE(lanes.TryPush(a, 5, 3));
  ASSERT_TRUE(lanes.TryPush(a, 5, 4));
  std::vector<uint64_t> order;
  while (!lanes.Empty()) order.push_back(lanes.Pop().data);
  EXPECT_EQ(order, (std::vector<uint64_t>{3, 4, 1, 2}));
}

TEST(EventLanesTest, RefusesAKeyBelowTheLanesLastKey) {
  EventLanes lanes;
  const uint32_t a = lanes.AddLane();
  ASSERT_TRUE(lanes.TryPush(a, 100, 1));
  EXPECT_FALSE(lanes.TryPush(a, 99, 2));
  EXPECT_EQ(lanes.Size(), 1u);
  // The order is kept even after the lane empties: the lane remembers its last key.
  EXPECT_EQ(lanes.Pop().data, 1u);
  EXPECT_FALSE(lanes.TryPush(a, 50, 3));
  EXPECT_TRUE(lanes.TryPush(a, 100, 4));
}

TEST(EventLanesTest, RingGrowsAcrossTheWrapAround) {
  EventLanes lanes;
  const uint32_t a = lanes.AddLane();
  SimTime pushed = 0;
  SimTime popped = 0;
  // Keep the ring partly full while pushing past its capacity several times.
  for (int round = 0; round < 200; ++round) {
    for (int i = 0; i < 7; ++i, ++pushed) {
      ASSERT_TRUE(lanes.TryPush(a, pushed, static_cast<uint64_t>(pushed)));
    }
    for (int i = 0; i < 5; ++i) {
      const Event e = lanes.Pop();
      ASSERT_EQ(e.time, popped);
      ASSERT_EQ(e.data, static_cast<uint64_t>(popped));
      ++popped;
    }
  }
  while (!lanes.Empty()) ASSERT_EQ(lanes.Pop().time, popped++);
  EXPECT_EQ(popped, pushed);
}

// Property: interleaved pushes and pops over many lanes give exactly the order of a stable
// sort by (key, lane id, push order), as the header promises.
TEST(EventLanesTest, MatchesAStableSortOfTheSamePushes) {
  std::mt19937_64 gen(7);
  EventLanes lanes;
  constexpr int kLanes = 9;
  for (int i = 0; i < kLanes; ++i) lanes.AddLane();
  std::vector<SimTime> last(kLanes, 0);
  // Pending model: (key, lane, seq, data).
  std::vector<std::tuple<SimTime, uint32_t, uint64_t, uint64_t>> pending;
  uint64_t seq = 0;
  SimTime now = 0;
  for (int step = 0; step < 20000; ++step) {
    if (pending.empty() || gen() % 3 != 0) {
      const uint32_t lane = static_cast<uint32_t>(gen() % kLanes);
      const SimTime key = std::max(last[lane], now) + static_cast<SimTime>(gen() % 4);
      ASSERT_TRUE(lanes.TryPush(lane, key, seq));
      last[lane] = key;
      pending.emplace_back(key, lane, seq, seq);
      ++seq;
    } else {
      auto min = std::min_element(pending.begin(), pending.end());
      const Event e = lanes.Pop();
      ASSERT_EQ(e.time, std::get<0>(*min));
      ASSERT_EQ(e.data, std::get<3>(*min));
      now = e.time;
      pending.erase(min);
    }
    ASSERT_EQ(lanes.Size(), pending.size());
  }
}

}  // namespace
}  // namespace tunnelsim::snat
