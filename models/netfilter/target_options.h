// Internal to the rule parser: the options of each modelled target (-j REJECT --reject-with,
// -j DNAT --to-destination, -j MARK --set-xmark, ...) and the checks iptables or the kernel
// apply once the whole rule is known.
#pragma once

#include "models/netfilter/option_cursor.h"
#include "models/netfilter/rule.h"
#include "models/netfilter/target.h"

namespace tunnelsim::netfilter {

// Offers `cursor.option()` to the target. Extension targets the model does not interpret
// (kContinue / kOpaqueVerdict) take any option with its following words.
Result<OptionClaim> ParseTargetOption(Target& target, bool invert, ArgCursor& cursor);

// Whole-rule checks for the target: required options, protocol requirements, tables.
// `column` is where the target was named, for the error message.
Status FinishTarget(Target& target, const RuleHeader& header, bool nat_table, int column);

}  // namespace tunnelsim::netfilter
