#include "models/snat/lb_port_pool.h"

#include <cassert>

#include "models/snat/lb_allocation.h"

namespace tunnelsim::snat {

LbPortPool::LbPortPool(int allocated_ports, int destination_count)
    : allocated_(allocated_ports),
      destinations_(destination_count),
      multi_destination_(destination_count > 1),
      stride_(1 + lowest_free::StorageWords(allocated_ports)),
      storage_(stride_ * static_cast<size_t>(destination_count), 0),
      holders_(multi_destination_ ? static_cast<size_t>(allocated_ports) : 0, 0) {
  assert(allocated_ports >= 0 && allocated_ports <= kLbMaxAllocatedOutboundPorts);
  assert(destination_count >= 1 && destination_count <= 65535);
  for (DestinationId d = 0; d < static_cast<DestinationId>(destinations_); ++d) {
    lowest_free::Rebuild(nullptr, 0, Block(d) + 1, allocated_);
  }
}

int LbPortPool::ReleaseAllAtOrAbove(int port) {
  int released = 0;
  for (DestinationId d = 0; d < static_cast<DestinationId>(destinations_); ++d) {
    for (int p = port; p < allocated_; ++p) {
      if (lowest_free::Taken(Block(d) + 1, allocated_, p)) {
        Release(d, p);
        ++released;
      }
    }
  }
  return released;
}

void LbPortPool::SetAllocatedPorts(int ports) {
  assert(ports >= 0 && ports <= kLbMaxAllocatedOutboundPorts);
  const size_t stride = 1 + lowest_free::StorageWords(ports);
  std::vector<uint64_t> storage(stride * static_cast<size_t>(destinations_), 0);
  for (DestinationId d = 0; d < static_cast<DestinationId>(destinations_); ++d) {
    uint64_t* to = storage.data() + static_cast<size_t>(d) * stride;
    to[0] = Block(d)[0];
    lowest_free::Rebuild(Block(d) + 1, allocated_, to + 1, ports);
  }
  storage_.swap(storage);
  stride_ = stride;
  if (multi_destination_) holders_.resize(static_cast<size_t>(ports), 0);
  allocated_ = ports;
}

}  // namespace tunnelsim::snat
