// Resolves rule address entries (prefixes, "*", service tags) to address ranges for one VNet.
// Only VirtualNetwork depends on the deployment; the caller supplies it. The other tags have
// documented or overridable defaults. Decisions (reference/azure.md §1.1, §1.4):
//   VirtualNetwork    = the caller's prefixes (VNet address spaces, peered VNets, on-premises
//                       and UDR prefixes) plus the host virtual IP 168.63.129.16, which the
//                       service-tags doc lists as part of the tag.
//   AzureLoadBalancer = 168.63.129.16/32.
//   Internet          = every address outside VirtualNetwork that the public internet can
//                       reach: the complement of VirtualNetwork and `non_internet` (private,
//                       shared, loopback, link-local, multicast and reserved space).
//   AzureCloud        = `azure_cloud` (a small stand-in, see DefaultAzureCloudPrefixes);
//   AzureCloud.<R>    = `azure_cloud_regions[R]` if given, otherwise all of `azure_cloud`
//                       (a superset: rules using it may match more than Azure's would).
// Platform addresses (168.63.129.16, 169.254.169.254) are not filtered by NSGs unless a rule
// targets them through a service tag; the evaluator applies that using `platform_addresses`.
// Resolution is O(n log n) in the prefixes involved; compile rules once (evaluator.h).
#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "models/core/ipv4.h"
#include "models/nsg/security_rule.h"

namespace tunnelsim::nsg {

// The host virtual IP: health probes, DNS, DHCP (reference/azure.md §1.1, §1.4).
inline constexpr Ipv4Address kHostVirtualIp{(168u << 24) | (63u << 16) | (129u << 8) | 16u};
// Instance Metadata Service (reference/azure.md §1.1).
inline constexpr Ipv4Address kInstanceMetadataIp{(169u << 24) | (254u << 16) | (169u << 8) | 254u};

// A stand-in for the AzureCloud tag: a few large blocks Azure public IPs (API servers, load
// balancer frontends) are commonly drawn from. NOT the published Service Tags file; replace it
// with the region's real prefixes when exact answers about AzureCloud matter.
std::vector<Ipv4Prefix> DefaultAzureCloudPrefixes();
// Address space no rule can reach through "Internet": 0/8, 10/8, 100.64/10, 127/8,
// 169.254/16, 172.16/12, 192.168/16 and 224/3.
std::vector<Ipv4Prefix> DefaultNonInternetPrefixes();

struct ServiceTagContext {
  std::vector<Ipv4Prefix> virtual_network;
  // The service-tags doc lists "the virtual IP address of the host" in VirtualNetwork.
  bool virtual_network_includes_host_ip = true;
  std::vector<Ipv4Prefix> azure_cloud = DefaultAzureCloudPrefixes();
  // Region name (matched ignoring case, e.g. "westeurope") -> that region's AzureCloud prefixes.
  std::vector<std::pair<std::string, std::vector<Ipv4Prefix>>> azure_cloud_regions;
  std::vector<Ipv4Prefix> non_internet = DefaultNonInternetPrefixes();
  // Addresses NSGs do not filter unless a service tag targets them; empty disables the rule.
  std::vector<Ipv4Address> platform_addresses{kHostVirtualIp, kInstanceMetadataIp};
};

// The addresses a tag stands for, normalized (sorted, disjoint).
std::vector<Ipv4Range> ResolveServiceTag(ServiceTag tag, std::string_view region,
                                         const ServiceTagContext& context);
// The addresses one entry matches, normalized.
std::vector<Ipv4Range> ResolveMatcher(const AddressMatcher& matcher,
                                      const ServiceTagContext& context);
// The union over a rule side's entries, normalized. With `tags_only`, only service-tag
// entries count (the part of a side that can target a platform address).
std::vector<Ipv4Range> ResolveMatchers(std::span<const AddressMatcher> matchers,
                                       const ServiceTagContext& context, bool tags_only = false);

bool IsPlatformAddress(const ServiceTagContext& context, Ipv4Address address);

}  // namespace tunnelsim::nsg
