// Sets of IPv4 addresses and of ports, kept as sorted, disjoint, non-adjacent inclusive ranges.
// Service-tag resolution, rule compilation and the suggester use these to turn a rule's list
// of prefixes and tags into something a lookup can binary-search.
// Complexity: Normalize* is O(n log n); Subtract/Complement/Intersect are linear in the inputs;
// *Contains is O(log n).
#pragma once

#include <span>
#include <vector>

#include "models/core/ipv4.h"
#include "models/core/port_range.h"

namespace tunnelsim::nsg {

// Sorts `ranges` and merges overlapping or touching ones.
std::vector<Ipv4Range> NormalizeRanges(std::vector<Ipv4Range> ranges);
std::vector<Ipv4Range> PrefixesToRanges(std::span<const Ipv4Prefix> prefixes);

// REQUIRES for the rest: inputs are normalized. Outputs are normalized.
std::vector<Ipv4Range> ComplementRanges(std::span<const Ipv4Range> ranges);
std::vector<Ipv4Range> SubtractRanges(std::span<const Ipv4Range> from,
                                      std::span<const Ipv4Range> remove);
std::vector<Ipv4Range> UnionRanges(std::span<const Ipv4Range> a, std::span<const Ipv4Range> b);
bool RangesContain(std::span<const Ipv4Range> ranges, Ipv4Address address);

// The same for ports.
std::vector<PortRange> NormalizePorts(std::vector<PortRange> ports);
bool PortsContain(std::span<const PortRange> ports, uint16_t port);
// True when `ports` (normalized) is exactly 0-65535.
bool PortsAreAll(std::span<const PortRange> ports);

}  // namespace tunnelsim::nsg
