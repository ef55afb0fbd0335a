#include "models/nsg/default_rules.h"

#include <vector>

#include "models/nsg/text_util.h"

namespace tunnelsim::nsg {
namespace {

SecurityRule MakeDefault(std::string name, int priority, Direction direction, Access access,
                         AddressMatcher source, AddressMatcher destination,
                         std::string description) {
  SecurityRule rule;
  rule.name = std::move(name);
  rule.priority = priority;
  rule.direction = direction;
  rule.access = access;
  rule.protocol = RuleProtocol::kAny;
  rule.sources = {std::move(source)};
  rule.source_ports = {PortRange::All()};
  rule.destinations = {std::move(destination)};
  rule.destination_ports = {PortRange::All()};
  rule.description = std::move(description);
  rule.is_default = true;
  return rule;
}

const std::vector<SecurityRule>& AllDefaults() {
  using enum Direction;
  const AddressMatcher vnet = AddressMatcher::Tag(ServiceTag::kVirtualNetwork);
  const AddressMatcher any = AddressMatcher::Any();
  // reference/azure.md §1.3, table rows in order.
  static const std::vector<SecurityRule> rules = {
      MakeDefault("AllowVnetInBound", kAllowVnetPriority, kInbound, Access::kAllow, vnet, vnet,
                  "Default: allow traffic within the virtual network"),
      MakeDefault("AllowAzureLoadBalancerInBound", kAllowLoadBalancerOrInternetPriority, kInbound,
                  Access::kAllow, AddressMatcher::Tag(ServiceTag::kAzureLoadBalancer), any,
                  "Default: allow Azure Load Balancer health probes"),
      MakeDefault("DenyAllInBound", kDenyAllPriority, kInbound, Access::kDeny, any, any,
                  "Default: deny all other inbound traffic"),
      MakeDefault("AllowVnetOutBound", kAllowVnetPriority, kOutbound, Access::kAllow, vnet, vnet,
                  "Default: allow traffic within the virtual network"),
      MakeDefault("AllowInternetOutBound", kAllowLoadBalancerOrInternetPriority, kOutbound,
                  Access::kAllow, any, AddressMatcher::Tag(ServiceTag::kInternet),
                  "Default: allow outbound traffic to the internet"),
      MakeDefault("DenyAllOutBound", kDenyAllPriority, kOutbound, Access::kDeny, any, any,
                  "Default: deny all other outbound traffic"),
  };
  return rules;
}

}  // namespace

std::span<const SecurityRule> DefaultSecurityRules() { return AllDefaults(); }

std::span<const SecurityRule> DefaultSecurityRules(Direction direction) {
  std::span<const SecurityRule> all = AllDefaults();
  return direction == Direction::kInbound ? all.first(3) : all.last(3);
}

const SecurityRule* FindDefaultRule(std::string_view name) {
  constexpr std::string_view kPrefix = "defaultSecurityRules/";
  if (name.size() > kPrefix.size() &&
      internal::EqualsIgnoreCase(name.substr(0, kPrefix.size()), kPrefix)) {
    name.remove_prefix(kPrefix.size());
  }
  for (const SecurityRule& rule : AllDefaults()) {
    if (internal::EqualsIgnoreCase(rule.name, name)) return &rule;
  }
  return nullptr;
}

}  // namespace tunnelsim::nsg
