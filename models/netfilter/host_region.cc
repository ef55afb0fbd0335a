#include "models/netfilter/host_region.h"

#include <algorithm>
#include <map>
#include <optional>

namespace tunnelsim::netfilter::internal {
namespace {

constexpr int kProtocolDim = 0, kSourceDim = 1, kPortDim = 2, kNoDim = 3;

std::vector<uint32_t> KeyWithout(const HostBox& box, int skip) {
  std::vector<uint32_t> key;
  if (skip != kProtocolDim) key.push_back(box.protocols);
  for (int d : {kSourceDim, kPortDim}) {
    if (d == skip) continue;
    const std::vector<ValueRange>& list = d == kSourceDim ? box.sources : box.ports;
    key.push_back(static_cast<uint32_t>(list.size()));
    for (const ValueRange& r : list) {
      key.push_back(r.lo);
      key.push_back(r.hi);
    }
  }
  return key;
}

// Both lists' values, touching ranges joined.
std::vector<ValueRange> Union(const std::vector<ValueRange>& a, const std::vector<ValueRange>& b) {
  std::vector<ValueRange> all(a);
  all.insert(all.end(), b.begin(), b.end());
  std::sort(all.begin(), all.end(),
            [](const ValueRange& x, const ValueRange& y) { return x.lo < y.lo; });
  std::vector<ValueRange> out;
  for (const ValueRange& r : all) {
    if (!out.empty() && uint64_t{r.lo} <= uint64_t{out.back().hi} + 1) {
      out.back().hi = std::max(out.back().hi, r.hi);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

// Not in 0/8, 127/8 or 224/3, and not .0 or .255 (often network or broadcast addresses).
bool LooksLikeHost(uint32_t a) {
  uint32_t first = a >> 24, last = a & 0xff;
  return first != 0 && first != 127 && first < 224 && last != 0 && last != 255;
}

// The lowest address of [lo, hi] that LooksLikeHost; each step skips one reason to refuse.
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
      a += (v & 0xff) == 0 ? 1 : 2;
    }
  }
  return std::nullopt;
}

uint32_t PickSource(const std::vector<ValueRange>& sources) {
  for (const ValueRange& r : sources) {
    if (auto a = LowestHostLike(r.lo, r.hi)) return *a;
  }
  return sources.front().lo;
}

uint16_t PickPort(const std::vector<ValueRange>& ports) {
  for (const ValueRange& r : ports) {
    if (r.hi >= 1) return static_cast<uint16_t>(std::max<uint32_t>(r.lo, 1));  // 0 is unusual
  }
  return static_cast<uint16_t>(ports.front().lo);
}

}  // namespace

std::vector<HostBox> MergeHostBoxes(std::vector<HostBox> boxes) {
  bool merged = true;
  while (merged) {
    merged = false;
    for (int d : {kProtocolDim, kSourceDim, kPortDim}) {
      std::map<std::vector<uint32_t>, size_t> seen;
      std::vector<HostBox> out;
      out.reserve(boxes.size());
      for (HostBox& box : boxes) {
        auto [it, inserted] = seen.emplace(KeyWithout(box, d), out.size());
        if (inserted) {
          out.push_back(std::move(box));
          continue;
        }
        HostBox& into = out[it->second];
        if (d == kProtocolDim) into.protocols |= box.protocols;
        if (d == kSourceDim) into.sources = Union(into.sources, box.sources);
        if (d == kPortDim) into.ports = Union(into.ports, box.ports);
        merged = true;
      }
      boxes = std::move(out);
    }
  }
  return boxes;
}

bool HostBoxLess(const HostBox& a, const HostBox& b) {
  return KeyWithout(a, kNoDim) < KeyWithout(b, kNoDim);
}

void FillDelta(const HostBox& box, Ipv4Address destination, const HostDiffOptions& options,
               HostFlowDelta* delta) {
  for (IpProtocol p : kHostProtocols) {
    if ((box.protocols & HostProtocolBit(p)) != 0) delta->protocols.push_back(p);
  }
  for (const ValueRange& r : box.sources) {
    delta->sources.push_back({Ipv4Address(r.lo), Ipv4Address(r.hi)});
  }
  for (const ValueRange& r : box.ports) {
    delta->destination_ports.push_back({static_cast<uint16_t>(r.lo), static_cast<uint16_t>(r.hi)});
  }
  Packet& p = delta->example;
  p.protocol = delta->protocols.front();
  p.src = Ipv4Address(PickSource(box.sources));
  p.dst = destination;
  p.sport = HasPorts(p.protocol) ? options.source_port : 0;
  p.dport = HasPorts(p.protocol) ? PickPort(box.ports) : 0;
  p.in_interface = options.in_interface;
  p.icmp_type = options.icmp_type;
}

}  // namespace tunnelsim::netfilter::internal
