// Rng: the case generators' random source. SplitMix64 with its own integer mapping, so a seed
// produces the same cases with every compiler and standard library (std:: distributions are
// implementation-defined). Not for cryptography; O(1) per draw.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tunnelsim::differential {

class Rng {
 public:
  // The seed is scrambled first: SplitMix64 walks one fixed sequence, and seeding it with
  // `seed` directly would make seed s+1's stream seed s's stream shifted by one draw.
  explicit Rng(uint64_t seed) : state_(Mix(seed ^ 0x632be59bd9b4e019ull)) {}

  uint64_t Next() { return Mix(state_ += 0x9e3779b97f4a7c15ull); }
  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  int Between(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  // True with probability percent/100.
  bool Percent(int percent) { return Between(1, 100) <= percent; }

  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[Next() % N];
  }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Next() % N];
  }

 private:
  static uint64_t Mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  uint64_t state_;
};

}  // namespace tunnelsim::differential
