#include "models/snat/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "models/snat/binary_heap_queue.h"
#include "models/snat/rng.h"
#include "models/snat/timing_wheel_queue.h"

namespace tunnelsim::snat {
namespace {

class EventQueueTest : public ::testing::TestWithParam<EventQueueKind> {
 protected:
  std::unique_ptr<EventQueue> q_ = MakeEventQueue(GetParam());
};

TEST_P(EventQueueTest, PopsInTimeOrder) {
  EXPECT_TRUE(q_->Empty());
  q_->Push(50, 1);
  q_->Push(10, 2);
  q_->Push(1'000'000'000, 3);
  q_->Push(11, 4);
  EXPECT_EQ(q_->Size(), 4u);
  EXPECT_EQ(q_->Pop().data, 2u);
  EXPECT_EQ(q_->Pop().data, 4u);
  EXPECT_EQ(q_->Pop().data, 1u);
  const Event last = q_->Pop();
  EXPECT_EQ(last.time, 1'000'000'000);
  EXPECT_EQ(last.data, 3u);
  EXPECT_TRUE(q_->Empty());
}

TEST_P(EventQueueTest, EqualTimesLeaveInInsertionOrder) {
  for (uint64_t i = 0; i < 100; ++i) q_->Push(7, i);
  q_->Push(3, 1000);
  EXPECT_EQ(q_->Pop().data, 1000u);
  for (uint64_t i = 0; i < 50; ++i) EXPECT_EQ(q_->Pop().data, i);
  // Pushing at the current time joins the back of the line.
  q_->Push(7, 2000);
  for (uint64_t i = 50; i < 100; ++i) EXPECT_EQ(q_->Pop().data, i);
  EXPECT_EQ(q_->Pop().data, 2000u);
}

TEST_P(EventQueueTest, HugeTimes) {
  const SimTime big = (SimTime{1} << 62) + 12345;
  q_->Push(big, 1);
  q_->Push(big - 1, 2);
  q_->Push(0, 3);
  EXPECT_EQ(q_->Pop().time, 0);
  EXPECT_EQ(q_->Pop().time, big - 1);
  EXPECT_EQ(q_->Pop().time, big);
}

// A discrete-event workload (pop one, push a few later ones, many ties) checked against a
// stable sort of (time, insertion number).
TEST_P(EventQueueTest, MatchesStableOrderUnderSimulationLoad) {
  Rng rng(99);
  uint64_t seq = 0;
  std::vector<std::pair<SimTime, uint64_t>> pending;  // (time, seq), seq doubles as payload
  auto push = [&](SimTime t) {
    q_->Push(t, seq);
    pending.push_back({t, seq});
    ++seq;
  };
  for (int i = 0; i < 1000; ++i) push(static_cast<SimTime>(rng.Below(5000)));
  SimTime now = 0;
  for (int step = 0; step < 200000 && !pending.empty(); ++step) {
    auto it = std::min_element(pending.begin(), pending.end());  // smallest time, then seq
    const Event e = q_->Pop();
    ASSERT_EQ(e.time, it->first) << "step " << step;
    ASSERT_EQ(e.data, it->second) << "step " << step;
    now = e.time;
    *it = pending.back();
    pending.pop_back();
    if (step < 150000) {
      const int children = static_cast<int>(rng.Below(3));
      for (int c = 0; c < children; ++c) {
        const uint64_t kind = rng.Below(4);
        const SimTime delay = kind == 0   ? 0
                              : kind == 1 ? static_cast<SimTime>(rng.Below(64))
                              : kind == 2 ? static_cast<SimTime>(rng.Below(100000))
                                          : static_cast<SimTime>(rng.Below(1ull << 40));
        push(now + delay);
      }
      if (pending.size() > 3000) continue;
    }
  }
  EXPECT_EQ(q_->Size(), pending.size());
}

INSTANTIATE_TEST_SUITE_P(Both, EventQueueTest,
                         ::testing::Values(EventQueueKind::kTimingWheel,
                                           EventQueueKind::kBinaryHeap),
                         [](const auto& param_info) {
                           return param_info.param == EventQueueKind::kTimingWheel ? "TimingWheel"
                                                                                   : "BinaryHeap";
                         });

TEST(EventQueue, NamesAndFactory) {
  EXPECT_EQ(MakeEventQueue(EventQueueKind::kTimingWheel)->Name(), "timing-wheel");
  EXPECT_EQ(MakeEventQueue(EventQueueKind::kBinaryHeap)->Name(), "binary-heap");
  EXPECT_EQ(EventQueueKindName(EventQueueKind::kBinaryHeap), "binary-heap");
}

TEST(EventQueue, WheelAndHeapAgreeOnLongRuns) {
  TimingWheelQueue wheel;
  BinaryHeapQueue heap;
  Rng rng(5);
  for (int i = 0; i < 5000; ++i) {
    const SimTime t = static_cast<SimTime>(rng.Below(1'000'000));
    wheel.Push(t, static_cast<uint64_t>(i));
    heap.Push(t, static_cast<uint64_t>(i));
  }
  for (int i = 0; i < 300000; ++i) {
    const Event a = wheel.Pop();
    const Event b = heap.Pop();
    ASSERT_EQ(a.time, b.time);
    ASSERT_EQ(a.data, b.data);
    const SimTime t = a.time + static_cast<SimTime>(rng.Below(3'600'000'000ull));
    wheel.Push(t, a.data);
    heap.Push(t, a.data);
  }
  EXPECT_EQ(wheel.Size(), heap.Size());
}

}  // namespace
}  // namespace tunnelsim::snat
