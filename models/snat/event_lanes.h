// EventLanes: pending events that are born in time order, kept as FIFOs ("lanes") instead of
// in a general priority queue.
//
// Why: most SNAT timers are a fixed delay after the moment they are set: the FIN/RST hold, the
// idle timeout, a NAT Gateway hold-down, the end of a fixed-length connection. Events set at a
// non-decreasing "now" with one fixed delay come due in the order they were set, so a FIFO per
// delay is already sorted: push and pop are O(1) sequential memory accesses, where a timing
// wheel files a 4-minute timer up to four times and a heap pays log2(n) cache misses. An
// arrival stream (one pending arrival per Poisson source, or one per node moving forward in
// time for evenly spaced arrivals) is a lane too. Only variable delays (random durations,
// backoffs) need the general queue.
//
// Contract: TryPush() stores an event only if its key is >= the last key pushed into that lane,
// so every lane stays sorted even if a caller's delay is not quite constant (it returns false
// and the caller files the event in the general queue). Pop() returns the smallest key over all
// lanes; equal keys leave by lane id, then FIFO within the lane, so the order is a function of
// the pushes alone.
// Cost: TryPush and Pop O(log lanes) (a winner tree over the lanes' first keys: two levels for
// the usual two to four lanes). Memory: 16 bytes per pending event in 4 KiB blocks
// shared by all lanes and recycled, so nothing is copied as a lane grows.
// Not thread-safe.
#pragma once

#include <cassert>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "models/snat/event_queue.h"

namespace tunnelsim::snat {

class EventLanes {
 public:
  // A new empty lane; its id is its tie-break rank. O(lanes) when the tree must grow.
  uint32_t AddLane();
  size_t lane_count() const { return lanes_.size(); }

  bool TryPush(uint32_t lane_id, SimTime key, uint64_t data) {
    Lane& lane = lanes_[lane_id];
    if (key < lane.last_key) return false;
    lane.last_key = key;
    if (lane.tail == kNone || lane.write == kBlockEvents) AppendBlock(lane);
    BlockAt(lane.tail).events[lane.write++] = Event{key, data};
    ++size_;
    if (head_key_[lane_id] == kEmpty) {
      head_key_[lane_id] = key;
      Update(lane_id);
    }
    return true;
  }

  bool Empty() const { return size_ == 0; }
  size_t Size() const { return size_; }
  // REQUIRES: !Empty().
  SimTime MinKey() const { return head_key_[min_lane_]; }

  // REQUIRES: !Empty().
  Event Pop() {
    assert(size_ > 0);
    const uint32_t lane_id = min_lane_;
    Lane& lane = lanes_[lane_id];
    Block& block = BlockAt(lane.head);
    const Event e = block.events[lane.read++];
    --size_;
    if (lane.head == lane.tail && lane.read == lane.write) {  // lane now empty
      ReleaseBlock(lane.head);
      lane.head = lane.tail = kNone;
      lane.read = lane.write = 0;
      head_key_[lane_id] = kEmpty;
    } else {
      if (lane.read == kBlockEvents) {
        const uint32_t next = block.next;
        ReleaseBlock(lane.head);
        lane.head = next;
        lane.read = 0;
      }
      head_key_[lane_id] = BlockAt(lane.head).events[lane.read].time;
    }
    Update(lane_id);
    return e;
  }

 private:
  static constexpr uint32_t kNone = 0xffffffffu;
  static constexpr uint32_t kBlockEvents = 255;  // with the link, a block is 4 KiB
  static constexpr uint32_t kBlocksPerChunk = 64;
  static constexpr SimTime kEmpty = std::numeric_limits<SimTime>::max();

  struct Block {
    Event events[kBlockEvents];
    uint32_t next;
  };
  struct Lane {
    uint32_t head = kNone;  // blocks head..tail, linked by Block::next
    uint32_t tail = kNone;
    uint32_t read = 0;   // next event in the head block
    uint32_t write = 0;  // next free place in the tail block
    SimTime last_key = 0;
  };

  Block& BlockAt(uint32_t id) { return chunks_[id / kBlocksPerChunk][id % kBlocksPerChunk]; }
  void AppendBlock(Lane& lane);
  void ReleaseBlock(uint32_t id) { free_blocks_.push_back(id); }

  // Recomputes the winners on the path from `lane_id`'s leaf to the root. A node's winner is
  // its children's lane with the smaller first key, the left (lower ids) on a tie; empty
  // lanes have key kEmpty.
  void Update(uint32_t lane_id) {
    for (size_t i = (leaves_ + lane_id) / 2; i >= 1; i /= 2) {
      const uint32_t left = tree_[2 * i];
      const uint32_t right = tree_[2 * i + 1];
      tree_[i] = head_key_[right] < head_key_[left] ? right : left;
    }
    min_lane_ = tree_[1];
  }

  std::vector<Lane> lanes_;
  // Winner tree over `leaves_` (a power of two) lanes: tree_[leaves_ + id] = id; padding
  // leaves name lane ids past the last lane, whose key is always kEmpty.
  size_t leaves_ = 0;
  std::vector<uint32_t> tree_;
  std::vector<SimTime> head_key_;  // first key of each lane (and padding leaf), or kEmpty
  uint32_t min_lane_ = 0;          // the lane with the smallest first key (lowest id on ties)
  size_t size_ = 0;
  std::vector<std::unique_ptr<Block[]>> chunks_;
  std::vector<uint32_t> free_blocks_;
  uint32_t block_count_ = 0;
};

}  // namespace tunnelsim::snat
