// Destination: where an outbound flow goes (IP, port, protocol), and the key under which a
// SNAT provider requires distinct ports. Port pools index destinations by a dense
// DestinationId that a DestinationTable hands out; flows whose keys are equal share one id
// and therefore compete for the same ports.
//
// Keys (reference/azure.md):
//   Load Balancer TCP: (IP, port) — a SNAT port is reused only towards a different IP or port
//   (§2.4). Load Balancer UDP: (IP) — port-restricted cone NAT, one SNAT port per destination
//   IP whatever the destination port (§2.4). NAT Gateway: (IP, port) for both protocols, the
//   "destination endpoint" of §4. The protocol is always part of the key: TCP and UDP flows
//   never block each other (NAT Gateway keeps separate inventories, §4; the Load Balancer
//   reports AllocatedSnatPorts per ProtocolType).
#pragma once

#include <cstdint>
#include <vector>

#include "models/core/ipv4.h"
#include "models/core/protocol.h"

namespace tunnelsim::snat {

using DestinationId = uint32_t;

struct Destination {
  Ipv4Address address;
  uint16_t port = 443;
  IpProtocol protocol = IpProtocol::kTcp;
  bool operator==(const Destination&) const = default;
};

enum class SnatKeyKind { kLoadBalancer, kNatGateway };

// The part of `d` that the provider's uniqueness rule looks at.
constexpr Destination UniquenessKey(const Destination& d, SnatKeyKind kind) {
  Destination key = d;
  if (kind == SnatKeyKind::kLoadBalancer && d.protocol == IpProtocol::kUdp) key.port = 0;
  return key;
}

// Interns destinations into dense ids. Linear search: a simulation has a handful of them.
class DestinationTable {
 public:
  explicit DestinationTable(SnatKeyKind kind) : kind_(kind) {}

  DestinationId Intern(const Destination& d) {
    const Destination key = UniquenessKey(d, kind_);
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == key) return static_cast<DestinationId>(i);
    }
    keys_.push_back(key);
    return static_cast<DestinationId>(keys_.size() - 1);
  }
  size_t size() const { return keys_.size(); }
  const Destination& key(DestinationId id) const { return keys_[id]; }

 private:
  SnatKeyKind kind_;
  std::vector<Destination> keys_;
};

}  // namespace tunnelsim::snat
