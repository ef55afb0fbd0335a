// LbPortPool: one backend instance's (node's) SNAT ports on an Azure Load Balancer: which
// port each live flow holds, and whether a new flow to a destination can get one.
//
// Rules (reference/azure.md §2.4): a port serves any number of flows as long as their
// destination keys differ (TCP: IP and port; UDP: IP, see destination.h); two concurrent
// flows with the same key need two ports; the lowest free port is used first (2020 rev).
//
// Why a per-destination count decides success: ports are shared across destinations, so
// the only constraint on a new flow to D is that some port in [0, allocated) is not already
// held by another flow to D. Flows to other destinations never occupy a port for D. Hence
//     Acquire(D) succeeds  <=>  InUse(D) < allocated_ports().
// Port identities are still tracked (one lowest-free bitmap per destination) because the port
// number matters in two places: lowest-first choice, and re-tiering, which takes back the
// top of the range and kills exactly the flows sitting there (lb_allocation.h Retier).
//
// Used ports (the UsedSnatPorts metric, §2.7) are counted as the number of distinct port
// numbers held by at least one flow. With one destination that equals InUse(D). With several,
// it lies between max_D InUse(D) and min(allocated, sum_D InUse(D)); because every
// destination fills from port 0, it is usually close to max_D InUse(D). The doc only says
// "utilized per backend instance"; counting a shared port once keeps Used <= Allocated, as the
// portal shows it.
//
// Cost: Acquire/Release O(allocated / 4096) word scans (O(1) for <= 4,096 ports) and O(1)
// updates. Memory: allocated/8 bytes per destination, plus 2 bytes per port when there is more
// than one destination.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "models/snat/destination.h"
#include "models/snat/lowest_free_set.h"

namespace tunnelsim::snat {

class LbPortPool {
 public:
  // REQUIRES: 0 <= allocated_ports <= 64000; 1 <= destination_count <= 65535.
  LbPortPool(int allocated_ports, int destination_count);

  int allocated_ports() const { return allocated_; }
  int destination_count() const { return destinations_; }

  // Takes the lowest port free for `d` and returns it, or -1 when all `allocated_ports()`
  // ports already carry a flow to `d` (SNAT exhaustion for that destination: the SYN is
  // dropped and the connection fails).
  int Acquire(DestinationId d) {
    uint64_t* block = Block(d);
    const int port = lowest_free::TakeLowest(block + 1, allocated_);
    if (port < 0) return -1;
    ++block[0];
    if (!multi_destination_) {
      ++used_ports_;  // one destination: used == in use
    } else if (holders_[port]++ == 0) {
      ++used_ports_;
    }
    return port;
  }

  // REQUIRES: `port` was returned by Acquire(d) and not released since.
  void Release(DestinationId d, int port) {
    uint64_t* block = Block(d);
    lowest_free::Free(block + 1, allocated_, port);
    --block[0];
    if (!multi_destination_) {
      --used_ports_;
    } else if (--holders_[port] == 0) {
      --used_ports_;
    }
  }

  bool Holds(DestinationId d, int port) const {
    return port >= 0 && port < allocated_ && lowest_free::Taken(Block(d) + 1, allocated_, port);
  }
  int InUse(DestinationId d) const { return static_cast<int>(Block(d)[0]); }
  bool CanAcquire(DestinationId d) const { return InUse(d) < allocated_; }
  // Distinct ports held by at least one flow (see the header comment).
  int UsedPorts() const { return used_ports_; }

  // Releases every port >= `port` for every destination (the flows there die on a re-tier)
  // and returns how many flows that was. O(destinations x (allocated - port)).
  int ReleaseAllAtOrAbove(int port);

  // Applies a new allocation (a re-tier, or a manual change). Growing keeps every flow.
  // REQUIRES when shrinking: the caller has released every port >= `ports` first (those
  // flows die, §2.2).
  void SetAllocatedPorts(int ports);

 private:
  // One buffer for all destinations, so a lookup is one pointer away: per destination a
  // block of [flows in use][lowest_free bitmap of allocated_ bits].
  uint64_t* Block(DestinationId d) { return storage_.data() + static_cast<size_t>(d) * stride_; }
  const uint64_t* Block(DestinationId d) const {
    return storage_.data() + static_cast<size_t>(d) * stride_;
  }

  int allocated_;
  int destinations_;
  bool multi_destination_;
  size_t stride_;
  std::vector<uint64_t> storage_;
  std::vector<uint16_t> holders_;  // per port: destinations with a flow on it (if > 1 dest)
  int used_ports_ = 0;
};

}  // namespace tunnelsim::snat
