// The kubelet's restart delays (crash_loop_backoff.h): 0 s, then 10 s doubling to 300 s,
// reset after 600 s of running (kubernetes.io pod lifecycle; kubelet doBackOff).
#include "models/cpa/crash_loop_backoff.h"

#include <gtest/gtest.h>

namespace tunnelsim::cpa {
namespace {

// Each restart is followed by an exit at once, as an agent that is OOM-killed on start.
std::vector<int64_t> RestartsOfACrashLoop(CrashLoopBackOff b, int exits) {
  std::vector<int64_t> restarts;
  int64_t t = 0;
  for (int i = 0; i < exits; ++i) restarts.push_back(t = b.RestartAfterExit(t));
  return restarts;
}

TEST(CrashLoopBackOff, FirstExitRestartsAtOnceThenDoublesFromTenSecondsToFiveMinutes) {
  EXPECT_EQ(RestartsOfACrashLoop(CrashLoopBackOff(), 10),
            (std::vector<int64_t>{0, 10, 30, 70, 150, 310, 610, 910, 1210, 1510}));
  CrashLoopBackOff b;
  b.RestartAfterExit(100);
  EXPECT_EQ(b.last_delay_seconds(), 0);
  EXPECT_EQ(b.RestartAfterExit(103), 113);  // the delay counts from the exit, not the restart
  EXPECT_EQ(b.last_delay_seconds(), 10);
}

TEST(CrashLoopBackOff, RunningMoreThanTenMinutesResetsTheBackOff) {
  CrashLoopBackOff b;
  EXPECT_EQ(b.RestartAfterExit(0), 0);
  EXPECT_EQ(b.RestartAfterExit(5), 15);
  EXPECT_EQ(b.RestartAfterExit(20), 40);  // 20 s now
  // Exactly 600 s after the last restart (40) is not yet "more than" 600: 40 s delay.
  EXPECT_EQ(b.RestartAfterExit(640), 680);
  // 601 s after that restart: a first exit again, restart at once, then 10 s.
  EXPECT_EQ(b.RestartAfterExit(1281), 1281);
  EXPECT_EQ(b.RestartAfterExit(1281), 1291);
}

TEST(CrashLoopBackOff, MaximumBelowTheInitialDelayAndValidation) {
  // MaxContainerRestartPeriod 2s: the delays start at the maximum.
  BackOffPolicy two{.initial_seconds = 2, .max_seconds = 2, .reset_after_seconds = 4};
  EXPECT_EQ(RestartsOfACrashLoop(CrashLoopBackOff(two), 4), (std::vector<int64_t>{0, 2, 4, 6}));
  EXPECT_TRUE(ValidateBackOffPolicy({}).ok());
  EXPECT_TRUE(ValidateBackOffPolicy(two).ok());
  BackOffPolicy zero;
  zero.initial_seconds = 0;
  EXPECT_EQ(ValidateBackOffPolicy(zero).message(),
            "restart back-off 0 s doubling to 300 s, reset after 600 s; expected 1 <= initial <= "
            "max and a reset time >= 0");
  EXPECT_FALSE(
      ValidateBackOffPolicy({.initial_seconds = 20, .max_seconds = 10, .reset_after_seconds = 600})
          .ok());
  EXPECT_FALSE(
      ValidateBackOffPolicy({.initial_seconds = 10, .max_seconds = 300, .reset_after_seconds = -1})
          .ok());
}

}  // namespace
}  // namespace tunnelsim::cpa
