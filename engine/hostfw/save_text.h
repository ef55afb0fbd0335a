// Prints a Ruleset in iptables-save's layout ("*filter", ":CHAIN POLICY [0:0]", "-A" lines,
// "COMMIT"), so that a ruleset changed by commands can be merged with ufw's chains again (ufw's
// merge works on iptables-save text) and written out by `tunnelsim apply`. Rules print in
// their canonical form (rule_format.h), chains and tables in the ruleset's order. Parsing the
// output gives back an equivalent ruleset. Cost: linear in the number of rules.
#pragma once

#include <string>

#include "models/netfilter/ruleset.h"

namespace tunnelsim {

std::string FormatIptablesSave(const netfilter::Ruleset& ruleset);

}  // namespace tunnelsim
