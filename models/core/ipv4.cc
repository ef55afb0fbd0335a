#include "models/core/ipv4.h"

#include <charconv>

#include <fmt/format.h>

namespace tunnelsim {
namespace {

// Parses a decimal number in [0, max] with no sign, no leading zeros and no trailing text.
bool ParseSmallDecimal(std::string_view text, uint32_t max, uint32_t* out) {
  if (text.empty() || text.size() > 3) return false;
  if (text.size() > 1 && text[0] == '0') return false;
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > max) return false;
  *out = value;
  return true;
}

}  // namespace

Result<Ipv4Address> Ipv4Address::Parse(std::string_view text) {
  uint32_t value = 0;
  std::string_view rest = text;
  for (int i = 0; i < 4; ++i) {
    size_t dot = i < 3 ? rest.find('.') : rest.size();
    if (dot == std::string_view::npos) {
      return Status::InvalidArgument(fmt::format("'{}' is not an IPv4 address", text));
    }
    uint32_t octet = 0;
    if (!ParseSmallDecimal(rest.substr(0, dot), 255, &octet)) {
      return Status::InvalidArgument(fmt::format("'{}' is not an IPv4 address", text));
    }
    value = (value << 8) | octet;
    rest = i < 3 ? rest.substr(dot + 1) : std::string_view();
  }
  return Ipv4Address(value);
}

std::string Ipv4Address::ToString() const {
  return fmt::format("{}.{}.{}.{}", value_ >> 24, (value_ >> 16) & 0xff, (value_ >> 8) & 0xff,
                     value_ & 0xff);
}

Ipv4Prefix::Ipv4Prefix(Ipv4Address address, int length) : length_(length) {
  network_ = Ipv4Address(address.value() & Mask());
}

Result<Ipv4Prefix> Ipv4Prefix::Parse(std::string_view text, bool require_network_address) {
  size_t slash = text.find('/');
  auto address = Ipv4Address::Parse(text.substr(0, slash));
  if (!address.ok()) {
    return Status::InvalidArgument(fmt::format("'{}' is not an IPv4 address or CIDR", text));
  }
  uint32_t length = 32;
  if (slash != std::string_view::npos && !ParseSmallDecimal(text.substr(slash + 1), 32, &length)) {
    return Status::InvalidArgument(
        fmt::format("'{}' has an invalid prefix length; expected 0-32", text));
  }
  Ipv4Prefix prefix(*address, static_cast<int>(length));
  if (require_network_address && prefix.network() != *address) {
    return Status::InvalidArgument(fmt::format(
        "'{}' has host bits set; expected the network address {}", text, prefix.ToString()));
  }
  return prefix;
}

std::string Ipv4Prefix::ToString() const {
  return fmt::format("{}/{}", network_.ToString(), length_);
}

}  // namespace tunnelsim
