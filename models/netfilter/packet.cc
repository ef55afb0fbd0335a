#include "models/netfilter/packet.h"

#include <utility>

namespace tunnelsim::netfilter {

Packet ReplyTo(const Packet& delivered) {
  Packet reply = delivered;
  std::swap(reply.src, reply.dst);
  std::swap(reply.sport, reply.dport);
  reply.out_interface = delivered.in_interface;
  reply.in_interface.clear();
  reply.ct_state =
      static_cast<uint8_t>(kCtEstablished | (delivered.ct_state & (kCtSnat | kCtDnat)));
  reply.tcp_flags = kTcpSyn | kTcpAck;
  return reply;
}

NodeContext::NodeContext() { addresses_.push_back({"lo", Ipv4Address(0x7f000001u), 8}); }

void NodeContext::AddAddress(std::string_view interface, Ipv4Address address, int prefix_length) {
  addresses_.push_back({std::string(interface), address, prefix_length});
}

AddrType NodeContext::TypeOf(Ipv4Address address) const { return Lookup(address, nullptr); }

AddrType NodeContext::TypeOn(Ipv4Address address, std::string_view interface) const {
  return Lookup(address, &interface);
}

std::optional<Ipv4Address> NodeContext::PrimaryAddress(std::string_view interface) const {
  for (const InterfaceAddress& a : addresses_) {
    if (a.interface == interface) return a.address;
  }
  return std::nullopt;
}

AddrType NodeContext::Lookup(Ipv4Address address, const std::string_view* interface) const {
  uint32_t v = address.value();
  // Decided before any route lookup, independent of the interface (inet_addr_type).
  if ((v >> 24) == 0 || v == 0xffffffffu) return kAddrBroadcast;
  if ((v >> 28) == 0xe) return kAddrMulticast;
  for (const InterfaceAddress& a : addresses_) {
    if (interface != nullptr && a.interface != *interface) continue;
    Ipv4Prefix subnet(a.address, a.prefix_length);
    bool has_broadcast = a.prefix_length <= 30;  // no broadcast route for /31 and /32
    if (has_broadcast && v == subnet.Range().last.value()) return kAddrBroadcast;
    // The loopback address's whole prefix is local (the kernel's "local 127.0.0.0/8" route).
    bool local = v == a.address.value() || (a.interface == "lo" && subnet.Contains(address));
    if (local) return kAddrLocal;
  }
  return kAddrUnicast;
}

}  // namespace tunnelsim::netfilter
