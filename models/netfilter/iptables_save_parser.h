// Parsers for the two text forms a node's rules come in:
//  * iptables-save / iptables-restore input: "*table", ":CHAIN POLICY [p:b]", command lines
//    (-A, and also -I -D -R -P -N -F -X -E as iptables-restore accepts), "COMMIT", "#" comments;
//  * `iptables -S` (list-rules) output: "-P", "-N", "-A" lines for one table the caller names.
// Semantics follow iptables-restore 1.8.9 without --noflush: each "*table" block starts from an
// empty table and replaces it at COMMIT; redeclaring a user chain empties it; a jump must name
// a chain declared earlier; a jump loop reachable from a built-in chain is refused.
// Deliberate differences: unknown -m modules are kept as opaque matches (the node may have
// them), blank-only lines are skipped, and an unterminated quote is an error.
// Errors read "line L, column C: what is wrong; expected what". Cost: O(input size).
#pragma once

#include <string_view>

#include "models/core/result.h"
#include "models/netfilter/ruleset.h"

namespace tunnelsim::netfilter {

// The main entry point for iptables-save text (also what models/ufw produces).
Result<Ruleset> ParseIptablesSave(std::string_view text);

// `iptables [-t table] -S` output for `table`.
Result<Ruleset> ParseIptablesListRules(std::string_view text, TableId table);

}  // namespace tunnelsim::netfilter
