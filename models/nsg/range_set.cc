#include "models/nsg/range_set.h"

#include <algorithm>

namespace tunnelsim::nsg {
namespace {

// Sorts and merges inclusive ranges; `key` reads an endpoint as an unsigned number.
template <typename Range, typename Key>
std::vector<Range> Normalize(std::vector<Range> ranges, Key key) {
  std::sort(ranges.begin(), ranges.end(),
            [&](const Range& a, const Range& b) { return key(a.first) < key(b.first); });
  std::vector<Range> out;
  for (const Range& r : ranges) {
    // Merge when r starts at or right after the end of the previous range. The +1 is done in
    // 64 bits so that a range ending at the maximum value cannot wrap around.
    if (!out.empty() && uint64_t{key(r.first)} <= uint64_t{key(out.back().last)} + 1) {
      if (key(r.last) > key(out.back().last)) out.back().last = r.last;
    } else {
      out.push_back(r);
    }
  }
  return out;
}

// Binary search in normalized ranges; linear for the short lists most rules have, where it
// is faster than the branchy search.
template <typename Range, typename Value>
bool Contains(std::span<const Range> ranges, Value value) {
  if (ranges.size() <= 8) {
    for (const Range& r : ranges) {
      if (r.Contains(value)) return true;
    }
    return false;
  }
  auto it = std::upper_bound(ranges.begin(), ranges.end(), value,
                             [](Value v, const Range& r) { return v < r.first; });
  return it != ranges.begin() && std::prev(it)->Contains(value);
}

}  // namespace

std::vector<Ipv4Range> NormalizeRanges(std::vector<Ipv4Range> ranges) {
  return Normalize(std::move(ranges), [](Ipv4Address a) { return a.value(); });
}

std::vector<Ipv4Range> PrefixesToRanges(std::span<const Ipv4Prefix> prefixes) {
  std::vector<Ipv4Range> ranges;
  ranges.reserve(prefixes.size());
  for (const Ipv4Prefix& p : prefixes) ranges.push_back(p.Range());
  return NormalizeRanges(std::move(ranges));
}

std::vector<Ipv4Range> ComplementRanges(std::span<const Ipv4Range> ranges) {
  std::vector<Ipv4Range> out;
  uint64_t next = 0;  // first address not yet accounted for; 2^32 once past the end
  for (const Ipv4Range& r : ranges) {
    if (r.first.value() > next) {
      out.push_back({Ipv4Address(static_cast<uint32_t>(next)), Ipv4Address(r.first.value() - 1)});
    }
    next = uint64_t{r.last.value()} + 1;
  }
  if (next <= 0xffffffffu) {
    out.push_back({Ipv4Address(static_cast<uint32_t>(next)), Ipv4Address(0xffffffffu)});
  }
  return out;
}

std::vector<Ipv4Range> SubtractRanges(std::span<const Ipv4Range> from,
                                      std::span<const Ipv4Range> remove) {
  std::vector<Ipv4Range> keep = ComplementRanges(remove);
  std::vector<Ipv4Range> out;
  size_t j = 0;
  for (const Ipv4Range& r : from) {
    while (j < keep.size() && keep[j].last < r.first) ++j;
    for (size_t k = j; k < keep.size() && keep[k].first <= r.last; ++k) {
      out.push_back({std::max(r.first, keep[k].first), std::min(r.last, keep[k].last)});
    }
  }
  return out;
}

std::vector<Ipv4Range> UnionRanges(std::span<const Ipv4Range> a, std::span<const Ipv4Range> b) {
  std::vector<Ipv4Range> all(a.begin(), a.end());
  all.insert(all.end(), b.begin(), b.end());
  return NormalizeRanges(std::move(all));
}

bool RangesContain(std::span<const Ipv4Range> ranges, Ipv4Address address) {
  return Contains(ranges, address);
}

std::vector<PortRange> NormalizePorts(std::vector<PortRange> ports) {
  return Normalize(std::move(ports), [](uint16_t p) { return p; });
}

bool PortsContain(std::span<const PortRange> ports, uint16_t port) { return Contains(ports, port); }

bool PortsAreAll(std::span<const PortRange> ports) { return ports.size() == 1 && ports[0].IsAll(); }

}  // namespace tunnelsim::nsg
