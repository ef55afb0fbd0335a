// TimingWheelQueue: EventQueue as a hierarchical timing wheel (Varghese & Lauck) over 64-bit
// integer time, 256 slots per level, 8 levels (64 bits).
//
// An event at time t sits at the level of the highest base-256 digit in which t differs from
// `now_` (the time the wheel has advanced to), in the slot named by that digit of t. So
// level 0 holds only events of one exact time per slot, and everything at level 0 precedes
// everything above. A 256-bit occupancy mask per level and a mask of non-empty levels find
// the next event with a few count-trailing-zeros. When level 0 is empty, the first occupied
// slot of the lowest non-empty level is cascaded: `now_` advances to that slot's earliest
// time (the global minimum) and its events are re-filed on lower levels, the earliest
// straight onto level 0 (as in a radix heap), so a sparse wheel does not cascade level by
// level.
//
// Why a wheel: the simulator keeps up to millions of pending port-release timers whose
// deadlines (FIN hold, idle timeout) are minutes away; a heap pays log2(n) cache misses per
// operation for them, the wheel pays O(1) plus at most one move per level crossed (a 4-minute
// timer in quarter-microseconds starts on level 3, so at most 3 moves). 256 slots per level
// rather than 64 halve those moves for the price of scanning 4 mask words instead of 1.
// Why not a calendar queue: its bucket width must be re-tuned as the event density changes
// (ramps, daily profiles); the wheel needs no tuning.
//
// Storage: a slot keeps its first event inline (most slots near `now_` hold one), then a FIFO
// of fixed-size blocks (127 events) drawn from a recycled block pool, so appends never copy
// and memory stops growing once the pending set peaks; a cascade reads blocks front to back,
// which keeps it sequential.
//
// FIFO ties: equal times always share one slot (the slot is a function of the time and of
// `now_`, and the invariant is kept by every advance), slots are appended to, and cascades
// re-file in order, so equal times leave in insertion order.
// Memory: about 16 bytes per pending event plus one partly filled block per occupied slot.
#pragma once

#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <memory>
#include <vector>

#include "models/snat/event_queue.h"

namespace tunnelsim::snat {

class TimingWheelQueue final : public EventQueue {
 public:
  void Push(SimTime time, uint64_t data) override {
    assert(time >= 0 && static_cast<uint64_t>(time) >= now_);
    File(static_cast<uint64_t>(time), data);
    ++size_;
  }

  Event Pop() override {
    assert(size_ > 0);
    while ((nonempty_levels_ & 1u) == 0) Cascade();
    const int slot_index = FirstOccupied(0);
    Slot& slot = slots_[0][slot_index];
    Entry entry;
    if (slot.has_inline) {
      entry = slot.inline_entry;
      slot.has_inline = false;
    } else {
      Block& block = BlockAt(slot.head);
      entry = block.entries[slot.read++];
      if (slot.read == block.count) {  // block used up (a later push here starts anew)
        const uint32_t next = block.next;
        ReleaseBlock(slot.head);
        slot.head = next;
        slot.read = 0;
        if (next == kNone) slot.tail = kNone;
      }
    }
    if (!slot.has_inline && slot.head == kNone) {
      slot.earliest = ~uint64_t{0};  // field by field: a struct copy here stalls on
      slot.read = 0;                 // store forwarding
      MarkEmpty(0, slot_index);
    }
    now_ = entry.time;
    --size_;
    return {static_cast<SimTime>(entry.time), entry.data};
  }

  // The first occupied slot of the lowest non-empty level holds the minimum: every level
  // precedes the ones above it, and above level 0 slots are in time order.
  SimTime PeekTime() const override {
    assert(size_ > 0);
    const int level = std::countr_zero(nonempty_levels_);
    return static_cast<SimTime>(slots_[level][FirstOccupied(level)].earliest);
  }
  bool Empty() const override { return size_ == 0; }
  size_t Size() const override { return size_; }
  std::string_view Name() const override { return "timing-wheel"; }

 private:
  static constexpr int kBits = 8;
  static constexpr int kSlots = 1 << kBits;
  static constexpr int kLevels = 8;  // 8 * 8 = 64 bits
  static constexpr int kMaskWords = kSlots / 64;
  static constexpr uint32_t kNone = 0xffffffffu;
  static constexpr uint32_t kBlockEntries = 127;  // a block is 2 KiB
  static constexpr uint32_t kBlocksPerChunk = 256;

