#include "models/snat/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace tunnelsim::snat {
namespace {

TEST(Rng, SplitMix64KnownValue) {
  uint64_t state = 0;
  EXPECT_EQ(SplitMix64(state), 0xe220a8397b1dcdafULL);  // the published first output for seed 0
}

TEST(Rng, LogMatchesStdLog) {
  Rng rng(11);
  for (int i = 0; i < 200000; ++i) {
    const double u = rng.UniformOpen();
    ASSERT_NEAR(Log(u), std::log(u), 2e-15 * std::fabs(std::log(u)) + 3e-16) << u;
  }
  for (double x :
       {1.0, 2.0, 0.5, 1e-16, 0x1.0p-54, 1.4142135623730951, 0.7071067811865476, 1e300}) {
    EXPECT_NEAR(Log(x), std::log(x), 2e-15 * std::fabs(std::log(x)) + 3e-16) << x;
  }
  EXPECT_EQ(Log(1.0), 0.0);
  const double near_one = 1 + 1e-12;  // the reduction is exact around 1: relative accuracy
  EXPECT_NEAR(Log(near_one), std::log(near_one), 1e-27);
}

TEST(Rng, SameSeedSameStreamDifferentSeedDifferent) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs |= x != c.Next();
  }
  EXPECT_TRUE(differs);
  Rng s0 = Rng::Stream(42, 0), s1 = Rng::Stream(42, 1), s0b = Rng::Stream(42, 0);
  const uint64_t first = s0.Next();
  EXPECT_EQ(first, s0b.Next());
  EXPECT_NE(first, s1.Next());
}

TEST(Rng, UniformRanges) {
  Rng rng(1);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const double v = rng.UniformOpen();
    ASSERT_GT(v, 0.0);
    ASSERT_LT(v, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 4 * std::sqrt(1.0 / 12 / 100000));
}

TEST(Rng, BelowIsUnbiased) {
  Rng rng(2);
  constexpr int kBins = 7;
  constexpr int kDraws = 70000;
  std::vector<int> counts(kBins, 0);
  for (int i = 0; i < kDraws; ++i) {
    const uint64_t x = rng.Below(kBins);
    ASSERT_LT(x, static_cast<uint64_t>(kBins));
    ++counts[x];
  }
  double chi2 = 0;
  for (int c : counts) chi2 += (c - 10000.0) * (c - 10000.0) / 10000.0;
  EXPECT_LT(chi2, 22.5);  // chi-square, 6 degrees of freedom, p = 0.001
  EXPECT_EQ(rng.Below(1), 0u);
}

TEST(Rng, ExponentialMean) {
  Rng rng(3);
  constexpr int kDraws = 200000;
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = rng.Exponential(2.5);
    ASSERT_GT(x, 0.0);
    sum += x;
  }
  EXPECT_NEAR(sum / kDraws, 2.5, 4 * 2.5 / std::sqrt(kDraws));
}

}  // namespace
}  // namespace tunnelsim::snat
