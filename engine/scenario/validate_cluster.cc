// The API server, the tunnel settings and the outbound path.
#include <map>
#include <set>

#include <fmt/format.h>

#include "engine/scenario/validate_scenario.h"
#include "models/core/ipv4.h"
#include "models/core/port_range.h"
#include "models/cpa/params.h"
#include "models/cpa/quantity.h"

namespace tunnelsim {
namespace {

void ValidateApiServer(const Scenario& s, Diagnostics* d) {
  const ApiServer& api = s.cluster.api_server;
  const std::string& f = s.file;
  if (api.access.value == "public") {
    if (api.public_ip.value.empty()) {
      d->Error(f, api.access.pos, "a public API server needs 'publicIP', the address agents dial");
    } else if (!Ipv4Address::Parse(api.public_ip.value).ok()) {
      d->Error(f, api.public_ip.pos,
               fmt::format("'publicIP' is '{}'; expected an IPv4 address", api.public_ip.value));
    }
  }
  if (!api.private_ip.value.empty() && !Ipv4Address::Parse(api.private_ip.value).ok()) {
    d->Error(f, api.private_ip.pos,
             fmt::format("'privateIP' is '{}'; expected an IPv4 address", api.private_ip.value));
  }
  // reference/azure.md §5: authorized ranges apply only to the public API server.
  if (api.access.value == "private" && !api.authorized_ip_ranges.empty()) {
    d->Error(f, api.authorized_ip_ranges.front().pos,
             "authorized IP ranges cannot be used with a private cluster; they apply only to the "
             "public API server");
  }
  if (auto pods = Ipv4Prefix::Parse(s.cluster.pod_cidr.value, true);
      !pods.ok() || s.cluster.pod_cidr.value.find('/') == std::string::npos) {
    d->Error(f, s.cluster.pod_cidr.pos,
             fmt::format("'podCidr' is '{}'; expected a CIDR such as 10.244.0.0/16",
                         s.cluster.pod_cidr.value));
  } else if (pods->length() > 24) {
    d->Error(f, s.cluster.pod_cidr.pos,
             fmt::format("'podCidr' {} is smaller than one node's /24", s.cluster.pod_cidr.value));
  }
  for (const LString& ip : s.outbound.public_ips) {
    if (!Ipv4Address::Parse(ip.value).ok()) {
      d->Error(f, ip.pos,
               fmt::format("'{}' is not an IPv4 address; expected the egress public "
                           "IP of the load balancer or NAT gateway",
                           ip.value));
    }
  }
  for (const LString& range : api.authorized_ip_ranges) {
    if (auto p = Ipv4Prefix::Parse(range.value); !p.ok()) {
      d->Error(f, range.pos, fmt::format("invalid authorized IP range: {}", p.status().message()));
    }
  }
}

void ValidateTunnel(const Scenario& s, Diagnostics* d) {
  const TunnelSettings& t = s.cluster.tunnel;
  const std::string& f = s.file;
  // reference/konnectivity-cpa.md §C2: strategy names are case-sensitive.
  std::set<std::string> seen;
  for (const LString& strategy : t.proxy_strategies) {
    if (strategy.value != "default" && strategy.value != "destHost" &&
        strategy.value != "defaultRoute") {
      d->Error(f, strategy.pos,
               fmt::format("unknown proxy strategy '{}'; expected default, destHost or "
                           "defaultRoute (case-sensitive)",
                           strategy.value));
    } else if (!seen.insert(strategy.value).second) {
      d->Error(f, strategy.pos, fmt::format("proxy strategy '{}' is listed twice", strategy.value));
    }
  }
  if (t.kind.value != "konnectivity" && !t.proxy_strategies.empty()) {
    d->Error(f, t.proxy_strategies.front().pos,
             fmt::format("'proxyStrategies' applies to konnectivity only; the tunnel kind is {}",
                         t.kind.value));
  }
  // reference/konnectivity-cpa.md §A1: exactly one entry, keyed "ladder" or "linear".
  if (!t.autoscaler.empty() && t.autoscaler.size() != 1) {
    d->Error(f, t.autoscaler_pos,
             "invalid configMap format, expected only one entry (the autoscaler's data holds "
             "exactly one key, ladder or linear)");
  }
  for (const auto& [key, value] : t.autoscaler) {
    if (key.value != "ladder" && key.value != "linear") {
      d->Error(f, key.pos,
               fmt::format("'{}' is not a supported control mode; expected ladder or "
                           "linear (case-sensitive)",
                           key.value));
    }
  }
}

void ValidateOutbound(const Scenario& s, Diagnostics* d) {
  const Outbound& o = s.outbound;
  const std::string& f = s.file;
  bool nat = o.type.value == "managedNATGateway" || o.type.value == "userAssignedNATGateway";
  if (o.has_nat_gateway && !nat) {
    d->Error(f, o.type.pos,
             fmt::format("'natGateway' is set but the outbound type is {}; expected "
                         "managedNATGateway or userAssignedNATGateway",
                         o.type.value));
  }
  if (!o.egress_firewall.empty() && o.type.value != "userDefinedRouting") {
    d->Error(f, o.egress_firewall.front().pos,
             fmt::format("'egressFirewall' needs outbound type userDefinedRouting; it is {}",
                         o.type.value));
  }
  // reference/azure.md §2.3 and §3.2: outbound ports come in multiples of 8.
  const auto& ports = o.load_balancer.allocated_outbound_ports;
  if (ports.value % 8 != 0) {
    d->Error(f, ports.pos,
             fmt::format("'allocatedOutboundPorts' is {}; the load balancer allocates ports in "
                         "multiples of 8",
                         ports.value));
  }
  for (const EgressFirewallRule& rule : o.egress_firewall) {
    for (const LString& port : rule.destination_ports) {
      if (port.value == "*") continue;
      auto range = PortRange::Parse(port.value, '-');
      if (!range.ok()) {
        d->Error(f, port.pos,
                 fmt::format("invalid destination port: {}", range.status().message()));
      }
    }
    for (const LString& address : rule.destination_addresses) {
      if (address.value.empty()) {
        d->Error(f, address.pos,
                 "an empty destination address; expected an IP, CIDR, service "
                 "tag or FQDN");
      }
    }
  }
}

}  // namespace

void ValidateClusterAndOutbound(const Scenario& s, Diagnostics* d) {
  ValidateApiServer(s, d);
  ValidateTunnel(s, d);
  ValidateOutbound(s, d);
}

}  // namespace tunnelsim
