// Decides which rule of an NSG handles a flow: rules of the flow's direction in priority order
// (custom rules, then the six defaults), first match wins (reference/azure.md §1.1).
// CompiledNsg resolves every prefix and service tag once, so Evaluate neither parses nor
// allocates: a scan of 6-byte keys (protocol bits, destination-port hull) that sends only
// candidates to the O(log n) range lookups; about 1 us for 1,000 rules (bench/nsg_bench.cc).
// Semantics decided here (the reference does not settle them):
//  - Protocol Any ("*") matches ESP and AH too. The docs say Any "encompasses TCP, UDP and
//    ICMP", written before ESP/AH existed; the default DenyAll rules use Any and must be the
//    catch-all, so Any must cover every protocol.
//  - Ports belong to TCP and UDP. An ICMP/ESP/AH flow matches a rule only when both of the
//    rule's port lists are "*" (0-65535): "Any, port 443" does not match a ping.
//  - Platform addresses (ServiceTagContext::platform_addresses) are not filtered unless
//    targeted by a service tag (reference/azure.md §1.1): when a flow's source (destination)
//    is one, only the service-tag entries of a rule's source (destination) can match it, and
//    if no rule matches that way the flow is allowed with VerdictReason::kPlatformAddress.
//  - Rules with equal priority and direction (invalid, see validation.h) keep input order.
// Thread safety: a CompiledNsg is immutable; Evaluate may run concurrently.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/core/ipv4.h"
#include "models/core/port_range.h"
#include "models/core/protocol.h"
#include "models/nsg/security_rule.h"
#include "models/nsg/service_tags.h"

namespace tunnelsim::nsg {

// A packet's five-tuple as the NSG sees it: inbound after DNAT of public IPs, outbound before
// SNAT, so an outbound source is the node's private IP (reference/azure.md §1.1).
struct Flow {
  Ipv4Address source;
  uint16_t source_port = 0;
  Ipv4Address destination;
  uint16_t destination_port = 0;
  IpProtocol protocol = IpProtocol::kTcp;
};

enum class VerdictReason : uint8_t {
  kRule,             // `rule_name` matched first
  kNoNsg,            // no NSG is associated at this point: allowed (reference/azure.md §1.5)
  kPlatformAddress,  // a platform address no service-tag rule targeted: allowed
};

// Names are views into the CompiledNsg that produced the verdict; they stay valid while that
// object (or one moved from it) lives.
struct Verdict {
  bool allowed = true;
  VerdictReason reason = VerdictReason::kNoNsg;
  Direction direction = Direction::kInbound;
  std::string_view nsg_name;   // empty for kNoNsg
  std::string_view rule_name;  // empty unless kRule
  int priority = 0;            // 0 unless kRule
  bool is_default = false;
};

// One bit per protocol a Flow can carry.
constexpr uint8_t ProtocolBit(IpProtocol p) {
  switch (p) {
    case IpProtocol::kTcp:
      return 1;
    case IpProtocol::kUdp:
      return 2;
    case IpProtocol::kIcmp:
      return 4;
    case IpProtocol::kEsp:
      return 8;
    case IpProtocol::kAh:
      return 16;
  }
  return 0;
}
inline constexpr uint8_t kPortedProtocols = 1 | 2;
inline constexpr uint8_t kAllProtocols = 31;

// A rule with its match space resolved. Ranges are [begin, end) offsets into the owning
// CompiledNsg's pools; read them through CompiledNsg's accessors.
struct CompiledRule {
  uint32_t name_index = 0;
  int32_t priority = 0;
  // Protocols the rule can match: portless ones only when both port lists are all ports.
  uint8_t protocols = 0;
  bool allow = false;
  bool is_default = false;
  uint32_t source_begin = 0, source_end = 0;
  uint32_t destination_begin = 0, destination_end = 0;
  // The service-tag part of each side: what can match a platform address.
  uint32_t source_tag_begin = 0, source_tag_end = 0;
  uint32_t destination_tag_begin = 0, destination_tag_end = 0;
  uint32_t source_port_begin = 0, source_port_end = 0;
  uint32_t destination_port_begin = 0, destination_port_end = 0;
};

class CompiledNsg {
 public:
  // Never fails: syntax errors are impossible in parsed values, and an NSG that fails
  // ValidateNsg still has a well-defined evaluation order.
  static CompiledNsg Compile(const NetworkSecurityGroup& nsg, const ServiceTagContext& context);

  Verdict Evaluate(Direction direction, const Flow& flow) const;

  std::string_view name() const { return names_[0]; }
  // Custom rules then defaults, in evaluation order.
  std::span<const CompiledRule> rules(Direction direction) const {
    return rules_[static_cast<int>(direction)];
  }
  std::string_view rule_name(const CompiledRule& r) const { return names_[r.name_index]; }
  std::span<const Ipv4Range> sources(const CompiledRule& r) const {
    return Slice(addresses_, r.source_begin, r.source_end);
  }
  std::span<const Ipv4Range> destinations(const CompiledRule& r) const {
    return Slice(addresses_, r.destination_begin, r.destination_end);
  }
  std::span<const PortRange> source_ports(const CompiledRule& r) const {
    return Slice(ports_, r.source_port_begin, r.source_port_end);
  }
  std::span<const PortRange> destination_ports(const CompiledRule& r) const {
    return Slice(ports_, r.destination_port_begin, r.destination_port_end);
  }
  // The service-tag entries of each side: all a platform address can match (see above).
  std::span<const Ipv4Range> source_tags(const CompiledRule& r) const {
    return Slice(addresses_, r.source_tag_begin, r.source_tag_end);
  }
  std::span<const Ipv4Range> destination_tags(const CompiledRule& r) const {
    return Slice(addresses_, r.destination_tag_begin, r.destination_tag_end);
  }
  std::span<const Ipv4Address> platform_addresses() const { return platform_addresses_; }

 private:
  template <typename T>
  static std::span<const T> Slice(const std::vector<T>& pool, uint32_t begin, uint32_t end) {
    return std::span<const T>(pool).subspan(begin, end - begin);
  }
  // The checks after the scan key's: ports and addresses. REQUIRES: the key admitted `rule`.
  bool Matches(const CompiledRule& rule, const Flow& flow, bool source_is_platform,
               bool destination_is_platform) const;
  void AddRule(const SecurityRule& rule, const ServiceTagContext& context);

  // What the scan reads first, 6 bytes per rule so 1,000 rules fit in L1: the protocol bits
  // and the hull of the destination ports reject most rules without touching the pools.
  struct ScanKey {
    uint16_t destination_port_low = 0;
    uint16_t destination_port_high = 65535;
    uint8_t protocols = 0;
  };

  std::vector<std::string> names_;  // [0] is the NSG's name
  std::vector<CompiledRule> rules_[2];
  std::vector<ScanKey> scan_keys_[2];  // parallel to rules_
  std::vector<Ipv4Range> addresses_;
  std::vector<PortRange> ports_;
  std::vector<Ipv4Address> platform_addresses_;
};

}  // namespace tunnelsim::nsg
