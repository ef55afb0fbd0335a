// UfwRule: one ufw user rule as ufw 0.36 stores it in /etc/ufw/user.rules, i.e. the fields of
// its `### tuple ###` line (action proto dport dst sport src direction[_iface]). IPv4 rules
// live in user.rules; a rule without addresses also gets an IPv6 twin (v6 = true) in
// user6.rules, which this model keeps only for `ufw status` numbering and the (v6) lines.
// Ports are kept as ufw's own text ("any", "22", "80,443", "10000:11000"): ufw prints and
// compares them as strings, after sorting list entries numerically (see NormalizePortList).
// Addresses are IPv4 only; nullopt means anywhere (0.0.0.0/0, or ::/0 for a v6 twin).
// All functions are pure and cheap (linear in the text length).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "models/core/ipv4.h"

namespace tunnelsim::ufw {

enum class Action : uint8_t { kAllow, kDeny, kReject, kLimit };
// ufw's protocol field; kAny with a port becomes one tcp and one udp iptables rule.
enum class Protocol : uint8_t { kAny, kTcp, kUdp };
enum class Direction : uint8_t { kIn, kOut };

std::string_view ActionName(Action action);        // "allow", "deny", "reject", "limit"
std::string_view ProtocolName(Protocol protocol);  // "any", "tcp", "udp"

struct UfwRule {
  Action action = Action::kAllow;
  Protocol protocol = Protocol::kAny;
  std::string dport = "any";
  std::string sport = "any";
  std::optional<Ipv4Prefix> dst;
  std::optional<Ipv4Prefix> src;
  Direction direction = Direction::kIn;
  std::string interface_in;   // `in on IFACE`
  std::string interface_out;  // `out on IFACE`
  bool v6 = false;            // the IPv6 twin of an address-less rule

  // True when a port field is a list or a range: ufw then uses `-m multiport`.
  bool IsMulti() const;
  // "ufw-user-input" or "ufw-user-output" (route rules are not modelled).
  std::string_view UserChain() const;
};

// How two rules compare under ufw's UFWRule.match(): identical, identical but for the action
// (ufw then replaces the old rule), or different.
enum class RuleMatch : uint8_t { kSame, kSameButAction, kDifferent };
RuleMatch Match(const UfwRule& a, const UfwRule& b);

// ufw's text for an address field: "0.0.0.0/0" or "::/0" for anywhere, "10.250.0.1" for a
// host (no /32), "10.0.0.0/8" for a network.
std::string AddressText(const std::optional<Ipv4Prefix>& address, bool v6);

// "### tuple ### allow tcp 10250 0.0.0.0/0 any 0.0.0.0/0 in_eth0" (reference §4.4).
std::string TupleLine(const UfwRule& rule);

// The command that re-creates the rule, as `ufw show added` prints it (parser.get_command):
// "allow 10250/tcp", "deny from 10.250.0.1", "allow in on eth0 to any port 10250 proto tcp".
std::string CommandText(const UfwRule& rule);

// Sorts the entries of a port list the way ufw's util.human_sort does ("443,80" -> "80,443",
// "22:25,22" -> "22,22:25"); "any" and single ports are returned unchanged.
std::string NormalizePortList(std::string_view ports);

}  // namespace tunnelsim::ufw
