// Checks a rule or a whole NSG against Azure's documented constraints and returns one Status
// per problem found (empty = valid), so a loader can report every problem of a scenario at
// once instead of the first. Messages are one line and name the rule.
// Complexity: O(n log n) in the number of rules.
#pragma once

#include <cstddef>
#include <vector>

#include "models/core/status.h"
#include "models/nsg/security_rule.h"

namespace tunnelsim::nsg {

// Azure's per-NSG limits (reference/azure.md §1.6), overridable for what-if runs.
struct NsgLimits {
  size_t max_rules = 1000;  // "NSG rules per NSG"; the six default rules do not count
  // "IP addresses and ranges specified for source or destination in a security group",
  // counted over all custom rules, separately for sources and destinations. Tags and "*"
  // are not addresses and do not count.
  size_t max_addresses_per_side = 4000;
};

// REST spec: "A description for this rule. Restricted to 140 chars."
inline constexpr size_t kMaxDescriptionLength = 140;

// A custom rule on its own: name, priority 100-4096, non-empty lists, at most one service tag
// per side (reference/azure.md §1.4), description length, not marked default.
std::vector<Status> ValidateRule(const SecurityRule& rule);

// Every ValidateRule problem, then group-level ones: the NSG name, duplicate rule names
// (compared ignoring case, as ARM compares names), duplicate (priority, direction) with
// Azure's SecurityRuleConflict text (reference/azure.md §1.2), and the limits.
std::vector<Status> ValidateNsg(const NetworkSecurityGroup& nsg, const NsgLimits& limits = {});

}  // namespace tunnelsim::nsg
