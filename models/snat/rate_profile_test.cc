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
