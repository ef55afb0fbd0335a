// Match conditions of an iptables rule, as value types. The rule's own header (-s -d -p -i -o)
// lives in RuleHeader; everything loaded with -m (or implicitly by -p tcp/udp/icmp) is a Match.
// Matches the model does not understand are kept as OpaqueMatch: they never make a ruleset
// invalid, and the evaluator reports a verdict that depends on one as uncertain.
// All types are plain values; the evaluator tests them against a packet (rule_match.h).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "models/core/ipv4.h"
#include "models/core/port_range.h"

namespace tunnelsim::netfilter {

// Connection-tracking states as `-m conntrack --ctstate` names them. DNAT and SNAT are the
// "virtual" states of a connection whose destination/source was translated.
enum CtState : uint8_t {
  kCtInvalid = 1 << 0,
  kCtNew = 1 << 1,
  kCtEstablished = 1 << 2,
  kCtRelated = 1 << 3,
  kCtUntracked = 1 << 4,
  kCtSnat = 1 << 5,
  kCtDnat = 1 << 6,
};
// Parses one state name (upper case, as iptables requires). Empty if unknown.
std::optional<CtState> ParseCtState(std::string_view name);
// Comma-separated list in iptables' own print order.
std::string CtStatesToString(uint8_t states);

// Address types of `-m addrtype`, as the kernel's route types (RTN_*) number them.
enum AddrType : uint16_t {
  kAddrUnspec = 1 << 0,
  kAddrUnicast = 1 << 1,
  kAddrLocal = 1 << 2,
  kAddrBroadcast = 1 << 3,
  kAddrAnycast = 1 << 4,
  kAddrMulticast = 1 << 5,
  kAddrBlackhole = 1 << 6,
  kAddrUnreachable = 1 << 7,
  kAddrProhibit = 1 << 8,
  kAddrThrow = 1 << 9,
  kAddrNat = 1 << 10,
  kAddrXresolve = 1 << 11,
};
std::optional<AddrType> ParseAddrType(std::string_view name);
std::string AddrTypesToString(uint16_t types);

// A port condition; absent unless `present`.
struct PortCondition {
  bool present = false;
  bool invert = false;
  PortRange range;
  bool Matches(uint16_t port) const { return !present || (range.Contains(port) != invert); }
};

// An address condition (-s, -d, --ctorigdst ...); absent unless `present`.
struct AddressCondition {
  bool present = false;
  bool invert = false;
  Ipv4Prefix prefix;
  bool Matches(Ipv4Address a) const { return !present || (prefix.Contains(a) != invert); }
};

// -m tcp / -m udp (explicit or loaded implicitly by -p tcp|udp followed by a port option).
struct TcpUdpMatch {
  uint8_t protocol = 6;  // 6 tcp, 17 udp
  PortCondition sport;
  PortCondition dport;
  // --tcp-flags MASK COMP / --syn: (flags & mask) == comp.
  bool flags_present = false;
  bool flags_invert = false;
  uint8_t flags_mask = 0;
  uint8_t flags_comp = 0;
};

// TCP header flag bits as --tcp-flags names them.
enum TcpFlag : uint8_t {
  kTcpFin = 0x01,
  kTcpSyn = 0x02,
  kTcpRst = 0x04,
  kTcpPsh = 0x08,
  kTcpAck = 0x10,
  kTcpUrg = 0x20,
};

// -m multiport --sports / --dports / --ports: at most 15 ports, a range counting as two
// (reference/netfilter-ufw.md §2, match details).
struct MultiportMatch {
  enum class Direction : uint8_t { kSource, kDestination, kEither };
  static constexpr int kMaxPorts = 15;
  Direction direction = Direction::kDestination;
  bool invert = false;
  uint8_t count = 0;
  std::array<PortRange, kMaxPorts> ranges{};
};

// -m conntrack (or -m state, which only has --state). Only the options below are modelled;
// a conntrack match with any other option is kept as an OpaqueMatch instead.
struct ConntrackMatch {
  bool via_state_module = false;  // written as -m state --state
  bool states_present = false;
  bool states_invert = false;
  uint8_t states = 0;  // CtState bits
  AddressCondition orig_src;
  AddressCondition orig_dst;
  PortCondition orig_sport;
  PortCondition orig_dport;
};

// -m comment --comment TEXT: always true; kept for display and rule equality.
struct CommentMatch {
  std::string text;
};

// -m addrtype --src-type / --dst-type, optionally limited to the packet's interface.
struct AddrtypeMatch {
  uint16_t src_types = 0;  // 0 = no --src-type
  bool src_invert = false;
  uint16_t dst_types = 0;  // 0 = no --dst-type
  bool dst_invert = false;
  bool limit_iface_in = false;
  bool limit_iface_out = false;
};

// -m mark --mark V[/M]: true when (nfmark & M) == V.
struct MarkMatch {
  uint32_t value = 0;
  uint32_t mask = 0xffffffffu;
  bool invert = false;
};

// -m icmp --icmp-type TYPE[/CODE] | any.
struct IcmpMatch {
  bool any = false;
  bool invert = false;
  uint8_t type = 0;
  uint8_t code_min = 0;
  uint8_t code_max = 0xff;
};
// Parses "8", "3/4", "any" or a name such as "echo-request" / "port-unreachable".
std::optional<IcmpMatch> ParseIcmpType(std::string_view text);

// A match the model cannot evaluate exactly (-m set, recent, limit, statistic, owner, ...).
// `options` are the tokens after "-m MODULE", as written (a leading "!" is its own token).
struct OpaqueMatch {
  std::string module;
  std::vector<std::string> options;
};

using Match = std::variant<TcpUdpMatch, MultiportMatch, ConntrackMatch, CommentMatch, AddrtypeMatch,
                           MarkMatch, IcmpMatch, OpaqueMatch>;

// The module name iptables-save prints after -m for this match ("tcp", "state", "set" ...).
std::string_view MatchModuleName(const Match& match);

// Quotes a string the way iptables-save does (xtables_save_string): bare when it is only
// letters, digits, '_' and '-', otherwise in double quotes with '"', '\' and '\'' escaped.
std::string SaveQuote(std::string_view text);
// Quotes a word of an option the model does not interpret only when needed to read it back
// as one argument (blanks, quotes, backslashes, empty).
std::string QuoteWord(std::string_view word);

}  // namespace tunnelsim::netfilter
