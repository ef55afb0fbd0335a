// One iptables rule: the fixed header every rule has (-s -d -i -o -p -f), its extension matches
// in the order they were loaded, its target, and where it came from. A rule is a value; its
// position (rule number) is kept in sync by the Chain that owns it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/netfilter/match.h"
#include "models/netfilter/target.h"

namespace tunnelsim::netfilter {

// An interface name as the kernel compares it: at most 15 bytes, NUL padded.
using InterfaceName = std::array<char, 16>;
// REQUIRES: name.size() <= 15 (longer names are truncated).
InterfaceName MakeInterfaceName(std::string_view name);

// -i / -o: exact name, or a prefix when written with a trailing '+' ("eth+"; "+" alone matches
// every interface). Compared like the kernel does, byte-wise under a mask: no string handling
// on the evaluation path.
struct InterfaceCondition {
  bool present = false;
  bool invert = false;
  InterfaceName name{};
  InterfaceName mask{};  // 0xff for bytes that must be equal
  std::string text;      // as iptables-save prints it ("eth0", "eth+")

  // REQUIRES: 1 <= written.size() <= 15.
  static InterfaceCondition Make(std::string_view written, bool invert);
  bool Matches(const InterfaceName& packet_interface) const {
    if (!present) return true;
    bool equal = true;
    for (size_t i = 0; i < name.size(); ++i) {
      equal = equal && ((packet_interface[i] ^ name[i]) & mask[i]) == 0;
    }
    return equal != invert;
  }
};

// The header part of a rule; checked before any extension match.
struct RuleHeader {
  AddressCondition source;
  AddressCondition destination;
  InterfaceCondition in_interface;
  InterfaceCondition out_interface;
  bool protocol_present = false;  // -p all / -p 0 leaves this false
  bool protocol_invert = false;
  uint8_t protocol = 0;
  bool fragment_present = false;  // -f: only non-first fragments, which a probe never is
  bool fragment_invert = false;
};

struct Rule {
  RuleHeader header;
  std::vector<Match> matches;
  Target target;
  bool has_opaque_match = false;  // some entry of `matches` is an OpaqueMatch

  int source_line = 0;  // 1-based line of the input; 0 when added by a command
  std::string text;     // the rule as written ("-A INPUT -p tcp --dport 22 -j DROP")
  int rule_number = 0;  // 1-based position in its chain, as `iptables -L --line-numbers`
};

// Protocol numbers and the names iptables-save prints for them ("tcp", "gre", ...).
std::string ProtocolNumberName(uint8_t protocol);
// Accepts a name from /etc/protocols' common set or a number 0-255; "all" is 0.
bool ParseProtocolName(std::string_view text, uint8_t* protocol);

}  // namespace tunnelsim::netfilter
