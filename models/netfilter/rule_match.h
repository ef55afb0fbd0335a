// Internal to the evaluator: the packet as traversal sees it (fixed-size, no strings, address
// types precomputed) and the test of one rule's conditions against it.
#pragma once

#include <cstdint>
#include <string_view>

#include "models/netfilter/packet.h"
#include "models/netfilter/rule.h"

namespace tunnelsim::netfilter {

struct PacketState {
  uint32_t src = 0;
  uint32_t dst = 0;
  uint8_t protocol = 6;
  uint16_t sport = 0;
  uint16_t dport = 0;
  InterfaceName in{};
  InterfaceName out{};
  std::string_view in_name;
  std::string_view out_name;
  uint8_t ct = kCtNew;
  uint32_t mark = 0;
  uint32_t ct_mark = 0;
  uint8_t tcp_flags = kTcpSyn;
  uint8_t icmp_type = 0;
  uint8_t icmp_code = 0;
  AddrType src_type = kAddrUnicast;
  AddrType dst_type = kAddrUnicast;
  // The same, limited to the in / out interface (-m addrtype --limit-iface-in/out).
  AddrType src_type_in = kAddrUnicast;
  AddrType dst_type_in = kAddrUnicast;
  AddrType src_type_out = kAddrUnicast;
  AddrType dst_type_out = kAddrUnicast;
  // The connection's original direction (conntrack --ctorig*): the first packet before NAT.
  uint32_t orig_src = 0;
  uint32_t orig_dst = 0;
  uint16_t orig_sport = 0;
  uint16_t orig_dport = 0;

  // REQUIRES: `packet` outlives the state (interface names are viewed, not copied).
  static PacketState From(const Packet& packet, const NodeContext& node);
  // Recomputes the address types after a change of destination or interface, so rule
  // matching never looks them up.
  void ComputeAddressTypes(const NodeContext& node);
};

enum class RuleMatch : uint8_t { kNo, kYes, kUnknown };

// kNo when a modelled condition fails; otherwise kUnknown if the rule has an opaque match,
// else kYes. No allocation, no string comparison.
RuleMatch MatchRule(const Rule& rule, const PacketState& p);

}  // namespace tunnelsim::netfilter
