// What ufw 0.36 leaves in the kernel and on disk for a State (IPv4 filter table only):
//
//  * IptablesSaveText: the exact `iptables-save` text of the filter table after
//    `ufw --force enable` on a node with no other rules (reference/netfilter-ufw.md §4.2 for
//    the defaults, §4.3 for the policies, §4.4 for user rules). Without the "# Generated
//    by"/"# Completed on" comment lines, which carry a time stamp. When ufw is not enabled
//    it loads nothing and the result is the empty string. (After `ufw disable` real ufw
//    leaves its empty primary chains and the jumps to them behind, with every built-in
//    policy ACCEPT; they filter nothing, which the empty string stands for.)
//  * UserRulesFile / UserRulesSection: /etc/ufw/user.rules as ufw writes it, with the
//    `### tuple ###` lines and the rules in unnormalised form (§4.4).
//  * MergeIntoIptablesSave: the node's iptables-save text after ufw started on top of it
//    (§4.1, §4.8): ufw's chains are declared, its jumps appended after the rules already in
//    INPUT/OUTPUT/FORWARD, the built-in policies set. Text-level: other tables and all
//    existing rules stay verbatim (comment lines inside *filter are dropped); a missing
//    *filter table is created at the end. If the text already holds ufw's primary chains
//    (ufw ran before), their contents are replaced and no new jumps are added, as ufw-init
//    does. With ufw not enabled the text is returned unchanged, unless it shows ufw loaded:
//    then it is what `ufw disable` leaves (its chains flushed, the secondary ones deleted, policies
//    ACCEPT). Errors: malformed *filter content, with its line number.
// Complexity: linear in the size of the ruleset.
#pragma once

#include <string>
#include <string_view>

#include "models/core/result.h"
#include "models/ufw/state.h"

namespace tunnelsim::ufw {

std::string IptablesSaveText(const State& state);

std::string UserRulesFile(const State& state);
// The part of UserRulesFile from "### RULES ###" to "### END RULES ###" inclusive.
std::string UserRulesSection(const State& state);

Result<std::string> MergeIntoIptablesSave(std::string_view existing, const State& state);

}  // namespace tunnelsim::ufw
