// Lowest-free index sets over [0, capacity): "take the lowest free index" quickly.
// Two-level bitmap: one bit per index, one summary bit per 64-index word telling whether the
// word is full. Take/Free are O(capacity / 4096) word reads (one for the 1,024 ports of a
// default allocation, 16 for 64,000) and O(1) writes.
//
// The bits live in caller-provided storage, summary words first, so a lookup touches one or
// two cache lines and LbPortPool can pack many sets into one buffer (lowest_free:: functions);
// LowestFreeSet is the owning convenience wrapper.
// Padding: index bits at or past the capacity, and summary bits of words that do not exist,
// are kept set, so padding looks taken and is never handed out.
// REQUIRES: capacity <= 2^20 (SNAT allocations are at most 64,000).
#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tunnelsim::snat::lowest_free {

constexpr size_t IndexWords(int capacity) { return (static_cast<size_t>(capacity) + 63) / 64; }
constexpr size_t SummaryWords(int capacity) { return (IndexWords(capacity) + 63) / 64; }
constexpr size_t StorageWords(int capacity) {
  return SummaryWords(capacity) + IndexWords(capacity);
}

inline bool Taken(const uint64_t* bits, int capacity, int index) {
  return (bits[SummaryWords(capacity) + (static_cast<size_t>(index) >> 6)] >> (index & 63)) & 1;
}

// Marks and returns the lowest free index, or -1 when every index is taken.
inline int TakeLowest(uint64_t* bits, int capacity) {
  const size_t summary_words = SummaryWords(capacity);
  for (size_t s = 0; s < summary_words; ++s) {
    const uint64_t not_full = ~bits[s];
    if (not_full == 0) continue;
    const size_t w = s * 64 + std::countr_zero(not_full);
    uint64_t& word = bits[summary_words + w];
    const int bit = std::countr_zero(~word);
    word |= uint64_t{1} << bit;
    if (word == ~uint64_t{0}) bits[s] |= uint64_t{1} << (w & 63);
    return static_cast<int>(w * 64 + bit);
  }
  return -1;
}

// REQUIRES: Taken(bits, capacity, index).
inline void Free(uint64_t* bits, int capacity, int index) {
  assert(index >= 0 && index < capacity && Taken(bits, capacity, index));
  const size_t w = static_cast<size_t>(index) >> 6;
  bits[SummaryWords(capacity) + w] &= ~(uint64_t{1} << (index & 63));
  bits[w >> 6] &= ~(uint64_t{1} << (w & 63));
}

// Writes into `to` (StorageWords(new_capacity) words) the set `from` (or nothing taken if
// `from` is null) with the new capacity. REQUIRES: no taken index >= new_capacity.
void Rebuild(const uint64_t* from, int old_capacity, uint64_t* to, int new_capacity);

}  // namespace tunnelsim::snat::lowest_free

namespace tunnelsim::snat {

class LowestFreeSet {
 public:
  explicit LowestFreeSet(int capacity = 0) { Resize(capacity); }

  int capacity() const { return capacity_; }
  bool Taken(int index) const { return lowest_free::Taken(bits_.data(), capacity_, index); }
  int TakeLowest() { return lowest_free::TakeLowest(bits_.data(), capacity_); }
  void Free(int index) { lowest_free::Free(bits_.data(), capacity_, index); }
  // Changes the capacity, keeping taken indices. REQUIRES: no taken index >= new capacity.
  void Resize(int capacity) {
    std::vector<uint64_t> bits(lowest_free::StorageWords(capacity));
    lowest_free::Rebuild(bits_.empty() ? nullptr : bits_.data(), capacity_, bits.data(), capacity);
    bits_.swap(bits);
    capacity_ = capacity;
  }

 private:
  std::vector<uint64_t> bits_;
  int capacity_ = 0;
};

}  // namespace tunnelsim::snat
