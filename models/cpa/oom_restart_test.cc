// SimulateOomRestarts (oom_restart.h) on small cases worked out by hand. Capacity 584 streams
// is the cause 6 agent: (125 MiB - 20 MiB) / 184 KiB per stream.
#include "models/cpa/oom_restart.h"

#include <gtest/gtest.h>

namespace tunnelsim::cpa {
namespace {

constexpr int64_t kCapacity = 584;

OomRestartReport Simulate(std::vector<ReplicaGroup> initial, int64_t forced = 0,
                          int64_t connections = 1, int64_t window = 600) {
  OomRestartInput in;
  in.initial = std::move(initial);
  in.capacity = kCapacity;
  in.forced_kills = forced;
  in.connections_per_replica = connections;
  in.window_seconds = window;
  Result<OomRestartReport> r = SimulateOomRestarts(in);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : OomRestartReport{};
}

TEST(OomRestart, EvenSpreadAndStreamCapacity) {
  EXPECT_EQ(EvenSpread(1169, 2), (std::vector<ReplicaGroup>{{1, 585}, {1, 584}}));
  EXPECT_EQ(EvenSpread(1440, 2), (std::vector<ReplicaGroup>{{2, 720}}));
  EXPECT_EQ(EvenSpread(2, 5), (std::vector<ReplicaGroup>{{2, 1}, {3, 0}}));
  EXPECT_TRUE(EvenSpread(5, 0).empty());
  AgentMemoryModel cause6;
  cause6.buffer_fill = 0.2;  // 64 KiB + 20% of 600 KiB = 184 KiB per stream
  EXPECT_EQ(StreamCapacity(cause6, 125 * kMiB), kCapacity);
  EXPECT_EQ(StreamCapacity(cause6, 20 * kMiB), 0);
  EXPECT_EQ(StreamCapacity(cause6, 20 * kMiB - 1), -1);
  AgentMemoryModel free_streams;
  free_streams.idle_stream_bytes = 0;
  EXPECT_EQ(StreamCapacity(free_streams, 125 * kMiB), std::numeric_limits<int64_t>::max());
}

TEST(OomRestart, NothingHappensUnderTheLimit) {
  OomRestartReport r = Simulate(EvenSpread(1752, 3), 0, 2);  // 584 each, exactly at capacity
  EXPECT_EQ(r.replicas, 3);
  EXPECT_EQ(r.over_limit_at_start, 0);
  EXPECT_EQ(r.kills, 0);
  EXPECT_EQ(r.restarts, 0);
  EXPECT_EQ(r.stream_breaks, 0);
  EXPECT_FALSE(r.cascade);
  EXPECT_EQ(r.settled_seconds, 0);
  EXPECT_EQ(r.peak_connections_per_replica, 2);  // its open connection to each server
}

TEST(OomRestart, SingleKillWhenTheOthersHaveHeadroom) {
  // 600 streams on one replica, 200 on two others: the 600 go, the 1,000 streams spread as
  // 500 + 500 fit, the killed replica comes back at once and all hold 334/333/333.
  OomRestartReport r = Simulate({{1, 600}, {2, 200}}, 0, 2);
  EXPECT_EQ(r.over_limit_at_start, 1);
  EXPECT_EQ(r.kills, 1);
  EXPECT_EQ(r.replicas_killed, 1);
  EXPECT_FALSE(r.cascade);
  EXPECT_EQ(r.stream_breaks, 600);
  EXPECT_EQ(r.restarts, 1);
  EXPECT_EQ(r.redials, 2);
  EXPECT_EQ(r.max_backoff_seconds, 0);
  EXPECT_EQ(r.no_agent_seconds, 0);
  EXPECT_EQ(r.settled_seconds, 0);
  // The killed process's two connections hold their ports 240 s more beside the new ones.
  EXPECT_EQ(r.peak_connections_per_replica, 4);
}

TEST(OomRestart, CascadeWhenTheOthersCannotTakeTheLoad) {
  // 700 go first; 1,300 streams on two replicas are 650 each: both go too (a cascade). All
  // three come back at once (first exits) and 434/433/433 fit.
  OomRestartReport r = Simulate({{1, 700}, {2, 300}});
  EXPECT_EQ(r.over_limit_at_start, 1);
  EXPECT_TRUE(r.cascade);
  EXPECT_EQ(r.replicas_killed, 3);
  EXPECT_EQ(r.kills, 3);
  EXPECT_EQ(r.stream_breaks, 700 + 1300);
  EXPECT_EQ(r.restarts, 3);
  EXPECT_EQ(r.settled_seconds, 0);
}

TEST(OomRestart, OneForcedKillIsAbsorbedOrCascades) {
  // 900 streams on three replicas: one lost, two carry 450 each.
  OomRestartReport absorbed = Simulate(EvenSpread(900, 3), 1);
  EXPECT_EQ(absorbed.over_limit_at_start, 0);
  EXPECT_EQ(absorbed.kills, 1);
  EXPECT_FALSE(absorbed.cascade);
  EXPECT_EQ(absorbed.stream_breaks, 300);
  EXPECT_EQ(absorbed.settled_seconds, 0);
  // 880 streams on two replicas (cause 6 at 500 nodes): the survivor would need 880.
  OomRestartReport cascade = Simulate(EvenSpread(880, 2), 1);
  EXPECT_TRUE(cascade.cascade);
  EXPECT_EQ(cascade.kills, 2);
  EXPECT_EQ(cascade.stream_breaks, 440 + 880);
  EXPECT_EQ(cascade.restarts, 2);
  EXPECT_EQ(cascade.settled_seconds, 0);
  // The busiest replica is the one forced out.
  EXPECT_EQ(Simulate({{1, 10}, {1, 500}}, 1).stream_breaks, 500);
}

TEST(OomRestart, CrashLoopFollowsTheKubeletBackOff) {
  // One replica and 1,000 streams: killed at 0, restarted at once and killed again, then
  // restarted at 10, 30, 70, 150 and 310 s and killed each time; the next restart is at 610.
  OomRestartReport r = Simulate(EvenSpread(1000, 1), 0, 1, 600);
  EXPECT_EQ(r.kills, 7);
  EXPECT_EQ(r.restarts, 6);
  EXPECT_EQ(r.stream_breaks, 7000);
  EXPECT_EQ(r.max_backoff_seconds, 300);
  EXPECT_EQ(r.no_agent_seconds, 600);
  EXPECT_FALSE(r.settled_seconds.has_value());
  EXPECT_FALSE(r.cascade);
  // At 150 s: the first connection (closed at 0) and those opened at 0, 10, 30, 70 and 150.
  EXPECT_EQ(r.peak_connections_per_replica, 6);
  OomRestartReport longer = Simulate(EvenSpread(1000, 1), 0, 3, 1200);
  EXPECT_EQ(longer.restarts, 8);  // + 610 and 910
  EXPECT_EQ(longer.redials, 24);
  EXPECT_EQ(longer.peak_connections_per_replica, 18);
}

TEST(OomRestart, ReplicasAllOverTheLimitDieTogetherWithoutCascade) {
  // Cause 6 at 1,200 nodes: 2 x 720 streams.
  OomRestartReport r = Simulate(EvenSpread(1440, 2));
  EXPECT_EQ(r.over_limit_at_start, 2);
  EXPECT_FALSE(r.cascade);
  EXPECT_EQ(r.kills, 14);
  EXPECT_EQ(r.restarts, 12);
  EXPECT_EQ(r.stream_breaks, 7 * 1440);
  // Cause 6 at 861 nodes: 585 + 584, one over; the other follows, in every round.
  OomRestartReport first = Simulate(EvenSpread(1169, 2));
  EXPECT_EQ(first.over_limit_at_start, 1);
  EXPECT_TRUE(first.cascade);
  EXPECT_EQ(first.replicas_killed, 2);
  EXPECT_EQ(first.kills, 14);
  EXPECT_EQ(first.stream_breaks, 7 * (585 + 1169));
  EXPECT_FALSE(first.settled_seconds.has_value());
}

TEST(OomRestart, AgentsOverTheLimitWhenIdleAndManyReplicas) {
  OomRestartInput idle;
  idle.initial = {{2, 0}};  // 0 streams each, yet over a limit the base alone passes
  idle.capacity = -1;
  Result<OomRestartReport> r = SimulateOomRestarts(idle);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kills, 14);
  EXPECT_EQ(r->stream_breaks, 0);
  // A million replicas sharing one fate cost as much as one.
  OomRestartReport many = Simulate(EvenSpread(700'000'000, 1'000'000));
  EXPECT_EQ(many.replicas_killed, 1'000'000);
  EXPECT_EQ(many.restarts, 6'000'000);
}

TEST(OomRestart, RejectsInvalidInput) {
  // One replica holding 5 streams, with one thing changed.
  auto error = [](auto change) {
    OomRestartInput in;
    in.initial = {{1, 5}};
    change(in);
    return SimulateOomRestarts(in).status().message();
  };
  EXPECT_EQ(error([](OomRestartInput& in) {
              in.initial = {{-1, 5}};
            }),
            "replica group of -1 holding 5 streams; expected count >= 0 and 0..1000000000000 "
            "streams");
  EXPECT_EQ(error([](OomRestartInput& in) { in.capacity = -2; }),
            "stream capacity -2; expected -1 or more");
  EXPECT_EQ(error([](OomRestartInput& in) { in.forced_kills = 2; }),
            "2 forced kills of 1 replicas; expected 0..1");
  EXPECT_EQ(error([](OomRestartInput& in) { in.connections_per_replica = 0; }),
            "0 connections per replica; expected 1..1000");
  EXPECT_EQ(error([](OomRestartInput& in) { in.window_seconds = 0; }),
            "window 0 s, FIN hold 240 s; expected a window of 1..2592000 s and a hold >= 0");
  EXPECT_EQ(error([](OomRestartInput& in) {
              in.initial = {{3, 400'000'000'000}};
            }),
            "1200000000000 streams in all; expected at most 1000000000000");
  EXPECT_EQ(error([](OomRestartInput& in) { in.backoff.initial_seconds = 0; }),
            "restart back-off 0 s doubling to 300 s, reset after 600 s; expected 1 <= initial <= "
            "max and a reset time >= 0");
  EXPECT_EQ(error([](OomRestartInput&) {}), "");
}

}  // namespace
}  // namespace tunnelsim::cpa
