// Azure NAT Gateway SNAT ports: one inventory shared on demand by every node of the attached
// subnets (no per-node preallocation), answering whether a new flow to a destination gets a
// port and on which public IP.
//
// Facts (reference/azure.md §4): 64,512 ports per public IP, up to 16 IPs; a port serves
// many destinations at once, but each concurrent flow to one destination endpoint needs its
// own (IP, port); the port is chosen at random from the available inventory; after a flow
// ends, its port may not go back to the SAME destination for a hold-down (TCP FIN 65 s, RST
// 16 s, half-open 30 s, UDP 65 s; "subject to change"); at most 50,000 concurrent
// connections per public IP to one destination; TCP idle timeout 4-120 min (default 4), UDP
// fixed at 4; TCP and UDP are separate inventories (the key includes the protocol).
//
// Accounting per destination and IP, without port identities: a port is unavailable to D
// iff a flow to D holds it or it cools down for D, and nothing else (other destinations
// never block it). So for IP i the ports open to D are 64,512 - in_use(D,i) - cooling(D,i),
// or none once in_use(D,i) reached the per-IP limit; a uniformly random available port lies
// on IP i with probability proportional to that count, which is all the choice can change.
// Cost: O(IPs) <= 16 per Acquire, O(1) otherwise. Memory O(destinations x IPs). Not
// thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "models/core/status.h"
#include "models/snat/destination.h"
#include "models/snat/rng.h"

namespace tunnelsim::snat {

inline constexpr int kNatPortsPerIp = 64512;                         // §4
inline constexpr int kNatMaxIps = 16;                                // §4, §3.2 [1,16]
inline constexpr int kNatMaxConnectionsPerIpPerDestination = 50000;  // §4
inline constexpr int64_t kNatMaxConnections = 2'000'000;             // §4 "up to 2 million"
inline constexpr int kNatDefaultIdleTimeoutMinutes = 4;              // §3.1, §4
inline constexpr int kNatIdleTimeoutMinMinutes = 4;                  // §3.2 [4,120]
inline constexpr int kNatIdleTimeoutMaxMinutes = 120;
inline constexpr int kNatUdpIdleTimeoutMinutes = 4;        // §4: not configurable
inline constexpr double kNatFinCooldownSeconds = 65;       // §4
inline constexpr double kNatRstCooldownSeconds = 16;       // §4
inline constexpr double kNatHalfOpenCooldownSeconds = 30;  // §4
inline constexpr double kNatUdpCooldownSeconds = 65;       // §4

struct NatGatewayConfig {
  int public_ips = 1;
  int tcp_idle_timeout_minutes = kNatDefaultIdleTimeoutMinutes;
  double fin_cooldown_seconds = kNatFinCooldownSeconds;
  double rst_cooldown_seconds = kNatRstCooldownSeconds;
  double half_open_cooldown_seconds = kNatHalfOpenCooldownSeconds;  // no simulator flow uses it
  double udp_cooldown_seconds = kNatUdpCooldownSeconds;             // after the UDP idle timeout
  // Hold-down after a TCP flow is dropped by the idle timeout: not documented (unconfirmed),
  // so 0 by default.
  double tcp_idle_cooldown_seconds = 0;
  int max_connections_per_ip_per_destination = kNatMaxConnectionsPerIpPerDestination;
  int64_t max_connections = kNatMaxConnections;
};

// IP count and idle timeout with the az CLI's messages ("--nat-gateway-managed-outbound-ip-
// count must be in the range [1,16]", "--nat-gateway-idle-timeout must be in the range
// [4,120]"); cooldowns >= 0; limits >= 1.
Status ValidateNatGateway(const NatGatewayConfig& config);

enum class NatFailure { kNone, kPortsExhausted, kPerIpDestinationLimit, kConnectionLimit };

struct NatAcquire {
  int ip = -1;  // index of the public IP, or -1
  NatFailure failure = NatFailure::kNone;
  bool ok() const { return ip >= 0; }
};

class NatGatewayPorts {
 public:
  // REQUIRES: ValidateNatGateway(config).ok(); destination_count >= 1.
  NatGatewayPorts(const NatGatewayConfig& config, int destination_count);

  // A new flow to `d`: picks a public IP at random, weighted by its ports open to `d`.
  NatAcquire Acquire(DestinationId d, Rng& rng);
  // The flow on (d, ip) closed: its port now cools down for `d`.
  void StartCooldown(DestinationId d, int ip);
  // The hold-down of one port on (d, ip) is over.
  void EndCooldown(DestinationId d, int ip);
  // The flow on (d, ip) ended with no hold-down.
  void Release(DestinationId d, int ip);

  int public_ips() const { return ips_; }
  int PortsPerDestination() const { return ips_ * kNatPortsPerIp; }
  int InUse(DestinationId d) const { return in_use_total_[d]; }
  int CoolingDown(DestinationId d) const { return cooling_total_[d]; }
  // Ports a new flow to `d` could get now (0 means it would fail).
  int AvailableFor(DestinationId d) const;
  int64_t Connections() const { return connections_; }

 private:
  size_t At(DestinationId d, int ip) const { return static_cast<size_t>(d) * ips_ + ip; }
  int OpenOnIp(DestinationId d, int ip) const;

  int ips_;
  int per_ip_limit_;
  int64_t max_connections_;
  std::vector<int> in_use_;   // [destination][ip]
  std::vector<int> cooling_;  // [destination][ip]
  std::vector<int> in_use_total_;
  std::vector<int> cooling_total_;
  int64_t connections_ = 0;
};

}  // namespace tunnelsim::snat
