#include "models/netfilter/rule.h"

#include <charconv>

namespace tunnelsim::netfilter {
namespace {

struct ProtocolName {
  std::string_view name;
  uint8_t number;
};

// iptables' own names first (xtables_chain_protos), then the common /etc/protocols entries a
// node's rules use. The first name of a number is the one printed.
constexpr ProtocolName kProtocolNames[] = {
    {"tcp", 6},    {"udp", 17},    {"icmp", 1},    {"udplite", 136},  {"sctp", 132},
    {"esp", 50},   {"ah", 51},     {"icmpv6", 58}, {"ipv6-icmp", 58}, {"mh", 135},
    {"igmp", 2},   {"ipencap", 4}, {"egp", 8},     {"dccp", 33},      {"ipv6", 41},
    {"gre", 47},   {"ospf", 89},   {"ipip", 94},   {"pim", 103},      {"ipcomp", 108},
    {"vrrp", 112}, {"l2tp", 115},
};

}  // namespace

InterfaceName MakeInterfaceName(std::string_view name) {
  InterfaceName out{};
  for (size_t i = 0; i < name.size() && i + 1 < out.size(); ++i) out[i] = name[i];
  return out;
}

InterfaceCondition InterfaceCondition::Make(std::string_view written, bool invert) {
  InterfaceCondition c;
  c.present = true;
  c.invert = invert;
  c.text = std::string(written);
  bool wildcard = !written.empty() && written.back() == '+';
  std::string_view compared = wildcard ? written.substr(0, written.size() - 1) : written;
  c.name = MakeInterfaceName(compared);
  // An exact name also compares the terminating NUL, so "eth0" does not match "eth01".
  size_t masked = wildcard ? compared.size() : compared.size() + 1;
  for (size_t i = 0; i < masked && i < c.mask.size(); ++i) c.mask[i] = static_cast<char>(0xff);
  return c;
}

std::string ProtocolNumberName(uint8_t protocol) {
  if (protocol == 0) return "all";
  for (const ProtocolName& p : kProtocolNames) {
    if (p.number == protocol) return std::string(p.name);
  }
  return std::to_string(protocol);
}

bool ParseProtocolName(std::string_view text, uint8_t* protocol) {
  if (text == "all" || text == "ip") {
    *protocol = 0;
    return true;
  }
  for (const ProtocolName& p : kProtocolNames) {
    if (p.name == text) {
      *protocol = p.number;
      return true;
    }
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > 255) {
    return false;
  }
  *protocol = static_cast<uint8_t>(value);
  return true;
}

}  // namespace tunnelsim::netfilter
