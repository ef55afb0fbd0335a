#include "models/snat/nat_gateway.h"

#include <cassert>

#include <fmt/format.h>

namespace tunnelsim::snat {

Status ValidateNatGateway(const NatGatewayConfig& config) {
  // azure-cli acs/_validators.py, verbatim messages.
  if (config.public_ips < 1 || config.public_ips > kNatMaxIps) {
    return Status::OutOfRange(
        "--nat-gateway-managed-outbound-ip-count must be in the range [1,16]");
  }
  if (config.tcp_idle_timeout_minutes < kNatIdleTimeoutMinMinutes ||
      config.tcp_idle_timeout_minutes > kNatIdleTimeoutMaxMinutes) {
    return Status::OutOfRange("--nat-gateway-idle-timeout must be in the range [4,120]");
  }
  if (config.fin_cooldown_seconds < 0 || config.rst_cooldown_seconds < 0 ||
      config.half_open_cooldown_seconds < 0 || config.udp_cooldown_seconds < 0 ||
      config.tcp_idle_cooldown_seconds < 0) {
    return Status::InvalidArgument("NAT gateway port hold-down times must be >= 0 seconds");
  }
  if (config.max_connections_per_ip_per_destination < 1 || config.max_connections < 1) {
    return Status::InvalidArgument(fmt::format(
        "NAT gateway connection limits {} per IP per destination and {} in total are invalid; "
        "expected at least 1",
        config.max_connections_per_ip_per_destination, config.max_connections));
  }
  return Status::Ok();
}

NatGatewayPorts::NatGatewayPorts(const NatGatewayConfig& config, int destination_count)
    : ips_(config.public_ips),
      per_ip_limit_(config.max_connections_per_ip_per_destination),
      max_connections_(config.max_connections),
      in_use_(static_cast<size_t>(destination_count) * config.public_ips, 0),
      cooling_(static_cast<size_t>(destination_count) * config.public_ips, 0),
      in_use_total_(static_cast<size_t>(destination_count), 0),
      cooling_total_(static_cast<size_t>(destination_count), 0) {
  assert(ValidateNatGateway(config).ok());
  assert(destination_count >= 1);
}

int NatGatewayPorts::OpenOnIp(DestinationId d, int ip) const {
  const size_t i = At(d, ip);
  if (in_use_[i] >= per_ip_limit_) return 0;
  return kNatPortsPerIp - in_use_[i] - cooling_[i];
}

int NatGatewayPorts::AvailableFor(DestinationId d) const {
  if (connections_ >= max_connections_) return 0;
  int open = 0;
  for (int ip = 0; ip < ips_; ++ip) open += OpenOnIp(d, ip);
  return open;
}

NatAcquire NatGatewayPorts::Acquire(DestinationId d, Rng& rng) {
  if (connections_ >= max_connections_) return {-1, NatFailure::kConnectionLimit};
  int open[kNatMaxIps];
  int total = 0;
  bool limited = false;
  for (int ip = 0; ip < ips_; ++ip) {
    open[ip] = OpenOnIp(d, ip);
    total += open[ip];
    // Blame the per-IP limit only where ports would otherwise still be free.
    const size_t i = At(d, ip);
    limited |= in_use_[i] >= per_ip_limit_ && in_use_[i] + cooling_[i] < kNatPortsPerIp;
  }
  if (total == 0) {
    return {-1, limited ? NatFailure::kPerIpDestinationLimit : NatFailure::kPortsExhausted};
  }
  int ip = 0;
  if (ips_ > 1) {  // a uniformly random open port, located by its IP
    int64_t pick = static_cast<int64_t>(rng.Below(static_cast<uint64_t>(total)));
    while (pick >= open[ip]) pick -= open[ip++];
  }
  ++in_use_[At(d, ip)];
  ++in_use_total_[d];
  ++connections_;
  return {ip, NatFailure::kNone};
}

void NatGatewayPorts::StartCooldown(DestinationId d, int ip) {
  const size_t i = At(d, ip);
  assert(in_use_[i] > 0);
  --in_use_[i];
  --in_use_total_[d];
  --connections_;
  ++cooling_[i];
  ++cooling_total_[d];
}

void NatGatewayPorts::EndCooldown(DestinationId d, int ip) {
  const size_t i = At(d, ip);
  assert(cooling_[i] > 0);
  --cooling_[i];
  --cooling_total_[d];
}

void NatGatewayPorts::Release(DestinationId d, int ip) {
  const size_t i = At(d, ip);
  assert(in_use_[i] > 0);
  --in_use_[i];
  --in_use_total_[d];
  --connections_;
}

}  // namespace tunnelsim::snat
