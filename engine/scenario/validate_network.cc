// Address plans: VNets, subnets and the NSGs they reference.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "engine/scenario/validate_scenario.h"
#include "models/core/ipv4.h"

namespace tunnelsim {

void ValidateNetwork(const Scenario& s, Diagnostics* d) {
  const std::string& f = s.file;
  std::set<std::string> nsg_names;
  for (const auto& nsg : s.network.network_security_groups) nsg_names.insert(nsg.name.value);

  std::set<std::string> vnet_names;
  std::map<std::string, SourcePos> subnet_names;
  std::vector<std::pair<Ipv4Range, const Subnet*>> all_subnets;
  for (const VirtualNetwork& vnet : s.network.vnets) {
    if (!vnet_names.insert(vnet.name.value).second) {
      d->Error(f, vnet.name.pos, fmt::format("duplicate vnet name '{}'", vnet.name.value));
    }
    std::vector<Ipv4Prefix> space;
    for (const LString& cidr : vnet.address_space) {
      auto prefix = Ipv4Prefix::Parse(cidr.value, /*require_network_address=*/true);
      if (!prefix.ok()) {
        d->Error(f, cidr.pos, fmt::format("invalid address space: {}", prefix.status().message()));
      } else if (cidr.value.find('/') == std::string::npos) {
        d->Error(f, cidr.pos,
                 fmt::format("invalid address space '{}'; expected a CIDR such as "
                             "10.224.0.0/12",
                             cidr.value));
      } else {
        space.push_back(*prefix);
      }
    }
    if (vnet.address_space.empty()) {
      d->Error(f, vnet.name.pos,
               fmt::format("vnet '{}' has no address space; expected at least "
                           "one CIDR",
                           vnet.name.value));
    }
    for (const LString& cidr : vnet.peerings) {
      auto prefix = Ipv4Prefix::Parse(cidr.value, true);
      if (!prefix.ok()) {
        d->Error(f, cidr.pos, fmt::format("invalid peering: {}", prefix.status().message()));
      }
    }
    for (const Subnet& subnet : vnet.subnets) {
      auto [it, fresh] = subnet_names.emplace(subnet.name.value, subnet.name.pos);
      if (!fresh) {
        d->Error(f, subnet.name.pos,
                 fmt::format("duplicate subnet name '{}'; node pools refer to subnets by name, so "
                             "names must be unique across vnets",
                             subnet.name.value));
      }
      if (!subnet.network_security_group.value.empty() &&
          !nsg_names.contains(subnet.network_security_group.value)) {
        d->Error(f, subnet.network_security_group.pos,
                 fmt::format("subnet '{}' refers to network security group '{}', which is not "
                             "defined in network.networkSecurityGroups",
                             subnet.name.value, subnet.network_security_group.value));
      }
      auto prefix = Ipv4Prefix::Parse(subnet.address_prefix.value, true);
      if (!prefix.ok() || subnet.address_prefix.value.find('/') == std::string::npos) {
        d->Error(f, subnet.address_prefix.pos,
                 prefix.ok() ? fmt::format("invalid subnet prefix '{}'; expected a CIDR such as "
                                           "10.224.0.0/16",
                                           subnet.address_prefix.value)
                             : fmt::format("invalid subnet prefix: {}", prefix.status().message()));
        continue;
      }
      bool inside = false;
      for (const Ipv4Prefix& p : space) inside = inside || p.Range().Contains(prefix->Range());
      if (!inside && !space.empty()) {
        d->Error(f, subnet.address_prefix.pos,
                 fmt::format("subnet prefix {} is outside the address space of vnet '{}'",
                             subnet.address_prefix.value, vnet.name.value));
      }
      all_subnets.emplace_back(prefix->Range(), &subnet);
    }
  }
  // Sorted by first address, a subnet overlaps an earlier one exactly when it starts before the
  // furthest end seen so far: O(n log n) for thousands of subnets.
  std::stable_sort(all_subnets.begin(), all_subnets.end(),
                   [](const auto& a, const auto& b) { return a.first.first < b.first.first; });
  const std::pair<Ipv4Range, const Subnet*>* furthest = nullptr;
  for (const auto& entry : all_subnets) {
    if (furthest && entry.first.first <= furthest->first.last) {
      const Subnet& subnet = *entry.second;
      const Subnet& other = *furthest->second;
      d->Error(
          f, subnet.address_prefix.pos,
          fmt::format("subnet '{}' ({}) overlaps subnet '{}' ({})", subnet.name.value,
                      subnet.address_prefix.value, other.name.value, other.address_prefix.value));
    }
    if (!furthest || entry.first.last > furthest->first.last) furthest = &entry;
  }
  auto check_prefixes = [&](const std::vector<LString>& list) {
    for (const LString& cidr : list) {
      if (auto p = Ipv4Prefix::Parse(cidr.value); !p.ok()) {
        d->Error(f, cidr.pos, fmt::format("invalid service tag prefix: {}", p.status().message()));
      }
    }
  };
  check_prefixes(s.network.service_tags.azure_cloud);
  for (const auto& [region, list] : s.network.service_tags.azure_cloud_regions) {
    check_prefixes(list);
  }
  if (s.network.vnets.empty()) {
    d->Error(f, {}, "'network.vnets' is empty; expected at least one vnet with a subnet");
  }
}

}  // namespace tunnelsim
