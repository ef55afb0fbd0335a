#include "models/snat/event_lanes.h"

namespace tunnelsim::snat {

uint32_t EventLanes::AddLane() {
  const auto id = static_cast<uint32_t>(lanes_.size());
  lanes_.emplace_back();
  if (lanes_.size() > leaves_) {
    leaves_ = leaves_ == 0 ? 2 : 2 * leaves_;
    head_key_.resize(leaves_, kEmpty);
  }
  // Rebuild the winner tree (lanes are added at setup and rarely later).
  tree_.assign(2 * leaves_, 0);
  for (size_t leaf = 0; leaf < leaves_; ++leaf) tree_[leaves_ + leaf] = static_cast<uint32_t>(leaf);
  for (size_t i = leaves_ - 1; i >= 1; --i) {
    const uint32_t left = tree_[2 * i];
    const uint32_t right = tree_[2 * i + 1];
    tree_[i] = head_key_[right] < head_key_[left] ? right : left;
  }
  min_lane_ = tree_[1];
  return id;
}

void EventLanes::AppendBlock(Lane& lane) {
  uint32_t id;
  if (!free_blocks_.empty()) {
    id = free_blocks_.back();
    free_blocks_.pop_back();
  } else {
    if (block_count_ % kBlocksPerChunk == 0) chunks_.emplace_back(new Block[kBlocksPerChunk]);
    id = block_count_++;
  }
  BlockAt(id).next = kNone;
  if (lane.tail == kNone) {
    lane.head = id;
    lane.read = 0;
  } else {
    BlockAt(lane.tail).next = id;
  }
  lane.tail = id;
  lane.write = 0;
}

}  // namespace tunnelsim::snat
