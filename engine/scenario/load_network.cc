// The `network` section: virtual networks, subnets and network security groups.
#include <fmt/format.h>

#include "engine/scenario/scenario_loader.h"

namespace tunnelsim {

void ScenarioLoader::ReadNetwork(const YAML::Node& node, Network* out) {
  MapFields m(&r_, node, "'network'");
  if (YAML::Node n = m.Require("vnets"); n.IsDefined()) {
    if (r_.CheckSequence(n, "'vnets'", limits_.max_vnets)) {
      for (const YAML::Node& item : n) ReadVnet(item, &out->vnets.emplace_back());
    }
  }
  if (YAML::Node n = m.Take("networkSecurityGroups"); n.IsDefined()) {
    if (r_.CheckSequence(n, "'networkSecurityGroups'", limits_.max_nsgs)) {
      for (const YAML::Node& item : n) {
        ReadNsg(item, &out->network_security_groups.emplace_back());
      }
    }
  }
  if (YAML::Node tags = m.Take("serviceTags"); tags.IsDefined()) {
    MapFields t(&r_, tags, "'serviceTags'");
    OptionalStringList(r_, t, "azureCloud", limits_.max_list_items, &out->service_tags.azure_cloud);
    if (YAML::Node regions = t.Take("azureCloudRegions"); regions.IsDefined()) {
      if (!regions.IsMap()) {
        r_.Error(regions, "'azureCloudRegions' must map region names to lists of CIDRs");
      } else {
        for (const auto& entry : regions) {
          auto& [region, prefixes] = out->service_tags.azure_cloud_regions.emplace_back();
          r_.ReadString(entry.first, "a region name", &region);
          r_.ReadStringList(entry.second, "'azureCloudRegions." + region.value + "'",
                            limits_.max_list_items, &prefixes);
        }
      }
    }
    t.Finish();
  }
  m.Finish();
}

void ScenarioLoader::ReadVnet(const YAML::Node& node, VirtualNetwork* out) {
  MapFields m(&r_, node, "a vnet");
  RequiredString(r_, m, "name", &out->name);
  if (YAML::Node n = m.Require("addressSpace"); n.IsDefined()) {
    r_.ReadStringList(n, "'addressSpace'", limits_.max_list_items, &out->address_space);
  }
  OptionalStringList(r_, m, "peerings", limits_.max_list_items, &out->peerings);
  if (YAML::Node n = m.Take("subnets"); n.IsDefined()) {
    if (r_.CheckSequence(n, "'subnets'", limits_.max_subnets_per_vnet)) {
      for (const YAML::Node& item : n) {
        Subnet& subnet = out->subnets.emplace_back();
        MapFields s(&r_, item, "a subnet");
        RequiredString(r_, s, "name", &subnet.name);
        RequiredString(r_, s, "addressPrefix", &subnet.address_prefix);
        OptionalString(r_, s, "networkSecurityGroup", &subnet.network_security_group);
        s.Finish();
      }
    }
  }
  m.Finish();
}

void ScenarioLoader::ReadNsg(const YAML::Node& node, NetworkSecurityGroupSpec* out) {
  MapFields m(&r_, node, "a network security group");
  RequiredString(r_, m, "name", &out->name);
  if (YAML::Node n = m.Take("securityRules"); n.IsDefined()) {
    if (r_.CheckSequence(n, "'securityRules'", limits_.max_rules_per_nsg)) {
      for (const YAML::Node& item : n) {
        ReadSecurityRule(r_, item, limits_, &out->security_rules.emplace_back());
      }
    }
  }
  m.Finish();
}

namespace {

// ARM spells a single value `xPrefix` / `xRange` and a list `xPrefixes` / `xRanges`; a rule
// may use either form but not both for one side (reference/azure.md §1.6).
void ReadSingleOrList(YamlReader& r, MapFields& m, std::string_view single, std::string_view plural,
                      size_t max, std::vector<LString>* out) {
  YAML::Node one = m.Take(single);
  YAML::Node many = m.Take(plural);
  if (one.IsDefined() && many.IsDefined()) {
    r.Error(many, fmt::format("a rule may set '{}' or '{}', not both", single, plural));
    return;
  }
  if (one.IsDefined()) {
    LString value;
    if (r.ReadString(one, KeyName(single), &value)) out->push_back(std::move(value));
  } else if (many.IsDefined()) {
    r.ReadStringList(many, KeyName(plural), max, out);
  }
}

}  // namespace

void ReadSecurityRule(YamlReader& r, const YAML::Node& node, const ScenarioLimits& limits,
                      SecurityRuleSpec* out) {
  MapFields m(&r, node, "a security rule");
  out->pos = m.pos();
  RequiredString(r, m, "name", &out->name);
  // Custom rules take 100-4096; 65000-65500 belong to the default rules (reference/azure.md §1.1).
  if (YAML::Node n = m.Require("priority"); n.IsDefined()) {
    r.ReadInt(n, "'priority'", 100, 4096, &out->priority);
  }
  if (YAML::Node n = m.Require("direction"); n.IsDefined()) {
    r.ReadEnum(n, "'direction'", {"Inbound", "Outbound"}, &out->direction);
  }
  if (YAML::Node n = m.Require("access"); n.IsDefined()) {
    r.ReadEnum(n, "'access'", {"Allow", "Deny"}, &out->access);
  }
  RequiredString(r, m, "protocol", &out->protocol);
  size_t max = limits.max_prefixes_per_rule_side;
  ReadSingleOrList(r, m, "sourceAddressPrefix", "sourceAddressPrefixes", max,
                   &out->source_address_prefixes);
  ReadSingleOrList(r, m, "sourcePortRange", "sourcePortRanges", max, &out->source_port_ranges);
  ReadSingleOrList(r, m, "destinationAddressPrefix", "destinationAddressPrefixes", max,
                   &out->destination_address_prefixes);
  ReadSingleOrList(r, m, "destinationPortRange", "destinationPortRanges", max,
                   &out->destination_port_ranges);
  LString description;
  OptionalString(r, m, "description", &description);
  out->description = description.value;
  if (out->source_address_prefixes.empty() && m.valid()) {
    r.Error(out->pos, "a security rule needs 'sourceAddressPrefix' or 'sourceAddressPrefixes'");
  }
  if (out->destination_address_prefixes.empty() && m.valid()) {
    r.Error(out->pos,
            "a security rule needs 'destinationAddressPrefix' or 'destinationAddressPrefixes'");
  }
  // Ports default to '*' as in the portal; ARM requires them, but a missing port list has only
  // one sensible meaning.
  if (out->source_port_ranges.empty()) out->source_port_ranges.push_back({"*", out->pos});
  if (out->destination_port_ranges.empty()) {
    out->destination_port_ranges.push_back({"*", out->pos});
  }
  m.Finish();
}

}  // namespace tunnelsim
