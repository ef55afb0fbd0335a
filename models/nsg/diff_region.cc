#include "models/nsg/diff_region.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

namespace tunnelsim::nsg::internal {
namespace {

constexpr int kProtocolDim = -1;  // MergeBoxes treats the protocol bits as one more dimension

// Every coordinate of `box` except dimension `skip`, lengths included, as one comparable key.
std::vector<uint32_t> KeyWithout(const Box& box, int skip) {
  std::vector<uint32_t> key;
  if (skip != kProtocolDim) key.push_back(box.protocols);
  for (int d = 0; d < kBoxDims; ++d) {
    if (d == skip) continue;
    key.push_back(static_cast<uint32_t>(box.dims[d].size()));
    for (const Interval& i : box.dims[d]) {
      key.push_back(i.lo);
      key.push_back(i.hi);
    }
  }
  return key;
}

constexpr std::array<IpProtocol, 5> kProtocolsByBit = {
    IpProtocol::kTcp, IpProtocol::kUdp, IpProtocol::kIcmp, IpProtocol::kEsp, IpProtocol::kAh};

// The lowest value of `set` within [low, high], if any.
std::optional<uint32_t> LowestWithin(const IntervalSet& set, uint32_t low, uint32_t high) {
  for (const Interval& i : set) {
    if (i.hi < low || i.lo > high) continue;
    return std::max(i.lo, low);
  }
  return std::nullopt;
}

// Whether an address looks like an ordinary host: not in 0/8, 127/8 or 224/3 (multicast and
// reserved), and not ending in .0 or .255 (often a network or broadcast address).
bool LooksLikeHost(uint32_t a) {
  uint32_t first = a >> 24, last = a & 0xff;
  return first != 0 && first != 127 && first < 224 && last != 0 && last != 255;
}

// The lowest address of [lo, hi] that LooksLikeHost, if any. Each step jumps past one reason
// to refuse, so a few steps settle any range.
std::optional<uint32_t> LowestHostLike(uint32_t lo, uint32_t hi) {
  uint64_t a = lo;
  for (int step = 0; step < 8 && a <= hi; ++step) {
    uint32_t v = static_cast<uint32_t>(a);
    if (LooksLikeHost(v)) return v;
    uint32_t first = v >> 24;
    if (first >= 224) return std::nullopt;
    if (first == 0) {
      a = uint64_t{1} << 24;
    } else if (first == 127) {
      a = uint64_t{128} << 24;
    } else {
      a += (v & 0xff) == 0 ? 1 : 2;  // .0 -> .1, .255 -> next .1
    }
  }
  return std::nullopt;
}

uint32_t PickAddress(const IntervalSet& set) {
  for (const Interval& i : set) {
    if (auto a = LowestHostLike(i.lo, i.hi)) return *a;
  }
  for (const Interval& i : set) {  // settle for one that is not .0 or .255
    for (uint64_t a = i.lo; a <= i.hi && a < uint64_t{i.lo} + 3; ++a) {
      if ((a & 0xff) != 0 && (a & 0xff) != 255) return static_cast<uint32_t>(a);
    }
  }
  return set.front().lo;
}

// The IANA dynamic (ephemeral) port range, RFC 6335 §6.
constexpr uint32_t kDynamicPortsFirst = 49152;

uint16_t PickSourcePort(const IntervalSet& set) {
  for (uint32_t low : {kDynamicPortsFirst, 1024u, 1u}) {
    if (auto p = LowestWithin(set, low, 65535)) return static_cast<uint16_t>(*p);
  }
  return static_cast<uint16_t>(set.front().lo);
}

uint16_t PickDestinationPort(const IntervalSet& set) {
  if (auto p = LowestWithin(set, 1, 65535)) return static_cast<uint16_t>(*p);  // 0 is unusual
  return static_cast<uint16_t>(set.front().lo);
}

}  // namespace

std::vector<Box> MergeBoxes(std::vector<Box> boxes) {
  bool merged = true;
  while (merged) {
    merged = false;
    for (int d = kProtocolDim; d < kBoxDims; ++d) {
      std::map<std::vector<uint32_t>, size_t> seen;
      std::vector<Box> out;
      out.reserve(boxes.size());
      for (Box& box : boxes) {
        auto [it, inserted] = seen.emplace(KeyWithout(box, d), out.size());
        if (inserted) {
          out.push_back(std::move(box));
          continue;
        }
        Box& into = out[it->second];
        if (d == kProtocolDim) {
          into.protocols |= box.protocols;
        } else {
          into.dims[d] = Union(into.dims[d], box.dims[d]);
        }
        merged = true;
      }
      boxes = std::move(out);
    }
  }
  return boxes;
}

bool BoxLess(const Box& a, const Box& b) {
  return KeyWithout(a, kBoxDims) < KeyWithout(b, kBoxDims);
}

FlowRegion ToRegion(const Box& box) {
  FlowRegion region;
  for (IpProtocol p : kProtocolsByBit) {
    if ((box.protocols & ProtocolBit(p)) != 0) region.protocols.push_back(p);
  }
  for (const Interval& i : box.dims[kSourceAddress]) {
    region.sources.push_back({Ipv4Address(i.lo), Ipv4Address(i.hi)});
  }
  for (const Interval& i : box.dims[kDestinationAddress]) {
    region.destinations.push_back({Ipv4Address(i.lo), Ipv4Address(i.hi)});
  }
  for (const Interval& i : box.dims[kSourcePort]) {
    region.source_ports.push_back({static_cast<uint16_t>(i.lo), static_cast<uint16_t>(i.hi)});
  }
  for (const Interval& i : box.dims[kDestinationPort]) {
    region.destination_ports.push_back({static_cast<uint16_t>(i.lo), static_cast<uint16_t>(i.hi)});
  }
  return region;
}

Flow ExampleFlow(const Box& box) {
  Flow flow;
  for (IpProtocol p : kProtocolsByBit) {
    if ((box.protocols & ProtocolBit(p)) != 0) {
      flow.protocol = p;
      break;
    }
  }
  flow.source = Ipv4Address(PickAddress(box.dims[kSourceAddress]));
  flow.destination = Ipv4Address(PickAddress(box.dims[kDestinationAddress]));
  flow.source_port = PickSourcePort(box.dims[kSourcePort]);
  flow.destination_port = PickDestinationPort(box.dims[kDestinationPort]);
  return flow;
}

}  // namespace tunnelsim::nsg::internal

namespace tunnelsim::nsg {

bool FlowRegion::Contains(const Flow& flow) const {
  auto in = [](const auto& list, auto value) {
    return std::any_of(list.begin(), list.end(), [&](const auto& r) { return r.Contains(value); });
  };
  if (std::find(protocols.begin(), protocols.end(), flow.protocol) == protocols.end()) {
    return false;
  }
  if (HasPorts(flow.protocol) &&
      (!in(source_ports, flow.source_port) || !in(destination_ports, flow.destination_port))) {
    return false;
  }
  return in(sources, flow.source) && in(destinations, flow.destination);
}

}  // namespace tunnelsim::nsg