  struct Entry {
    uint64_t time;
    uint64_t data;
  };
  struct Block {
    uint32_t next;
    uint32_t count;
    Entry entries[kBlockEntries];
  };
  // A slot's events in FIFO order: the inline entry (the first event filed into an empty
  // slot, so a slot with one event needs no block), then the blocks head..tail.
  struct Slot {
    Entry inline_entry{};
    uint64_t earliest = ~uint64_t{0};  // smallest time filed here (used when cascading)
    uint32_t head = kNone;
    uint32_t tail = kNone;
    uint32_t read = 0;  // next entry of the head block (level 0 is consumed from the front)
    bool has_inline = false;
  };
  // Occupied slots of one level: a bit per slot, and a summary bit per non-zero word.
  struct Mask {
    uint64_t words[kMaskWords] = {};
    uint32_t summary = 0;
  };

  Block& BlockAt(uint32_t id) { return chunks_[id / kBlocksPerChunk][id % kBlocksPerChunk]; }

  uint32_t NewBlock() {
    uint32_t id;
    if (!free_blocks_.empty()) {
      id = free_blocks_.back();
      free_blocks_.pop_back();
    } else {
      if (block_count_ % kBlocksPerChunk == 0) {
        chunks_.emplace_back(new Block[kBlocksPerChunk]);  // default-init: no zeroing
      }
      id = block_count_++;
    }
    Block& b = BlockAt(id);
    b.next = kNone;
    b.count = 0;
    return id;
  }
  void ReleaseBlock(uint32_t id) { free_blocks_.push_back(id); }

  void File(uint64_t time, uint64_t data) {
    const uint64_t diff = time ^ now_;
    const int level = diff == 0 ? 0 : (63 - std::countl_zero(diff)) / kBits;
    const int slot_index = static_cast<int>((time >> (kBits * level)) & (kSlots - 1));
    Slot& slot = slots_[level][slot_index];
    if (time < slot.earliest) slot.earliest = time;
    if (!slot.has_inline && slot.head == kNone) {  // empty slot
      slot.inline_entry = Entry{time, data};
      slot.has_inline = true;
      MarkOccupied(level, slot_index);
      return;
    }
    if (slot.tail == kNone) {
      slot.head = slot.tail = NewBlock();
      slot.read = 0;
    } else if (BlockAt(slot.tail).count == kBlockEntries) {
      const uint32_t id = NewBlock();
      BlockAt(slot.tail).next = id;
      slot.tail = id;
    }
    Block& tail = BlockAt(slot.tail);
    tail.entries[tail.count++] = Entry{time, data};
  }

  void MarkOccupied(int level, int slot_index) {
    Mask& m = occupied_[level];
    m.words[slot_index >> 6] |= uint64_t{1} << (slot_index & 63);
    m.summary |= 1u << (slot_index >> 6);
    nonempty_levels_ |= 1u << level;
  }
  void MarkEmpty(int level, int slot_index) {
    Mask& m = occupied_[level];
    uint64_t& word = m.words[slot_index >> 6];
    word &= ~(uint64_t{1} << (slot_index & 63));
    if (word != 0) return;
    m.summary &= ~(1u << (slot_index >> 6));
    if (m.summary == 0) nonempty_levels_ &= ~(1u << level);
  }
  // REQUIRES: level `level` is non-empty.
  int FirstOccupied(int level) const {
    const Mask& m = occupied_[level];
    const int w = std::countr_zero(m.summary);
    return w * 64 + std::countr_zero(m.words[w]);
  }

  // Moves the first occupied slot of the lowest non-empty level (> 0) down the wheel.
  void Cascade();
  static void Clear(Slot& slot) {
    slot.earliest = ~uint64_t{0};
    slot.head = slot.tail = kNone;
    slot.read = 0;
    slot.has_inline = false;
  }

  std::array<std::array<Slot, kSlots>, kLevels> slots_{};
  std::array<Mask, kLevels> occupied_{};
  uint32_t nonempty_levels_ = 0;
  uint64_t now_ = 0;
  size_t size_ = 0;
  std::vector<std::unique_ptr<Block[]>> chunks_;
  std::vector<uint32_t> free_blocks_;
  uint32_t block_count_ = 0;
};

}  // namespace tunnelsim::snat
