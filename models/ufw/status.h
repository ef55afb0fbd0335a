// The text ufw 0.36 prints for `ufw status`, `ufw status verbose`, `ufw status numbered` and
// `ufw show added` (backend_iptables.get_status, frontend.get_show_added), byte for byte as
// reference/netfilter-ufw.md §4.5 shows it: columns "%-26s %-12s%-26s" (so trailing spaces
// after From), IPv6 twins after all IPv4 rules with " (v6)" after the port, no table at all
// when there are no rules, "Status: inactive" when ufw is not enabled. Each text ends with
// the newline ufw's msg() adds, so a status with rules ends in an empty line.
// Complexity: linear in the number of rules (show added: quadratic dedup over the commands).
#pragma once

#include <string>

#include "models/ufw/state.h"

namespace tunnelsim::ufw {

// ip_forward: whether net.ipv4.ip_forward is 1; verbose status shows the routed policy only
// then, "disabled (routed)" otherwise.
std::string StatusText(const State& state, StatusMode mode, bool ip_forward = false);

// "Added user rules (see 'ufw status' for running firewall):" then one "ufw COMMAND" line per
// distinct command, "(None)" when there are no rules. Works while inactive too.
std::string ShowAddedText(const State& state);

}  // namespace tunnelsim::ufw
