#include "models/snat/rate_profile.h"

#include <gtest/gtest.h>

namespace tunnelsim::snat {
namespace {

TEST(RateProfile, Constant) {
  RateProfile p = RateProfile::Constant(4);
  EXPECT_TRUE(p.constant());
  EXPECT_EQ(p.RateAt(123), 4);
  EXPECT_DOUBLE_EQ(p.AdvanceByIntegral(10, 2), 10.5);
  EXPECT_EQ(RateProfile::Constant(0).AdvanceByIntegral(0, 1), RateProfile::kNever);
}

TEST(RateProfile, LinearRamp) {
  // 0 -> 10 per second over 100 s: the integral from 0 to T is 0.05 T^2.
  RateProfile p = *RateProfile::PiecewiseLinear({{0, 0}, {100, 10}});
  EXPECT_DOUBLE_EQ(p.RateAt(50), 5);
  EXPECT_NEAR(p.AdvanceByIntegral(0, 5), 10, 1e-9);
  EXPECT_NEAR(p.AdvanceByIntegral(10, 15), 20, 1e-9);  // 0.05 (400 - 100) = 15
  // Past the last point the last rate holds: 500 from 0..100, then 10/s.
  EXPECT_NEAR(p.AdvanceByIntegral(0, 600), 110, 1e-9);
  // A falling ramp.
  RateProfile down = *RateProfile::PiecewiseLinear({{0, 10}, {100, 0}});
  EXPECT_NEAR(down.AdvanceByIntegral(0, 500), 100, 1e-6);
  EXPECT_EQ(down.AdvanceByIntegral(0, 500.001), RateProfile::kNever);
}

TEST(RateProfile, StepIsRightContinuous) {
  RateProfile p = *RateProfile::PiecewiseLinear({{0, 1}, {50, 1}, {50, 3}});
  EXPECT_EQ(p.RateAt(49.999), 1);
  EXPECT_EQ(p.RateAt(50), 3);
  EXPECT_NEAR(p.AdvanceByIntegral(40, 16), 52, 1e-9);  // 10 before the step, 6 after at 3/s
  EXPECT_EQ(p.RateAt(0), 1);
}

TEST(RateProfile, PeriodicProfile) {
  // Off for 10 s, 2/s for 10 s, repeating every 20 s.
  RateProfile p = *RateProfile::PiecewiseLinear({{0, 0}, {10, 0}, {10, 2}, {20, 2}}, 20);
  EXPECT_EQ(p.RateAt(5), 0);
  EXPECT_EQ(p.RateAt(15), 2);
  EXPECT_EQ(p.RateAt(25), 0);
  EXPECT_EQ(p.RateAt(35), 2);
  EXPECT_NEAR(p.AdvanceByIntegral(0, 30), 35, 1e-9);
  EXPECT_NEAR(p.AdvanceByIntegral(0, 20), 20, 1e-9);
  EXPECT_EQ(p.MaxRate(), 2);
}

TEST(RateProfile, PeriodicProfileSkipsWholePeriods) {
  // 20 per period (as above): 1,000,030 = 50,001 periods + 10 more -> 50,001 x 20 + 15 s.
  RateProfile p = *RateProfile::PiecewiseLinear({{0, 0}, {10, 0}, {10, 2}, {20, 2}}, 20);
  EXPECT_NEAR(p.AdvanceByIntegral(0, 1'000'030), 1'000'035, 1e-6);
  // Mid-period start: 5 s to the ramp-on, then 1,000 periods and 5 s at 2/s.
  EXPECT_NEAR(p.AdvanceByIntegral(5, 20'010), 5 + 5 + 20'000 + 5, 1e-6);
}

TEST(RateProfile, TinyPeriodicRateAnswersAtOnce) {
  // A daily profile of 1e-300/s: the next arrival is about 1e300 s away, found in a few
  // pieces rather than one per day (which never finished).
  RateProfile p = *RateProfile::PiecewiseLinear({{0, 1e-300}}, 86400);
  const double next = p.AdvanceByIntegral(0, 1);
  EXPECT_GT(next, 0.99e300);
  EXPECT_LT(next, 1.01e300);
}

TEST(RateProfile, ZeroWidthSpikeCarriesNoMass) {
  // 5/s only at the instant t = 10 of each period: nothing ever arrives.
  RateProfile p = *RateProfile::PiecewiseLinear({{0, 0}, {10, 0}, {10, 5}, {10, 0}}, 100);
  EXPECT_EQ(p.MaxRate(), 5);
  EXPECT_EQ(p.AdvanceByIntegral(0, 1), RateProfile::kNever);
}

TEST(RateProfile, CopiesAnswerAsTheOriginal) {
  RateProfile p = *RateProfile::PiecewiseLinear({{0, 1}, {60, 3}});
  const RateProfile copy = p;
  EXPECT_EQ(copy.RateAt(30), 2);
  EXPECT_EQ(copy.AdvanceByIntegral(0, 120), p.AdvanceByIntegral(0, 120));
}

TEST(RateProfile, RejectsBadPoints) {
  EXPECT_FALSE(RateProfile::PiecewiseLinear({}).ok());
  EXPECT_FALSE(RateProfile::PiecewiseLinear({{10, 1}, {5, 1}}).ok());
  EXPECT_FALSE(RateProfile::PiecewiseLinear({{0, -1}}).ok());
  EXPECT_FALSE(RateProfile::PiecewiseLinear({{0, 1}, {30, 1}}, 20).ok());
  EXPECT_FALSE(RateProfile::PiecewiseLinear({{0, 1}}, -5).ok());
  EXPECT_TRUE(RateProfile::PiecewiseLinear({{0, 1}, {20, 1}}, 20).ok());
}

}  // namespace
}  // namespace tunnelsim::snat
