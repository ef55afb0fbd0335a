// The six rules Azure puts in every NSG (reference/azure.md §1.3). They cannot be removed and
// always come after the custom rules (priorities 65000-65500 > 4096), so a custom rule
// overrides them. Names use the API spelling (`az network nsg show`): AllowVnetInBound,
// DenyAllInBound; FindDefaultRule also accepts the docs' AllowVNetInBound / DenyAllInbound and
// the effective-rules view's "defaultSecurityRules/<name>" (reference/azure.md C7).
#pragma once

#include <span>
#include <string_view>

#include "models/nsg/security_rule.h"

namespace tunnelsim::nsg {

inline constexpr int kAllowVnetPriority = 65000;
inline constexpr int kAllowLoadBalancerOrInternetPriority = 65001;
inline constexpr int kDenyAllPriority = 65500;

// The six rules, inbound then outbound, each in priority order. Ports are 0-65535, protocol
// Any; "0.0.0.0/0" in the docs' table is stored as "*" (the same match, az's spelling).
std::span<const SecurityRule> DefaultSecurityRules();
// The three rules of one direction, in priority order.
std::span<const SecurityRule> DefaultSecurityRules(Direction direction);

// The default rule with this name, ignoring case and a "defaultSecurityRules/" prefix;
// nullptr when `name` is not a default rule.
const SecurityRule* FindDefaultRule(std::string_view name);

}  // namespace tunnelsim::nsg
