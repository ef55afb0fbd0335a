// The `outbound` section (`traffic` is in load_traffic.cc).
#include <fmt/format.h>

#include "engine/scenario/scenario_loader.h"

namespace tunnelsim {

void ScenarioLoader::ReadOutbound(const YAML::Node& node, Outbound* out) {
  MapFields m(&r_, node, "'outbound'");
  // reference/azure.md §3.1: the outboundType enum of the 2025-05-01 API.
  if (YAML::Node n = m.Take("type"); n.IsDefined()) {
    r_.ReadEnum(n, "'type'",
                {"loadBalancer", "managedNATGateway", "userAssignedNATGateway",
                 "userDefinedRouting", "none"},
                &out->type);
  }
  OptionalStringList(r_, m, "publicIPs", 116, &out->public_ips);
  if (YAML::Node lb = m.Take("loadBalancer"); lb.IsDefined()) {
    MapFields l(&r_, lb, "'loadBalancer'");
    // reference/azure.md §3.1: managedOutboundIPs 1-100, ports 0-64000, idle 4-120.
    OptionalInt(r_, l, "managedOutboundIPs", 1, 100, &out->load_balancer.managed_outbound_ips);
    OptionalInt(r_, l, "allocatedOutboundPorts", 0, 64000,
                &out->load_balancer.allocated_outbound_ports);
    OptionalInt(r_, l, "idleTimeoutInMinutes", 4, 120, &out->load_balancer.idle_timeout_in_minutes);
    OptionalBool(r_, l, "enableTcpReset", &out->load_balancer.enable_tcp_reset);
    l.Finish();
  }
  if (YAML::Node nat = m.Take("natGateway"); nat.IsDefined()) {
    out->has_nat_gateway = true;
    MapFields g(&r_, nat, "'natGateway'");
    // reference/azure.md §3.1 and §4: 1-16 IPs, idle 4-120 (default 4).
    OptionalInt(r_, g, "managedOutboundIPs", 1, 16, &out->nat_gateway.managed_outbound_ips);
    OptionalInt(r_, g, "idleTimeoutInMinutes", 4, 120, &out->nat_gateway.idle_timeout_in_minutes);
    g.Finish();
  }
  if (YAML::Node fw = m.Take("egressFirewall"); fw.IsDefined()) {
    MapFields f(&r_, fw, "'egressFirewall'");
    if (YAML::Node rules = f.Require("rules"); rules.IsDefined()) {
      if (r_.CheckSequence(rules, "'rules'", limits_.max_list_items)) {
        for (const YAML::Node& item : rules) {
          ReadEgressRule(item, &out->egress_firewall.emplace_back());
        }
      }
    }
    f.Finish();
  }
  m.Finish();
}

void ScenarioLoader::ReadEgressRule(const YAML::Node& node, EgressFirewallRule* out) {
  MapFields m(&r_, node, "an egress firewall rule");
  out->pos = m.pos();
  RequiredString(r_, m, "name", &out->name);
  if (YAML::Node n = m.Require("protocol"); n.IsDefined()) {
    r_.ReadEnum(n, "'protocol'", {"Tcp", "Udp", "Any"}, &out->protocol);
  }
  if (YAML::Node n = m.Require("destinationAddresses"); n.IsDefined()) {
    r_.ReadStringList(n, "'destinationAddresses'", limits_.max_list_items,
                      &out->destination_addresses);
  }
  if (YAML::Node n = m.Require("destinationPorts"); n.IsDefined()) {
    r_.ReadStringList(n, "'destinationPorts'", limits_.max_list_items, &out->destination_ports);
  }
  if (YAML::Node n = m.Require("action"); n.IsDefined()) {
    r_.ReadEnum(n, "'action'", {"Allow", "Deny"}, &out->action);
  }
  m.Finish();
}

}  // namespace tunnelsim
