// Printing of nsg_diff.h's regions and verdicts.
#include <algorithm>
#include <string>

#include "models/nsg/nsg_diff.h"
#include "models/nsg/range_set.h"

namespace tunnelsim::nsg {
namespace {

// "10.0.0.0/16" when the range is exactly one prefix (a bare address for a /32), else "a-b".
std::string FormatRange(const Ipv4Range& r) {
  uint64_t size = r.Size();
  bool power_of_two = (size & (size - 1)) == 0;
  if (power_of_two && (uint64_t{r.first.value()} & (size - 1)) == 0) {
    int length = 32;
    while ((uint64_t{1} << (32 - length)) < size) --length;
    if (length == 32) return r.first.ToString();
    return Ipv4Prefix(r.first, length).ToString();
  }
  return r.first.ToString() + "-" + r.last.ToString();
}

std::string FormatRanges(std::span<const Ipv4Range> ranges, std::span<const AddressName> names) {
  for (const AddressName& n : names) {
    if (std::equal(ranges.begin(), ranges.end(), n.ranges.begin(), n.ranges.end())) return n.name;
  }
  std::string out;
  for (const Ipv4Range& r : ranges) {
    if (!out.empty()) out += ',';
    out += FormatRange(r);
  }
  return out;
}

std::string FormatAddressSet(std::span<const Ipv4Range> ranges,
                             std::span<const AddressName> names) {
  if (ranges.size() == 1 && ranges[0] == Ipv4Range::All()) return "*";
  std::string plain = FormatRanges(ranges, names);
  std::vector<Ipv4Range> rest = ComplementRanges(ranges);
  if (rest.empty()) return plain;  // unreachable for a non-"*" set; kept for safety
  std::string except = "* except " + FormatRanges(rest, names);
  return except.size() < plain.size() ? except : plain;
}

bool AnyHasPorts(const std::vector<IpProtocol>& protocols) {
  return std::any_of(protocols.begin(), protocols.end(), HasPorts);
}

std::string ProtocolNames(const std::vector<IpProtocol>& protocols) {
  if (protocols.size() == 5) return "*";
  std::string out;
  for (IpProtocol p : protocols) {
    if (!out.empty()) out += ',';
    switch (p) {
      case IpProtocol::kTcp:
        out += ToString(RuleProtocol::kTcp);
        break;
      case IpProtocol::kUdp:
        out += ToString(RuleProtocol::kUdp);
        break;
      case IpProtocol::kIcmp:
        out += ToString(RuleProtocol::kIcmp);
        break;
      case IpProtocol::kEsp:
        out += ToString(RuleProtocol::kEsp);
        break;
      case IpProtocol::kAh:
        out += ToString(RuleProtocol::kAh);
        break;
    }
  }
  return out;
}

}  // namespace

std::vector<AddressName> ServiceTagNames(const ServiceTagContext& context) {
  std::vector<AddressName> names;
  for (ServiceTag tag : {ServiceTag::kVirtualNetwork, ServiceTag::kInternet,
                         ServiceTag::kAzureLoadBalancer, ServiceTag::kAzureCloud}) {
    names.push_back({std::string(ToString(tag)), ResolveServiceTag(tag, "", context)});
  }
  return names;
}

std::string FormatRegion(const FlowDelta& delta, std::span<const AddressName> names) {
  const FlowRegion& r = delta.region;
  const bool ports = AnyHasPorts(r.protocols);
  std::string out = ProtocolNames(r.protocols);
  out += ' ';
  out += FormatAddressSet(r.sources, names);
  if (ports) out += ":" + FormatPorts(r.source_ports);
  out += " -> ";
  out += FormatAddressSet(r.destinations, names);
  if (ports) out += ":" + FormatPorts(r.destination_ports);
  return out;
}

std::string FormatVerdict(const Verdict& verdict) {
  std::string out(ToString(verdict.allowed ? Access::kAllow : Access::kDeny));
  switch (verdict.reason) {
    case VerdictReason::kNoNsg:
      return out + " (no NSG)";
    case VerdictReason::kPlatformAddress:
      return out + " (platform address)";
    case VerdictReason::kRule:
      break;
  }
  return out + " by " + std::string(verdict.rule_name) + " (" + std::to_string(verdict.priority) +
         ")";
}

}  // namespace tunnelsim::nsg
