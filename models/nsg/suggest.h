// Proposes the one allow rule that fixes a flow an NSG denies, in the spirit of the article's
// Solution 1 ("allow 10250 at the virtual network level, or at the subnet level only", with a
// priority number below the blocking rule's).
// The rule: same direction; the flow's protocol and destination port; any source port
// (clients pick ephemeral ones); for each side the scope prefix if the caller gives one that
// holds the address, else VirtualNetwork if the address is in it, else the single address.
// Priority (ChooseAllowPriority):
//  - blocked by custom rule P: the highest free number below P. Every number below P fixes
//    the flow (no rule before P matched it); the highest one puts the fewest existing rules
//    behind the new one, so it overrides the least. None free => error.
//  - blocked by a default DenyAll: no custom rule matches the flow, so any free number fixes
//    it; take the highest free one (<= 4096) so every existing custom rule, in particular a
//    Deny that overlaps the broader VirtualNetwork/subnet scope, keeps precedence.
// Complexity: O(rules).
#pragma once

#include <optional>

#include "models/core/ipv4.h"
#include "models/core/result.h"
#include "models/nsg/evaluator.h"
#include "models/nsg/security_rule.h"
#include "models/nsg/service_tags.h"

namespace tunnelsim::nsg {

struct SuggestionScope {
  // The narrowest known prefix holding the source / destination, e.g. the node's subnet.
  std::optional<Ipv4Prefix> source_prefix;
  std::optional<Ipv4Prefix> destination_prefix;
};

// REQUIRES: `blocking` came from evaluating `nsg` (same name) and denies.
Result<int> ChooseAllowPriority(const NetworkSecurityGroup& nsg, const Verdict& blocking);

// The rule to add to `nsg`; its name is unique in `nsg` ("allow-tcp-10250-inbound", then
// "-2", "-3" ...). Errors: the verdict allows, comes from another NSG, names a rule `nsg`
// does not have, a scope prefix does not hold its address, or no priority is free.
Result<SecurityRule> SuggestAllowRule(const NetworkSecurityGroup& nsg, const Verdict& blocking,
                                      const Flow& flow, const ServiceTagContext& context,
                                      const SuggestionScope& scope = {});

}  // namespace tunnelsim::nsg
