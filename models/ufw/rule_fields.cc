#include "models/ufw/rule_fields.h"

#include <array>
#include <bit>
#include <cctype>
#include <charconv>
#include <vector>

#include <fmt/format.h>

namespace tunnelsim::ufw::internal {
namespace {

constexpr std::array<Service, 6> kServices = {{
    {"ssh", 22, Protocol::kTcp},
    {"domain", 53, Protocol::kAny},
    {"http", 80, Protocol::kTcp},
    {"www", 80, Protocol::kTcp},  // alias of http in /etc/services
    {"ntp", 123, Protocol::kUdp},
    {"https", 443, Protocol::kAny},  // 443/udp (HTTP/3) since netbase 6.2
}};

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// A decimal port 1-65535; leading zeros are allowed, as Python's int() allows them.
bool ValidPortNumber(std::string_view digits) {
  size_t first = digits.find_first_not_of('0');
  if (first == std::string_view::npos) return false;  // zero
  digits.remove_prefix(first);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return ec == std::errc() && end == digits.data() + digits.size() && value <= 65535;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

// util._valid_dotted_quads for a netmask: four decimal fields 0-255.
std::optional<uint32_t> DottedQuad(std::string_view text) {
  std::vector<std::string_view> quads = Split(text, '.');
  if (quads.size() != 4) return std::nullopt;
  uint32_t value = 0;
  for (std::string_view quad : quads) {
    unsigned octet = 0;
    auto [end, ec] = std::from_chars(quad.data(), quad.data() + quad.size(), octet);
    if (!AllDigits(quad) || ec != std::errc() || end != quad.data() + quad.size() || octet > 255) {
      return std::nullopt;
    }
    value = (value << 8) | octet;
  }
  return value;
}

bool LooksLikeIpv6(std::string_view text) {
  if (text.find(':') == std::string_view::npos) return false;
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.' && c != '/') {
      return false;
    }
  }
  return true;
}

}  // namespace

const Service* FindService(std::string_view name) {
  for (const Service& service : kServices) {
    if (service.name == name) return &service;
  }
  return nullptr;
}

bool ValidProfileName(std::string_view name) {
  if (name == "all" || name.empty()) return false;
  std::string_view unsigned_part = name;
  if (name[0] == '+' || name[0] == '-') unsigned_part.remove_prefix(1);
  if (AllDigits(unsigned_part)) return false;  // a number is a port, not a profile
  if (!std::isalnum(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != ' ' && c != '_' && c != '-' &&
        c != '.' && c != '+') {
      return false;
    }
  }
  return true;
}

bool NumericPortSyntax(std::string_view port) {
  if (port.empty() || !std::isdigit(static_cast<unsigned char>(port.front())) ||
      !std::isdigit(static_cast<unsigned char>(port.back()))) {
    return false;
  }
  for (char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != ',' && c != ':') return false;
  }
  return true;
}

Result<std::string> ParsePortField(std::string_view port) {
  if (port == "any") return std::string("any");
  Status bad = Status::InvalidArgument(fmt::format("ERROR: Bad port '{}'", port));
  if (port.empty() || port[0] == ',' || port[0] == ':') return bad;
  size_t separators = 0;
  for (char c : port) separators += (c == ',' || c == ':');
  if (separators > 14) return bad;  // iptables' multiport limit (reference §2)
  std::string stored;
  for (std::string_view entry : Split(port, ',')) {
    std::string text(entry);
    std::vector<std::string_view> ends = Split(entry, ':');
    if (ends.size() == 2 && AllDigits(ends[0]) && AllDigits(ends[1])) {
      if (!ValidPortNumber(ends[0]) || !ValidPortNumber(ends[1])) return bad;
      unsigned first = 0;
      unsigned last = 0;
      std::from_chars(ends[0].data(), ends[0].data() + ends[0].size(), first);
      std::from_chars(ends[1].data(), ends[1].data() + ends[1].size(), last);
      if (first >= last) return bad;
    } else if (AllDigits(entry)) {
      if (!ValidPortNumber(entry)) return bad;
    } else if (entry.size() >= 2 && IsWordChar(entry[0]) &&
               (IsWordChar(entry[1]) || entry[1] == '-')) {
      const Service* service = FindService(entry);
      if (service == nullptr) return bad;
      text = std::to_string(service->port);
    } else {
      return bad;
    }
    if (!stored.empty()) stored += ',';
    stored += text;
  }
  return stored;
}

Result<AddressField> ParseAddressField(std::string_view text, std::string_view what) {
  if (text == "any") return AddressField{};
  if (LooksLikeIpv6(text)) {
    return Status::Unsupported(
        fmt::format("IPv6 address '{}' in a ufw rule is not modelled; expected IPv4", text));
  }
  Status bad = Status::InvalidArgument(fmt::format("ERROR: Bad {} address", what));
  if (text.size() > 31 || text.find_first_not_of("0123456789./") != std::string_view::npos) {
    return bad;
  }
  std::vector<std::string_view> parts = Split(text, '/');
  if (parts.size() > 2) return bad;
  auto address = Ipv4Address::Parse(parts[0]);
  if (!address.ok()) return bad;
  int length = 32;
  if (parts.size() == 2) {
    std::string_view mask = parts[1];
    unsigned cidr = 0;
    auto [end, ec] = std::from_chars(mask.data(), mask.data() + mask.size(), cidr);
    if (AllDigits(mask) && ec == std::errc() && end == mask.data() + mask.size() && cidr <= 32) {
      length = static_cast<int>(cidr);
    } else if (auto bits = DottedQuad(mask)) {
      // normalize_address turns a contiguous dotted mask into its prefix length.
      uint32_t inverted = ~*bits;
      if ((inverted & (inverted + 1)) != 0) {
        return Status::Unsupported(fmt::format(
            "non-contiguous netmask '{}' is not modelled; expected a prefix length", mask));
      }
      length = 32 - std::popcount(inverted);
    } else {
      return bad;
    }
  }
  Ipv4Prefix prefix(*address, length);
  AddressField field;
  field.normalized = prefix.network() != *address;
  if (length > 0) field.prefix = prefix;  // 0.0.0.0/0 is ufw's "anywhere"
  return field;
}

Status ValidateInterfaceName(std::string_view name) {
  if (name.find('!') != std::string_view::npos) {
    return Status::InvalidArgument("ERROR: Bad interface name: reserved character: '!'");
  }
  if (name.find(':') != std::string_view::npos) {
    return Status::InvalidArgument("ERROR: Bad interface name: can't use interface aliases");
  }
  if (name == "." || name == "..") {
    return Status::InvalidArgument("ERROR: Bad interface name: can't use '.' or '..'");
  }
  if (name.empty()) {
    return Status::InvalidArgument("ERROR: Bad interface name: interface name is empty");
  }
  if (name.size() > 15) {
    return Status::InvalidArgument("ERROR: Bad interface name: interface name too long");
  }
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) &&
        std::string_view("_-.+,=%@").find(c) == std::string_view::npos) {
      return Status::InvalidArgument("ERROR: Bad interface name");
    }
  }
  return Status::Ok();
}

}  // namespace tunnelsim::ufw::internal
