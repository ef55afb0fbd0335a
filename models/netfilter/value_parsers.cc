// Values shared by the option parsers: ports and port ranges, addresses with masks, and
// integers in iptables' strtoul(base 0) form.
#include <charconv>

#include "models/netfilter/match_options.h"
#include "models/netfilter/option_cursor.h"

namespace tunnelsim::netfilter {
namespace {

struct ServiceName {
  std::string_view name;
  uint16_t port;
};

// The /etc/services names iptables commands commonly use instead of numbers.
constexpr ServiceName kServices[] = {
    {"ftp", 21},    {"ssh", 22},         {"telnet", 23},        {"smtp", 25},
    {"domain", 53}, {"bootps", 67},      {"bootpc", 68},        {"http", 80},
    {"ntp", 123},   {"netbios-ns", 137}, {"netbios-dgm", 138},  {"netbios-ssn", 139},
    {"snmp", 161},  {"https", 443},      {"microsoft-ds", 445}, {"openvpn", 1194},
};

Result<uint16_t> ParsePortOrService(std::string_view text, const Token& token) {
  for (const ServiceName& s : kServices) {
    if (s.name == text) return s.port;
  }
  auto port = ParsePort(text);
  if (!port.ok()) {
    return ErrorAt(token.column, fmt::format("invalid port/service `{}' specified; expected a "
                                             "port 0-65535 or a service name",
                                             text));
  }
  return *port;
}

}  // namespace

bool ParseUint32Base0(std::string_view text, uint32_t* out) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  } else if (text.size() > 1 && text[0] == '0') {
    base = 8;
    text.remove_prefix(1);
  }
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      value > 0xffffffffu) {
    return false;
  }
  *out = static_cast<uint32_t>(value);
  return true;
}

bool ParseValueMask(std::string_view text, uint32_t default_mask, uint32_t* value, uint32_t* mask) {
  size_t slash = text.find('/');
  if (!ParseUint32Base0(text.substr(0, slash), value)) return false;
  if (slash == std::string_view::npos) {
    *mask = default_mask;
    return true;
  }
  return ParseUint32Base0(text.substr(slash + 1), mask);
}

Result<PortRange> ParsePortSpec(const Token& token) {
  std::string_view text = token.text;
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    auto port = ParsePortOrService(text, token);
    if (!port.ok()) return port.status();
    return PortRange::Single(*port);
  }
  // "A:" is A..65535 and ":B" is 0..B (iptables-extensions(8), tcp match).
  uint16_t first = 0;
  uint16_t last = 65535;
  if (colon > 0) {
    auto p = ParsePortOrService(text.substr(0, colon), token);
    if (!p.ok()) return p.status();
    first = *p;
  }
  if (colon + 1 < text.size()) {
    auto p = ParsePortOrService(text.substr(colon + 1), token);
    if (!p.ok()) return p.status();
    last = *p;
  }
  if (first > last) {
    return ErrorAt(
        token.column,
        fmt::format("invalid portrange (min > max) `{}'; expected A:B with A <= B", text));
  }
  return PortRange{first, last};
}

Result<Ipv4Prefix> ParseAddressToken(const Token& token) {
  std::string_view text = token.text;
  size_t slash = text.find('/');
  auto address = Ipv4Address::Parse(text.substr(0, slash));
  if (!address.ok()) {
    return ErrorAt(token.column,
                   fmt::format("host/network `{}' not found; expected an IPv4 address "
                               "a.b.c.d[/len]",
                               text.substr(0, slash)));
  }
  if (slash == std::string_view::npos) return Ipv4Prefix(*address, 32);
  std::string_view mask_text = text.substr(slash + 1);
  if (mask_text.find('.') != std::string_view::npos) {
    auto mask = Ipv4Address::Parse(mask_text);
    uint32_t m = mask.ok() ? mask->value() : 1;
    int length = 0;
    while (length < 32 && (m & (0x80000000u >> length)) != 0) ++length;
    uint32_t contiguous = length == 0 ? 0 : ~uint32_t{0} << (32 - length);
    if (!mask.ok() || m != contiguous) {
      return ErrorAt(token.column, fmt::format("invalid mask `{}' specified; expected a prefix "
                                               "length 0-32 or a contiguous dotted mask",
                                               mask_text));
    }
    return Ipv4Prefix(*address, length);
  }
  uint32_t length = 0;
  auto [end, ec] = std::from_chars(mask_text.data(), mask_text.data() + mask_text.size(), length);
  if (mask_text.empty() || ec != std::errc() || end != mask_text.data() + mask_text.size() ||
      length > 32) {
    return ErrorAt(token.column, fmt::format("invalid mask `{}' specified; expected a prefix "
                                             "length 0-32",
                                             mask_text));
  }
  return Ipv4Prefix(*address, static_cast<int>(length));
}

}  // namespace tunnelsim::netfilter
