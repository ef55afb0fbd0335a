// IP protocols the filters distinguish. NSGs know Tcp/Udp/Icmp/Esp/Ah/Any; netfilter knows
// protocol numbers; the tunnel uses Tcp (443, 9000) or Udp (1194).
#pragma once

#include <cstdint>
#include <string_view>

namespace tunnelsim {

enum class IpProtocol : uint8_t { kIcmp = 1, kTcp = 6, kUdp = 17, kEsp = 50, kAh = 51 };

constexpr std::string_view ProtocolName(IpProtocol p) {
  switch (p) {
    case IpProtocol::kIcmp:
      return "icmp";
    case IpProtocol::kTcp:
      return "tcp";
    case IpProtocol::kUdp:
      return "udp";
    case IpProtocol::kEsp:
      return "esp";
    case IpProtocol::kAh:
      return "ah";
  }
  return "?";
}

constexpr bool HasPorts(IpProtocol p) { return p == IpProtocol::kTcp || p == IpProtocol::kUdp; }

}  // namespace tunnelsim
