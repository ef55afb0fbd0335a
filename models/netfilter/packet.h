// What the evaluator needs to know about a packet and about the node that filters it.
// Packet describes the first packet of a connection by default (conntrack NEW, TCP SYN).
// NodeContext answers `-m addrtype` and REDIRECT the way the kernel does from its local routing
// table: configured addresses (and all of 127.0.0.0/8 on lo) are LOCAL, 0.0.0.0/8,
// 255.255.255.255 and each configured subnet's broadcast address are BROADCAST, 224.0.0.0/4 is
// MULTICAST, anything else UNICAST. Lookups are O(addresses on the node).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/core/ipv4.h"
#include "models/core/protocol.h"
#include "models/netfilter/match.h"

namespace tunnelsim::netfilter {

struct Packet {
  Ipv4Address src;
  Ipv4Address dst;
  IpProtocol protocol = IpProtocol::kTcp;
  uint16_t sport = 0;
  uint16_t dport = 0;
  std::string in_interface;   // "" for locally generated packets
  std::string out_interface;  // "" for packets to the node (INPUT)
  uint8_t ct_state = kCtNew;  // CtState bits: one of NEW/ESTABLISHED/RELATED/INVALID/UNTRACKED,
                              // plus SNAT/DNAT when the connection was translated
  uint32_t mark = 0;          // nfmark
  uint32_t ct_mark = 0;       // the connection's mark (CONNMARK)
  uint8_t tcp_flags = kTcpSyn;
  uint8_t icmp_type = 8;  // for ICMP packets
  uint8_t icmp_code = 0;
};

// The reply the node sends to `delivered` (the packet as the listener received it, after any
// DNAT/REDIRECT): addresses and ports swapped, conntrack ESTABLISHED (keeping SNAT/DNAT), TCP
// SYN-ACK, leaving through the interface the request came in on.
Packet ReplyTo(const Packet& delivered);

class NodeContext {
 public:
  // A node with only loopback (127.0.0.1/8 on lo).
  NodeContext();

  // Adds an interface address such as eth0 10.250.0.2/16.
  void AddAddress(std::string_view interface, Ipv4Address address, int prefix_length);

  // The route type of `address` (one AddrType bit). With `interface`, as --limit-iface-in/out
  // restrict it: LOCAL/BROADCAST only for addresses of that interface.
  AddrType TypeOf(Ipv4Address address) const;
  AddrType TypeOn(Ipv4Address address, std::string_view interface) const;
  bool IsLocal(Ipv4Address address) const { return TypeOf(address) == kAddrLocal; }

  // The first address of the interface, which REDIRECT sends incoming packets to.
  std::optional<Ipv4Address> PrimaryAddress(std::string_view interface) const;

  struct InterfaceAddress {
    std::string interface;
    Ipv4Address address;
    int prefix_length = 32;
  };
  // Every configured address, loopback's first: what TypeOf decides from (the differ takes
  // its address boundaries from here).
  const std::vector<InterfaceAddress>& addresses() const { return addresses_; }

 private:
  AddrType Lookup(Ipv4Address address, const std::string_view* interface) const;

  std::vector<InterfaceAddress> addresses_;
};

}  // namespace tunnelsim::netfilter
