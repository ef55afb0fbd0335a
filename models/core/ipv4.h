// IPv4 addresses, prefixes and inclusive address ranges: the value types every filter model
// (NSG, netfilter, UFW) and the scenario loader share. All are trivially copyable; parsing is
// strict (dotted quad, no leading zeros beyond "0", prefix length 0-32) and reports why.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "models/core/result.h"

namespace tunnelsim {

class Ipv4Address {
 public:
  constexpr Ipv4Address() = default;
  constexpr explicit Ipv4Address(uint32_t value) : value_(value) {}
  static Result<Ipv4Address> Parse(std::string_view text);

  constexpr uint32_t value() const { return value_; }
  std::string ToString() const;
  constexpr auto operator<=>(const Ipv4Address&) const = default;

 private:
  uint32_t value_ = 0;
};

// An inclusive range [first, last] of addresses. Every prefix is one; so is "*".
struct Ipv4Range {
  Ipv4Address first;
  Ipv4Address last;

  static constexpr Ipv4Range All() { return {Ipv4Address(0), Ipv4Address(0xffffffffu)}; }
  constexpr bool Contains(Ipv4Address a) const { return first <= a && a <= last; }
  constexpr bool Contains(const Ipv4Range& r) const { return first <= r.first && r.last <= last; }
  constexpr bool Overlaps(const Ipv4Range& r) const { return first <= r.last && r.first <= last; }
  // Number of addresses; 2^32 for All(), hence 64 bits.
  constexpr uint64_t Size() const { return uint64_t{last.value()} - first.value() + 1; }
  constexpr auto operator<=>(const Ipv4Range&) const = default;
};

// A prefix such as 10.224.0.0/16. A bare address parses as /32.
class Ipv4Prefix {
 public:
  constexpr Ipv4Prefix() = default;
  // REQUIRES: length <= 32. Host bits of `address` are cleared.
  Ipv4Prefix(Ipv4Address address, int length);

  // Accepts "a.b.c.d" and "a.b.c.d/n". With `require_network_address`, host bits set after
  // the mask ("10.0.0.5/24") are an error, as Azure requires for VNet and subnet prefixes.
  static Result<Ipv4Prefix> Parse(std::string_view text, bool require_network_address = false);

  Ipv4Address network() const { return network_; }
  int length() const { return length_; }
  uint32_t Mask() const { return length_ == 0 ? 0 : ~uint32_t{0} << (32 - length_); }
  Ipv4Range Range() const { return {network_, Ipv4Address(network_.value() | ~Mask())}; }
  bool Contains(Ipv4Address a) const { return (a.value() & Mask()) == network_.value(); }
  uint64_t Size() const { return uint64_t{1} << (32 - length_); }
  std::string ToString() const;
  auto operator<=>(const Ipv4Prefix&) const = default;

 private:
  Ipv4Address network_;
  int length_ = 0;
};

}  // namespace tunnelsim
