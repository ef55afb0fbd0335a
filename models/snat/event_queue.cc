#include "models/snat/event_queue.h"

#include <utility>

#include "models/snat/binary_heap_queue.h"
#include "models/snat/timing_wheel_queue.h"

namespace tunnelsim::snat {

std::string_view EventQueueKindName(EventQueueKind kind) {
  switch (kind) {
    case EventQueueKind::kTimingWheel:
      return "timing-wheel";
    case EventQueueKind::kBinaryHeap:
      return "binary-heap";
  }
  return "?";
}

std::unique_ptr<EventQueue> MakeEventQueue(EventQueueKind kind) {
  switch (kind) {
    case EventQueueKind::kTimingWheel:
      return std::make_unique<TimingWheelQueue>();
    case EventQueueKind::kBinaryHeap:
      return std::make_unique<BinaryHeapQueue>();
  }
  return nullptr;
}

void TimingWheelQueue::Cascade() {
  assert(nonempty_levels_ > 1);  // level 0 is empty and something is pending
  const int level = std::countr_zero(nonempty_levels_);
  const int slot_index = FirstOccupied(level);
  Slot& source = slots_[level][slot_index];
  const Slot slot = source;
  Clear(source);
  MarkEmpty(level, slot_index);
  // Every other pending event is later than this slot's earliest one (the lower levels are
  // empty, later slots and higher levels hold later times), so the wheel may advance right
  // to it: that event lands on level 0 at once instead of falling one level per cascade
  // (the radix-heap step). Entries of other slots keep their places: `now_` keeps the digits
  // above `level`, and its digit at `level` is this slot's.
  now_ = slot.earliest;
  // Re-file in order (keeps FIFO among equal times): the inline entry, then block by block.
  // Every entry lands on a lower level, never back in this slot.
  if (slot.has_inline) File(slot.inline_entry.time, slot.inline_entry.data);
  for (uint32_t id = slot.head; id != kNone;) {
    const Block& block = BlockAt(id);
    for (uint32_t i = 0; i < block.count; ++i) File(block.entries[i].time, block.entries[i].data);
    const uint32_t next = block.next;
    ReleaseBlock(id);
    id = next;
  }
}

}  // namespace tunnelsim::snat
