#include "models/nsg/rule_box.h"

namespace tunnelsim::nsg::internal {

IntervalSet ToIntervals(std::span<const Ipv4Range> ranges) {
  IntervalSet out;
  out.reserve(ranges.size());
  for (const Ipv4Range& r : ranges) out.push_back({r.first.value(), r.last.value()});
  return out;
}

IntervalSet ToIntervals(std::span<const PortRange> ports) {
  IntervalSet out;
  out.reserve(ports.size());
  for (const PortRange& p : ports) out.push_back({p.first, p.last});
  return out;
}

Box RuleBox(const CompiledNsg& nsg, const CompiledRule& rule, bool source_is_platform,
            bool destination_is_platform) {
  Box box;
  box.protocols = rule.protocols;
  box.dims[kDestinationPort] = ToIntervals(nsg.destination_ports(rule));
  box.dims[kDestinationAddress] =
      ToIntervals(destination_is_platform ? nsg.destination_tags(rule) : nsg.destinations(rule));
  box.dims[kSourceAddress] =
      ToIntervals(source_is_platform ? nsg.source_tags(rule) : nsg.sources(rule));
  box.dims[kSourcePort] = ToIntervals(nsg.source_ports(rule));
  return box;
}

}  // namespace tunnelsim::nsg::internal
