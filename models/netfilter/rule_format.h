// Prints a rule in iptables-save's normalised form ("-s 10.0.0.1/32 -p tcp -m tcp --dport 22
// -j DROP"): header options in the fixed order -s -d -i -o -p -f, matches in load order with
// their options in the module's own order, then the target. Two rules print the same exactly
// when iptables treats them as the same rule (used by -D by specification).
#pragma once

#include <string>
#include <string_view>

#include "models/netfilter/rule.h"

namespace tunnelsim::netfilter {

// The rule specification without "-A CHAIN".
std::string FormatRuleSpec(const Rule& rule);
// "-A CHAIN <spec>" (just "-A CHAIN" for an empty rule).
std::string FormatRule(std::string_view chain, const Rule& rule);

}  // namespace tunnelsim::netfilter
