// Network changes: NSG rules, NSGs and their associations, the egress firewall.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "engine/apply/change_applier.h"

namespace tunnelsim {
namespace {

std::string RuleSummary(const SecurityRuleSpec& rule) {
  return fmt::format("{} {} {}", rule.direction.value, rule.priority.value, rule.access.value);
}

// ARM's duplicate check keys on the priority's position being known (validate_nsg.cc); a rule
// built from a command gets the change's position for every field it lacks one for.
void AnchorRule(SecurityRuleSpec* rule, SourcePos pos) {
  if (!rule->pos.known()) rule->pos = pos;
  for (LString* field : {&rule->name, &rule->direction, &rule->access, &rule->protocol}) {
    if (!field->pos.known()) field->pos = pos;
  }
  if (!rule->priority.pos.known()) rule->priority.pos = pos;
}

bool SameWord(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Another rule of the group with the same priority and direction, or nullptr.
const SecurityRuleSpec* PriorityClash(const NetworkSecurityGroupSpec& nsg,
                                      const SecurityRuleSpec& rule) {
  for (const SecurityRuleSpec& other : nsg.security_rules) {
    if (other.name.value != rule.name.value && other.priority.value == rule.priority.value &&
        SameWord(other.direction.value, rule.direction.value)) {
      return &other;
    }
  }
  return nullptr;
}

}  // namespace

bool ChangeApplier::CheckPriority(const NetworkSecurityGroupSpec& nsg,
                                  const SecurityRuleSpec& rule) {
  const SecurityRuleSpec* other = PriorityClash(nsg, rule);
  if (!other) return true;
  // reference/azure.md §1.2: ARM's error for two rules with one priority and direction.
  return Fail(rule.priority.pos,
              fmt::format("(SecurityRuleConflict) Security rule {} conflicts with rule {}. Rules "
                          "cannot have the same Priority and Direction.",
                          rule.name.value, other->name.value));
}

NetworkSecurityGroupSpec* ChangeApplier::FindNsg(const LString& name) {
  for (NetworkSecurityGroupSpec& nsg : s_.network.network_security_groups) {
    if (nsg.name.value == name.value) return &nsg;
  }
  std::vector<std::string> names;
  for (const auto& nsg : s_.network.network_security_groups) names.push_back(nsg.name.value);
  Fail(name.pos, fmt::format("network security group '{}' is not in the scenario; expected {}",
                             name.value, QuotedList(names)));
  return nullptr;
}

bool ChangeApplier::operator()(const AddSecurityRule& c) {
  NetworkSecurityGroupSpec* nsg = FindNsg(c.network_security_group);
  if (!nsg) return false;
  SecurityRuleSpec rule = c.rule;
  AnchorRule(&rule, change_.pos);
  if (!CheckPriority(*nsg, rule)) return false;
  auto same_name = std::find_if(nsg->security_rules.begin(), nsg->security_rules.end(),
                                [&](const auto& r) { return r.name.value == rule.name.value; });
  out_.nsgs.insert(nsg->name.value);
  if (same_name != nsg->security_rules.end()) {
    // `az network nsg rule create` is a PUT: an existing rule of that name is replaced. The
    // structured entry is stricter, so that a typo cannot silently replace a rule.
    if (change_.command.empty()) {
      return Fail(rule.name.pos,
                  fmt::format("network security group '{}' already has a rule '{}'; expected a "
                              "new name, or updateSecurityRule to replace it",
                              nsg->name.value, rule.name.value));
    }
    *same_name = rule;
    out_.description = fmt::format("{}: replaces rule {} ({})", nsg->name.value, rule.name.value,
                                   RuleSummary(rule));
    return true;
  }
  nsg->security_rules.push_back(rule);
  out_.description =
      fmt::format("{}: adds rule {} ({})", nsg->name.value, rule.name.value, RuleSummary(rule));
  return true;
}

bool ChangeApplier::operator()(const UpdateSecurityRule& c) {
  NetworkSecurityGroupSpec* nsg = FindNsg(c.network_security_group);
  if (!nsg) return false;
  SecurityRuleSpec rule = c.rule;
  AnchorRule(&rule, change_.pos);
  if (!CheckPriority(*nsg, rule)) return false;
  for (SecurityRuleSpec& existing : nsg->security_rules) {
    if (existing.name.value != rule.name.value) continue;
    out_.description = fmt::format("{}: updates rule {} ({} -> {})", nsg->name.value,
                                   rule.name.value, RuleSummary(existing), RuleSummary(rule));
    existing = rule;
    out_.nsgs.insert(nsg->name.value);
    return true;
  }
  return Fail(rule.name.pos,
              fmt::format("network security group '{}' has no rule '{}' to update; expected an "
                          "existing rule's name, or addSecurityRule",
                          nsg->name.value, rule.name.value));
}

bool ChangeApplier::operator()(const PatchSecurityRule& c) {
  NetworkSecurityGroupSpec* nsg = FindNsg(c.network_security_group);
  if (!nsg) return false;
  for (SecurityRuleSpec& rule : nsg->security_rules) {
    if (rule.name.value != c.name.value) continue;
    std::string before = RuleSummary(rule);
    if (c.priority) rule.priority = *c.priority;
    if (c.direction) rule.direction = *c.direction;
    if (c.access) rule.access = *c.access;
    if (c.protocol) rule.protocol = *c.protocol;
    if (c.source_address_prefixes) rule.source_address_prefixes = *c.source_address_prefixes;
    if (c.source_port_ranges) rule.source_port_ranges = *c.source_port_ranges;
    if (c.destination_address_prefixes) {
      rule.destination_address_prefixes = *c.destination_address_prefixes;
    }
    if (c.destination_port_ranges) rule.destination_port_ranges = *c.destination_port_ranges;
    if (c.description) rule.description = *c.description;
    AnchorRule(&rule, change_.pos);
    if (!CheckPriority(*nsg, rule)) return false;
    out_.nsgs.insert(nsg->name.value);
    out_.description = fmt::format("{}: updates rule {} ({} -> {})", nsg->name.value,
                                   rule.name.value, before, RuleSummary(rule));
    return true;
  }
  // az reports the missing child resource; the exact text is not in the reference.
  return Fail(c.name.pos, fmt::format("network security group '{}' has no rule '{}' to update",
                                      nsg->name.value, c.name.value));
}

bool ChangeApplier::operator()(const RemoveSecurityRule& c) {
  NetworkSecurityGroupSpec* nsg = FindNsg(c.network_security_group);
  if (!nsg) return false;
  auto& rules = nsg->security_rules;
  auto it = std::find_if(rules.begin(), rules.end(),
                         [&](const auto& r) { return r.name.value == c.name.value; });
  if (it == rules.end()) {
    // ARM's DELETE is idempotent: `az network nsg rule delete` of a missing rule succeeds.
    if (!change_.command.empty()) {
      out_.description = fmt::format("{}: rule {} does not exist; nothing to delete",
                                     nsg->name.value, c.name.value);
      return true;
    }
    return Fail(c.name.pos, fmt::format("network security group '{}' has no rule '{}' to remove",
                                        nsg->name.value, c.name.value));
  }
  out_.description =
      fmt::format("{}: removes rule {} ({})", nsg->name.value, c.name.value, RuleSummary(*it));
  rules.erase(it);
  out_.nsgs.insert(nsg->name.value);
  return true;
}

bool ChangeApplier::operator()(const AddNetworkSecurityGroup& c) {
  for (const auto& nsg : s_.network.network_security_groups) {
    if (nsg.name.value == c.group.name.value) {
      return Fail(c.group.name.pos,
                  fmt::format("network security group '{}' exists already; expected a new name",
                              c.group.name.value));
    }
  }
  s_.network.network_security_groups.push_back(c.group);
  out_.nsgs.insert(c.group.name.value);
  out_.description = fmt::format("adds network security group {} ({} rules)", c.group.name.value,
                                 c.group.security_rules.size());
  return true;
}

bool ChangeApplier::operator()(const AssociateNetworkSecurityGroup& c) {
  const std::string& name = c.network_security_group.value;
  if (!name.empty() && !FindNsg(c.network_security_group)) return false;
  LString* slot = nullptr;
  std::string where;
  if (!c.subnet.value.empty()) {
    std::vector<std::string> names;
    for (VirtualNetwork& vnet : s_.network.vnets) {
      for (Subnet& subnet : vnet.subnets) {
        names.push_back(subnet.name.value);
        if (subnet.name.value == c.subnet.value) slot = &subnet.network_security_group;
      }
    }
    if (!slot) {
      return Fail(c.subnet.pos, fmt::format("subnet '{}' is not in the scenario; expected {}",
                                            c.subnet.value, QuotedList(names)));
    }
    where = fmt::format("subnet {}", c.subnet.value);
  } else {
    NodePool* pool = FindPool(c.node_pool);
    if (!pool) return false;
    slot = &pool->network_security_group;
    where = fmt::format("the NICs of node pool {}", c.node_pool.value);
  }
  if (!slot->value.empty()) out_.nsgs.insert(slot->value);
  if (!name.empty()) out_.nsgs.insert(name);
  out_.description = name.empty()
                         ? fmt::format("removes network security group {} from {}",
                                       slot->value.empty() ? "(none)" : slot->value, where)
                         : fmt::format("associates network security group {} with {}", name, where);
  *slot = c.network_security_group;
  return true;
}

bool ChangeApplier::operator()(const AddEgressRule& c) {
  auto& rules = s_.outbound.egress_firewall;
  for (const auto& rule : rules) {
    if (rule.name.value == c.rule.name.value) {
      return Fail(c.rule.name.pos,
                  fmt::format("the egress firewall already has a rule '{}'; expected a new name",
                              c.rule.name.value));
    }
  }
  rules.push_back(c.rule);
  out_.outbound = true;
  out_.description =
      fmt::format("egress firewall: adds rule {} ({})", c.rule.name.value, c.rule.action.value);
  return true;
}

bool ChangeApplier::operator()(const RemoveEgressRule& c) {
  auto& rules = s_.outbound.egress_firewall;
  auto it = std::find_if(rules.begin(), rules.end(),
                         [&](const auto& r) { return r.name.value == c.name.value; });
  if (it == rules.end()) {
    std::vector<std::string> names;
    for (const auto& rule : rules) names.push_back(rule.name.value);
    return Fail(c.name.pos, fmt::format("the egress firewall has no rule '{}'; expected {}",
                                        c.name.value, QuotedList(names)));
  }
  rules.erase(it);
  out_.outbound = true;
  out_.description = fmt::format("egress firewall: removes rule {}", c.name.value);
  return true;
}

}  // namespace tunnelsim
