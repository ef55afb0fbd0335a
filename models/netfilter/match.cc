#include "models/netfilter/match.h"

#include <charconv>

namespace tunnelsim::netfilter {
namespace {

struct NamedBit {
  std::string_view name;
  uint16_t bit;
};

// Print order of iptables' conntrack extension (libxt_conntrack print_state).
constexpr NamedBit kCtStateNames[] = {
    {"INVALID", kCtInvalid},     {"NEW", kCtNew},
    {"RELATED", kCtRelated},     {"ESTABLISHED", kCtEstablished},
    {"UNTRACKED", kCtUntracked}, {"SNAT", kCtSnat},
    {"DNAT", kCtDnat},
};

constexpr NamedBit kAddrTypeNames[] = {
    {"UNSPEC", kAddrUnspec},
    {"UNICAST", kAddrUnicast},
    {"LOCAL", kAddrLocal},
    {"BROADCAST", kAddrBroadcast},
    {"ANYCAST", kAddrAnycast},
    {"MULTICAST", kAddrMulticast},
    {"BLACKHOLE", kAddrBlackhole},
    {"UNREACHABLE", kAddrUnreachable},
    {"PROHIBIT", kAddrProhibit},
    {"THROW", kAddrThrow},
    {"NAT", kAddrNat},
    {"XRESOLVE", kAddrXresolve},
};

template <size_t N>
std::string JoinBits(const NamedBit (&names)[N], uint16_t bits) {
  std::string out;
  for (const NamedBit& n : names) {
    if ((bits & n.bit) == 0) continue;
    if (!out.empty()) out += ',';
    out += n.name;
  }
  return out;
}

struct IcmpName {
  std::string_view name;
  uint8_t type;
  uint8_t code_min;
  uint8_t code_max;
};

// The names iptables' icmp match accepts (libipt_icmp icmp_codes), type/code ranges.
constexpr IcmpName kIcmpNames[] = {
    {"echo-reply", 0, 0, 0xff},
    {"destination-unreachable", 3, 0, 0xff},
    {"network-unreachable", 3, 0, 0},
    {"host-unreachable", 3, 1, 1},
    {"protocol-unreachable", 3, 2, 2},
    {"port-unreachable", 3, 3, 3},
    {"fragmentation-needed", 3, 4, 4},
    {"source-route-failed", 3, 5, 5},
    {"network-unknown", 3, 6, 6},
    {"host-unknown", 3, 7, 7},
    {"network-prohibited", 3, 9, 9},
    {"host-prohibited", 3, 10, 10},
    {"TOS-network-unreachable", 3, 11, 11},
    {"TOS-host-unreachable", 3, 12, 12},
    {"communication-prohibited", 3, 13, 13},
    {"host-precedence-violation", 3, 14, 14},
    {"precedence-cutoff", 3, 15, 15},
    {"source-quench", 4, 0, 0xff},
    {"redirect", 5, 0, 0xff},
    {"network-redirect", 5, 0, 0},
    {"host-redirect", 5, 1, 1},
    {"TOS-network-redirect", 5, 2, 2},
    {"TOS-host-redirect", 5, 3, 3},
    {"echo-request", 8, 0, 0xff},
    {"router-advertisement", 9, 0, 0xff},
    {"router-solicitation", 10, 0, 0xff},
    {"time-exceeded", 11, 0, 0xff},
    {"ttl-zero-during-transit", 11, 0, 0},
    {"ttl-zero-during-reassembly", 11, 1, 1},
    {"parameter-problem", 12, 0, 0xff},
    {"ip-header-bad", 12, 0, 0},
    {"required-option-missing", 12, 1, 1},
    {"timestamp-request", 13, 0, 0xff},
    {"timestamp-reply", 14, 0, 0xff},
    {"address-mask-request", 17, 0, 0xff},
    {"address-mask-reply", 18, 0, 0xff},
};

bool ParseByte(std::string_view text, uint8_t* out) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > 255) {
    return false;
  }
  *out = static_cast<uint8_t>(value);
  return true;
}

}  // namespace

std::optional<CtState> ParseCtState(std::string_view name) {
  for (const NamedBit& n : kCtStateNames) {
    if (n.name == name) return static_cast<CtState>(n.bit);
  }
  return std::nullopt;
}

std::string CtStatesToString(uint8_t states) { return JoinBits(kCtStateNames, states); }

std::optional<AddrType> ParseAddrType(std::string_view name) {
  for (const NamedBit& n : kAddrTypeNames) {
    if (n.name == name) return static_cast<AddrType>(n.bit);
  }
  return std::nullopt;
}

std::string AddrTypesToString(uint16_t types) { return JoinBits(kAddrTypeNames, types); }

std::optional<IcmpMatch> ParseIcmpType(std::string_view text) {
  IcmpMatch m;
  if (text == "any") {
    m.any = true;
    return m;
  }
  for (const IcmpName& n : kIcmpNames) {
    if (n.name == text) {
      m.type = n.type;
      m.code_min = n.code_min;
      m.code_max = n.code_max;
      return m;
    }
  }
  size_t slash = text.find('/');
  if (!ParseByte(text.substr(0, slash), &m.type)) return std::nullopt;
  if (slash != std::string_view::npos) {
    uint8_t code = 0;
    if (!ParseByte(text.substr(slash + 1), &code)) return std::nullopt;
    m.code_min = m.code_max = code;
  }
  return m;
}

std::string_view MatchModuleName(const Match& match) {
  struct Visitor {
    std::string_view operator()(const TcpUdpMatch& m) const {
      return m.protocol == 17 ? "udp" : "tcp";
    }
    std::string_view operator()(const MultiportMatch&) const { return "multiport"; }
    std::string_view operator()(const ConntrackMatch& m) const {
      return m.via_state_module ? "state" : "conntrack";
    }
    std::string_view operator()(const CommentMatch&) const { return "comment"; }
    std::string_view operator()(const AddrtypeMatch&) const { return "addrtype"; }
    std::string_view operator()(const MarkMatch&) const { return "mark"; }
    std::string_view operator()(const IcmpMatch&) const { return "icmp"; }
    std::string_view operator()(const OpaqueMatch& m) const { return m.module; }
  };
  return std::visit(Visitor{}, match);
}

std::string SaveQuote(std::string_view text) {
  auto bare = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  };
  bool all_bare = !text.empty();
  for (char c : text) all_bare = all_bare && bare(c);
  if (all_bare) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string QuoteWord(std::string_view word) {
  bool plain = !word.empty() && word.find_first_of(" \t\"\\'") == std::string_view::npos;
  return plain ? std::string(word) : SaveQuote(word);
}

}  // namespace tunnelsim::netfilter
