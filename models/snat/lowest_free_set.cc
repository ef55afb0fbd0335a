#include "models/snat/lowest_free_set.h"

namespace tunnelsim::snat::lowest_free {

void Rebuild(const uint64_t* from, int old_capacity, uint64_t* to, int new_capacity) {
  assert(new_capacity >= 0 && new_capacity <= (1 << 20));
  if (from == nullptr) old_capacity = 0;
#ifndef NDEBUG
  for (int i = new_capacity; i < old_capacity; ++i) assert(!Taken(from, old_capacity, i));
#endif
  const size_t words = IndexWords(new_capacity);
  const size_t summary_words = SummaryWords(new_capacity);
  const size_t old_words = IndexWords(old_capacity);
  const size_t old_summary_words = SummaryWords(old_capacity);
  for (size_t i = 0; i < summary_words + words; ++i) to[i] = 0;
  for (size_t w = 0; w < words; ++w) {
    uint64_t word = w < old_words ? from[old_summary_words + w] : 0;
    for (int b = 0; b < 64; ++b) {  // clear old padding that became real, set new padding
      const int index = static_cast<int>(w * 64) + b;
      const uint64_t bit = uint64_t{1} << b;
      if (index >= new_capacity) {
        word |= bit;
      } else if (index >= old_capacity) {
        word &= ~bit;
      }
    }
    to[summary_words + w] = word;
    if (word == ~uint64_t{0}) to[w >> 6] |= uint64_t{1} << (w & 63);
  }
  for (size_t w = words; w < summary_words * 64; ++w) to[w >> 6] |= uint64_t{1} << (w & 63);
}

}  // namespace tunnelsim::snat::lowest_free
