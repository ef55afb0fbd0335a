// Regions of the host-firewall differ (internal to models/netfilter, filter_diff.h): a box of
// (protocols, source ranges, destination port ranges), merging boxes, and turning one into
// what a HostFlowDelta reports. MergeHostBoxes is O(rounds * n log n) for n boxes.
#pragma once

#include <cstdint>
#include <vector>

#include "models/netfilter/filter_diff.h"
#include "models/netfilter/host_cells.h"

namespace tunnelsim::netfilter::internal {

// Protocol bits of a HostBox, in HostFlowDelta::protocols order.
inline constexpr IpProtocol kHostProtocols[] = {IpProtocol::kTcp, IpProtocol::kUdp,
                                                IpProtocol::kIcmp};
constexpr uint8_t HostProtocolBit(IpProtocol p) {
  return p == IpProtocol::kTcp ? 1 : p == IpProtocol::kUdp ? 2 : 4;
}

struct HostBox {
  uint8_t protocols = 0;
  std::vector<ValueRange> sources;  // sorted, disjoint
  std::vector<ValueRange> ports;    // sorted, disjoint; 0-65535 for ICMP
};

// REQUIRES: the boxes are disjoint. Merges two boxes whenever they are equal in all
// dimensions but one, until none can; the union stays the same.
std::vector<HostBox> MergeHostBoxes(std::vector<HostBox> boxes);
bool HostBoxLess(const HostBox& a, const HostBox& b);

// Fills protocols, sources, destination_ports and example (to `destination`).
void FillDelta(const HostBox& box, Ipv4Address destination, const HostDiffOptions& options,
               HostFlowDelta* delta);

}  // namespace tunnelsim::netfilter::internal
