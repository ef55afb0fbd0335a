// Network security groups: names, priorities and the rule fields Azure checks.
#include <map>
#include <set>

#include <fmt/format.h>

#include "engine/network/nsg_build.h"
#include "engine/scenario/validate_scenario.h"

namespace tunnelsim {

void ValidateSecurityGroups(const Scenario& s, Diagnostics* d) {
  const std::string& f = s.file;
  std::set<std::string> names;
  for (const NetworkSecurityGroupSpec& nsg : s.network.network_security_groups) {
    if (!names.insert(nsg.name.value).second) {
      d->Error(f, nsg.name.pos,
               fmt::format("duplicate network security group '{}'", nsg.name.value));
    }
    // Field syntax and per-rule checks come from the NSG model.
    BuildNsg(nsg, f, d);
    std::map<std::string, const SecurityRuleSpec*> rule_names;
    std::map<std::pair<std::string, int64_t>, const SecurityRuleSpec*> priorities;
    for (const SecurityRuleSpec& rule : nsg.security_rules) {
      if (!rule_names.emplace(rule.name.value, &rule).second) {
        d->Error(f, rule.name.pos,
                 fmt::format("duplicate rule name '{}' in network security group "
                             "'{}'",
                             rule.name.value, nsg.name.value));
      }
      if (rule.priority.pos.known() && !rule.direction.value.empty()) {
        auto [it, fresh] =
            priorities.emplace(std::pair(rule.direction.value, rule.priority.value), &rule);
        if (!fresh) {
          // reference/azure.md §1.2: ARM's SecurityRuleConflict.
          d->Error(f, rule.priority.pos,
                   fmt::format("(SecurityRuleConflict) Security rule {} conflicts with rule {}. "
                               "Rules cannot have the "
                               "same Priority and Direction. (priority {}, {})",
                               rule.name.value, it->second->name.value, rule.priority.value,
                               rule.direction.value));
        }
      }
    }
  }
}

}  // namespace tunnelsim
