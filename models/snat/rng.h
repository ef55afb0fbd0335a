// Rng: a small seeded pseudo-random generator (xoshiro256**, state expanded from the seed by
// splitmix64) with the few samplers the SNAT simulation needs.
//
// Determinism: every sampler is written here on top of 64-bit integer arithmetic and plain
// IEEE double operations (no libm), so a seed gives the same stream with any compiler and
// standard library. std:: distributions are avoided on purpose: their algorithms are
// implementation-defined; so is the last bit of std::log, hence Log() below.
//
// Not thread-safe; give each thread or each stream its own Rng (see Stream()).
// Cost: Next() is a handful of integer operations; Exponential() adds one Log() (a table
// lookup and ~12 flops).
#pragma once

#include <bit>
#include <cstdint>

namespace tunnelsim::snat {

// splitmix64 step: used to expand seeds and to derive independent streams.
constexpr uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

namespace log_detail {

// ln m for m near 1 by 2 atanh((m-1)/(m+1)), odd series to f^19: used at compile time only,
// to build the table below (so the table is the same bits on every platform).
constexpr double SeriesLog(double m) {
  const double f = (m - 1.0) / (m + 1.0);
  const double f2 = f * f;
  double series = 1.0 / 19;
  for (int k = 17; k >= 1; k -= 2) series = 1.0 / k + f2 * series;
  return 2.0 * f * series;
}

inline constexpr int kFirst = 90;  // table points c = k / 128, k = 90..181, cover
inline constexpr int kLast = 181;  // [sqrt(1/2), sqrt(2)]
struct Table {
  double inverse[kLast - kFirst + 1];
  double log[kLast - kFirst + 1];
};
constexpr Table MakeTable() {
  Table t{};
  for (int k = kFirst; k <= kLast; ++k) {
    const double c = k / 128.0;
    t.inverse[k - kFirst] = 1.0 / c;
    t.log[k - kFirst] = SeriesLog(c);
  }
  return t;
}
inline constexpr Table kTable = MakeTable();

}  // namespace log_detail

// Natural logarithm of a positive, finite, normal double, within 2e-15 relative or 3e-16
// absolute (plenty for sampling: Exp(1) is then off by < 1e-15 of its mean), with only
// +, -, *, table lookups and bit operations (no libm): x = m 2^e with m in [sqrt(1/2),
// sqrt(2)), m = c (1 + r) with c = k/128 the nearest table point (|r| < 0.0056), so
// ln x = e ln 2 + ln c + log1p(r), log1p by its series to r^7 (truncation below 1e-18).
inline double Log(double x) {
  constexpr double kLn2 = 0.69314718055994530942;
  constexpr double kSqrt2 = 1.41421356237309504880;
  const uint64_t bits = std::bit_cast<uint64_t>(x);
  int exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
  double m = std::bit_cast<double>((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
  if (m > kSqrt2) {
    m *= 0.5;
    ++exponent;
  }
  const int k = static_cast<int>(m * 128.0 + 0.5) - log_detail::kFirst;
  const double r = m * log_detail::kTable.inverse[k] - 1.0;  // exact when c = 1
  const double r2 = r * r;
  const double log1p = r + r2 * (-0.5 + r * (1.0 / 3)) +
                       (r2 * r2) * (-0.25 + r * 0.2 + r2 * (-1.0 / 6 + r * (1.0 / 7)));
  return exponent * kLn2 + (log_detail::kTable.log[k] + log1p);
}

// 128-bit product for Below(); __extension__ keeps -Wpedantic quiet about the GCC/Clang type.
__extension__ using Uint128 = unsigned __int128;

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t s = seed;
    for (uint64_t& word : state_) word = SplitMix64(s);
  }

  // An independent generator for sub-stream `stream` of `seed` (e.g. one per traffic source),
  // so adding a source does not shift the random numbers every other source sees.
  static Rng Stream(uint64_t seed, uint64_t stream) {
    uint64_t s = seed ^ (0xd1b54a32d192ed03ULL * (stream + 1));
    return Rng(SplitMix64(s));
  }

  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // Uniform in (0, 1): never 0, so log() is finite.
  double UniformOpen() { return (static_cast<double>(Next() >> 11) + 0.5) * 0x1.0p-53; }

  // Uniform integer in [0, n). REQUIRES: n > 0. Lemire's multiply-shift with rejection, so
  // there is no modulo bias.
  uint64_t Below(uint64_t n) {
    Uint128 m = static_cast<Uint128>(Next()) * n;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < n) {
      const uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<Uint128>(Next()) * n;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

  // Exponential with the given mean (inversion). REQUIRES: mean > 0.
  double Exponential(double mean) { return -mean * Log(UniformOpen()); }

 private:
  static constexpr uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

}  // namespace tunnelsim::snat
