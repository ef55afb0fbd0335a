// BinaryHeapQueue: EventQueue as an array binary min-heap keyed by (time, insertion number).
// The insertion number makes equal times leave in FIFO order. Push and Pop are O(log n)
// comparisons; memory is 24 bytes per pending event. Hot paths are inline.
#pragma once

#include <cassert>
#include <cstdint>
#include <utility>
#include <vector>

#include "models/snat/event_queue.h"

namespace tunnelsim::snat {

class BinaryHeapQueue final : public EventQueue {
 public:
  void Push(SimTime time, uint64_t data) override {
    assert(time >= last_popped_);
    Entry entry{time, next_seq_++, data};
    size_t hole = heap_.size();
    heap_.push_back(entry);
    while (hole > 0) {  // sift up: move parents down into the hole
      const size_t parent = (hole - 1) / 2;
      if (!Less(entry, heap_[parent])) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = entry;
  }

  Event Pop() override {
    assert(!heap_.empty());
    const Entry top = heap_.front();
    const Entry last = heap_.back();
    heap_.pop_back();
    const size_t n = heap_.size();
    if (n > 0) {  // sift `last` down from the root
      size_t hole = 0;
      for (;;) {
        size_t child = 2 * hole + 1;
        if (child >= n) break;
        if (child + 1 < n && Less(heap_[child + 1], heap_[child])) ++child;
        if (!Less(heap_[child], last)) break;
        heap_[hole] = heap_[child];
        hole = child;
      }
      heap_[hole] = last;
    }
    last_popped_ = top.time;
    return {top.time, top.data};
  }

  SimTime PeekTime() const override {
    assert(!heap_.empty());
    return heap_.front().time;
  }
  bool Empty() const override { return heap_.empty(); }
  size_t Size() const override { return heap_.size(); }
  std::string_view Name() const override { return "binary-heap"; }

 private:
  struct Entry {
    SimTime time;
    uint64_t seq;
    uint64_t data;
  };
  static bool Less(const Entry& a, const Entry& b) {
    return a.time != b.time ? a.time < b.time : a.seq < b.seq;
  }

  std::vector<Entry> heap_;
  uint64_t next_seq_ = 0;
  SimTime last_popped_ = 0;  // for the monotonicity assert
};

}  // namespace tunnelsim::snat
