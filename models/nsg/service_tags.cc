#include "models/nsg/service_tags.h"

#include <algorithm>

#include "models/nsg/range_set.h"
#include "models/nsg/text_util.h"

namespace tunnelsim::nsg {
namespace {

std::vector<Ipv4Prefix> ParseAll(std::initializer_list<const char*> texts) {
  std::vector<Ipv4Prefix> out;
  for (const char* t : texts) out.push_back(Ipv4Prefix::Parse(t, true).value());
  return out;
}

std::vector<Ipv4Range> VirtualNetworkRanges(const ServiceTagContext& context) {
  std::vector<Ipv4Range> ranges = PrefixesToRanges(context.virtual_network);
  if (context.virtual_network_includes_host_ip) {
    ranges.push_back({kHostVirtualIp, kHostVirtualIp});
    ranges = NormalizeRanges(std::move(ranges));
  }
  return ranges;
}

}  // namespace

std::vector<Ipv4Prefix> DefaultAzureCloudPrefixes() {
  // Stand-in only (see header). 168.62.0.0/15 is left out on purpose: it holds the host
  // virtual IP, which AzureCloud must not make a rule target by accident.
  return ParseAll({"13.64.0.0/11", "20.0.0.0/8", "23.96.0.0/13", "40.64.0.0/10", "52.0.0.0/8",
                   "104.40.0.0/13", "137.116.0.0/15", "191.232.0.0/13"});
}

std::vector<Ipv4Prefix> DefaultNonInternetPrefixes() {
  // RFC 1122 "this network", RFC 1918 private, RFC 6598 shared, loopback, link-local,
  // multicast and the reserved 240/4: none of it is "reachable by the public internet".
  return ParseAll({"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                   "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/3"});
}

std::vector<Ipv4Range> ResolveServiceTag(ServiceTag tag, std::string_view region,
                                         const ServiceTagContext& context) {
  switch (tag) {
    case ServiceTag::kVirtualNetwork:
      return VirtualNetworkRanges(context);
    case ServiceTag::kAzureLoadBalancer:
      return {{kHostVirtualIp, kHostVirtualIp}};
    case ServiceTag::kInternet: {
      std::vector<Ipv4Range> excluded =
          UnionRanges(VirtualNetworkRanges(context), PrefixesToRanges(context.non_internet));
      return ComplementRanges(excluded);
    }
    case ServiceTag::kAzureCloud:
      if (!region.empty()) {
        for (const auto& [name, prefixes] : context.azure_cloud_regions) {
          if (internal::EqualsIgnoreCase(name, region)) return PrefixesToRanges(prefixes);
        }
      }
      return PrefixesToRanges(context.azure_cloud);
  }
  return {};
}

std::vector<Ipv4Range> ResolveMatcher(const AddressMatcher& matcher,
                                      const ServiceTagContext& context) {
  switch (matcher.kind) {
    case AddressMatcher::Kind::kAny:
      return {Ipv4Range::All()};
    case AddressMatcher::Kind::kPrefix:
      return {matcher.prefix.Range()};
    case AddressMatcher::Kind::kServiceTag:
      return ResolveServiceTag(matcher.tag, matcher.region, context);
  }
  return {};
}

std::vector<Ipv4Range> ResolveMatchers(std::span<const AddressMatcher> matchers,
                                       const ServiceTagContext& context, bool tags_only) {
  std::vector<Ipv4Range> all;
  for (const AddressMatcher& m : matchers) {
    if (tags_only && m.kind != AddressMatcher::Kind::kServiceTag) continue;
    std::vector<Ipv4Range> one = ResolveMatcher(m, context);
    all.insert(all.end(), one.begin(), one.end());
  }
  return NormalizeRanges(std::move(all));
}

bool IsPlatformAddress(const ServiceTagContext& context, Ipv4Address address) {
  return std::find(context.platform_addresses.begin(), context.platform_addresses.end(), address) !=
         context.platform_addresses.end();
}

}  // namespace tunnelsim::nsg
