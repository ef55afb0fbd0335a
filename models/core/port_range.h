// An inclusive range of TCP/UDP ports [first, last] within 0-65535, as NSG rules ("80",
// "10000-10005", "*"), iptables ("10000:10300") and ufw ("10000:11000") write them.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "models/core/result.h"

namespace tunnelsim {

struct PortRange {
  uint16_t first = 0;
  uint16_t last = 65535;

  static constexpr PortRange All() { return {0, 65535}; }
  static constexpr PortRange Single(uint16_t port) { return {port, port}; }
  constexpr bool Contains(uint16_t port) const { return first <= port && port <= last; }
  constexpr bool Contains(const PortRange& r) const { return first <= r.first && r.last <= last; }
  constexpr bool Overlaps(const PortRange& r) const { return first <= r.last && r.first <= last; }
  constexpr bool IsAll() const { return first == 0 && last == 65535; }
  constexpr auto operator<=>(const PortRange&) const = default;

  // Parses "N" or "A<sep>B" with A <= B, each 0-65535. `separator` is '-' for Azure and ':'
  // for netfilter and ufw. "*" is not handled here: each syntax spells "any" its own way.
  static Result<PortRange> Parse(std::string_view text, char separator);
  // "10250" or "10000-10005" (with the given separator).
  std::string ToString(char separator = '-') const;
};

// Parses a port number 0-65535 with nothing else around it.
Result<uint16_t> ParsePort(std::string_view text);

}  // namespace tunnelsim
