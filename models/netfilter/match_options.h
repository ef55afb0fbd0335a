// Internal to the rule parser: creating a match for "-m MODULE" and parsing the options each
// modelled module accepts, with iptables' own validation messages where they are known.
#pragma once

#include <string_view>

#include "models/core/ipv4.h"
#include "models/core/port_range.h"
#include "models/netfilter/match.h"
#include "models/netfilter/option_cursor.h"

namespace tunnelsim::netfilter {

// A fresh match for a module name; unknown modules become an OpaqueMatch of that name.
Match NewMatchForModule(std::string_view module);

// Offers `cursor.option()` (preceded by "!" when `invert`) to `match`.
Result<OptionClaim> ParseMatchOption(Match& match, bool invert, ArgCursor& cursor);

// True for options that -p tcp / -p udp / -p icmp load their match for implicitly
// ("-p tcp --dport 22" loads -m tcp), so they are never given to an opaque module.
bool IsImplicitProtocolOption(std::string_view option);

// A port, a service name iptables resolves (ssh, http, ...), or a range A:B, A: or :B.
Result<PortRange> ParsePortSpec(const Token& token);
// "a.b.c.d", "a.b.c.d/len" or "a.b.c.d/m.m.m.m" (contiguous masks only); host bits are cleared
// as iptables does.
Result<Ipv4Prefix> ParseAddressToken(const Token& token);

}  // namespace tunnelsim::netfilter
