#include "engine/network/nsg_build.h"

#include <fmt/format.h>

namespace tunnelsim {
namespace {

template <typename T>
bool Take(Result<T> result, const LString& field, const std::string& file, Diagnostics* d, T* out) {
  if (!result.ok()) {
    d->Error(file, field.pos, result.status().message());
    return false;
  }
  *out = std::move(result).value();
  return true;
}

bool BuildAddresses(const std::vector<LString>& specs, const std::string& file, Diagnostics* d,
                    std::vector<nsg::AddressMatcher>* out) {
  bool ok = true;
  out->clear();
  for (const LString& spec : specs) {
    std::vector<nsg::AddressMatcher> one;
    if (Take(nsg::ParseAddressPrefixes(std::string_view(spec.value)), spec, file, d, &one)) {
      out->insert(out->end(), one.begin(), one.end());
    } else {
      ok = false;
    }
  }
  return ok;
}

bool BuildPorts(const std::vector<LString>& specs, const std::string& file, Diagnostics* d,
                std::vector<PortRange>* out) {
  bool ok = true;
  out->clear();
  for (const LString& spec : specs) {
    std::vector<PortRange> one;
    if (Take(nsg::ParsePortSpec(spec.value), spec, file, d, &one)) {
      out->insert(out->end(), one.begin(), one.end());
    } else {
      ok = false;
    }
  }
  return ok;
}

}  // namespace

std::optional<nsg::SecurityRule> BuildSecurityRule(const SecurityRuleSpec& spec,
                                                   const std::string& file, Diagnostics* d) {
  nsg::SecurityRule rule;
  rule.name = spec.name.value;
  rule.priority = static_cast<int>(spec.priority.value);
  rule.description = spec.description;
  bool ok =
      Take(nsg::ParseDirection(spec.direction.value), spec.direction, file, d, &rule.direction);
  ok = Take(nsg::ParseAccess(spec.access.value), spec.access, file, d, &rule.access) && ok;
  ok = Take(nsg::ParseRuleProtocol(spec.protocol.value), spec.protocol, file, d, &rule.protocol) &&
       ok;
  ok = BuildAddresses(spec.source_address_prefixes, file, d, &rule.sources) && ok;
  ok = BuildAddresses(spec.destination_address_prefixes, file, d, &rule.destinations) && ok;
  ok = BuildPorts(spec.source_port_ranges, file, d, &rule.source_ports) && ok;
  ok = BuildPorts(spec.destination_port_ranges, file, d, &rule.destination_ports) && ok;
  if (!ok) return std::nullopt;
  // The model's whole-rule checks (name syntax, one service tag per side, description length),
  // reported where the rule is named.
  for (const Status& problem : nsg::ValidateRule(rule)) {
    d->Error(file, spec.name.pos.known() ? spec.name.pos : spec.pos, problem.message());
    ok = false;
  }
  if (!ok) return std::nullopt;
  return rule;
}

std::optional<nsg::NetworkSecurityGroup> BuildNsg(const NetworkSecurityGroupSpec& spec,
                                                  const std::string& file, Diagnostics* d) {
  nsg::NetworkSecurityGroup group;
  group.name = spec.name.value;
  bool ok = true;
  if (Status name = nsg::ValidateResourceName("network security group name", group.name);
      !name.ok()) {
    d->Error(file, spec.name.pos, name.message());
    ok = false;
  }
  for (const SecurityRuleSpec& rule_spec : spec.security_rules) {
    auto rule = BuildSecurityRule(rule_spec, file, d);
    if (rule) {
      group.rules.push_back(std::move(*rule));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return group;
}

nsg::ServiceTagContext BuildServiceTagContext(const Scenario& scenario) {
  nsg::ServiceTagContext context;
  for (const VirtualNetwork& vnet : scenario.network.vnets) {
    for (const auto* list : {&vnet.address_space, &vnet.peerings}) {
      for (const LString& cidr : *list) {
        if (auto prefix = Ipv4Prefix::Parse(cidr.value); prefix.ok()) {
          context.virtual_network.push_back(*prefix);
        }
      }
    }
  }
  const ServiceTagOverrides& tags = scenario.network.service_tags;
  auto parse = [](const std::vector<LString>& list) {
    std::vector<Ipv4Prefix> prefixes;
    for (const LString& cidr : list) {
      if (auto p = Ipv4Prefix::Parse(cidr.value); p.ok()) prefixes.push_back(*p);
    }
    return prefixes;
  };
  if (!tags.azure_cloud.empty()) context.azure_cloud = parse(tags.azure_cloud);
  for (const auto& [region, list] : tags.azure_cloud_regions) {
    context.azure_cloud_regions.emplace_back(region.value, parse(list));
  }
  return context;
}

}  // namespace tunnelsim
