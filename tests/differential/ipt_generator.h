// Random iptables-restore input for the differential test, deterministic in its seed, built
// only from the grammar models/netfilter evaluates exactly (no opaque matches or targets):
// filter INPUT (and some FORWARD noise) with policies ACCEPT/DROP; user chains called with -j
// and -g (acyclic, so iptables accepts them); -s/-d CIDRs around the lab addresses, -i/-o
// names (lo, eth0, eth+, veth+, ...), -p tcp/udp/icmp, "!" negations, --dport/--sport ports and
// ranges, --syn, -m multiport, -m conntrack (--ctstate incl. DNAT, --ctorig*), -m state,
// -m addrtype, -m comment, -m mark; targets ACCEPT, DROP, REJECT (every --reject-with type and
// some aliases), LOG, RETURN, MARK, no target; "-I" lines as well as "-A"; and in a third of
// the cases a nat PREROUTING with REDIRECT/DNAT to the node's own addresses.
// Output filter rules never depend on anything the node's OUTPUT chain would see.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "tests/differential/probe.h"
#include "tests/differential/rng.h"
#include "tests/differential/rule_writer.h"

namespace tunnelsim::differential {

struct IptablesCase {
  uint64_t seed = 0;
  std::string ruleset;  // iptables-restore input (*filter, sometimes *nat)
  std::vector<Probe> probes;
};

IptablesCase GenerateIptablesCase(uint64_t seed, GeneratorOptions options = {});

// A few rules a node may already have when ufw starts (a kube-proxy-like INPUT prefix and a
// nat REDIRECT), with INPUT policy ACCEPT and no user chains. Adds the ports it mentions to
// `interesting`.
std::string GenerateExistingRules(Rng& rng, std::set<uint16_t>& interesting,
                                  GeneratorOptions options = {});

}  // namespace tunnelsim::differential
