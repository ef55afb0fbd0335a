// The body of each structured change (every kind but `command`).
#include <fmt/format.h>

#include "engine/changeset/change_set_loader.h"
#include "engine/network/nsg_build.h"

namespace tunnelsim {

ChangeBody ChangeSetLoader::ReadBody(const std::string& kind, const YAML::Node& value,
                                     bool* known) {
  *known = true;
  MapFields m(&r_, value, fmt::format("'{}'", kind));
  ChangeBody body;
  if (kind == "addSecurityRule" || kind == "updateSecurityRule") {
    LString nsg;
    SecurityRuleSpec rule;
    RequiredString(r_, m, "networkSecurityGroup", &nsg);
    if (YAML::Node n = m.Require("rule"); n.IsDefined()) {
      size_t before = r_.diagnostics()->error_count();
      ReadSecurityRule(r_, n, limits_, &rule);
      // Field syntax as the NSG model reads it, checkable without a scenario.
      if (r_.diagnostics()->error_count() == before) {
        BuildSecurityRule(rule, r_.file(), r_.diagnostics());
      }
    }
    if (kind == "addSecurityRule") {
      body = AddSecurityRule{nsg, rule};
    } else {
      body = UpdateSecurityRule{nsg, rule};
    }
  } else if (kind == "removeSecurityRule") {
    RemoveSecurityRule c;
    RequiredString(r_, m, "networkSecurityGroup", &c.network_security_group);
    RequiredString(r_, m, "name", &c.name);
    body = c;
  } else if (kind == "addNetworkSecurityGroup") {
    AddNetworkSecurityGroup c;
    // The body is the NSG itself, in the scenario's shape.
    size_t before = r_.diagnostics()->error_count();
    sections_.ReadNsg(value, &c.group);
    if (r_.diagnostics()->error_count() == before) BuildNsg(c.group, r_.file(), r_.diagnostics());
    return c;
  } else if (kind == "associateNetworkSecurityGroup") {
    AssociateNetworkSecurityGroup c;
    OptionalString(r_, m, "subnet", &c.subnet);
    OptionalString(r_, m, "nodePool", &c.node_pool);
    // null (or an empty name) removes the association.
    YAML::Node nsg = value.IsMap() ? value["networkSecurityGroup"] : YAML::Node();
    m.Take("networkSecurityGroup");
    if (!nsg.IsDefined() && m.valid()) {
      r_.Error(m.pos(),
               "'associateNetworkSecurityGroup' is missing the required key "
               "'networkSecurityGroup' (null removes the association)");
    } else if (nsg.IsDefined() && !nsg.IsNull()) {
      r_.ReadString(nsg, "'networkSecurityGroup'", &c.network_security_group);
    } else if (nsg.IsDefined()) {
      c.network_security_group.pos = YamlReader::PosOf(nsg);
    }
    if (c.subnet.value.empty() == c.node_pool.value.empty() && m.valid()) {
      r_.Error(m.pos(),
               "'associateNetworkSecurityGroup' names exactly one of 'subnet' or "
               "'nodePool'");
    }
    body = c;
  } else if (kind == "addEgressRule") {
    AddEgressRule c;
    if (YAML::Node n = m.Require("rule"); n.IsDefined()) sections_.ReadEgressRule(n, &c.rule);
    body = c;
  } else if (kind == "removeEgressRule") {
    RemoveEgressRule c;
    RequiredString(r_, m, "name", &c.name);
    body = c;
  } else if (kind == "connectionPooling") {
    ConnectionPooling c;
    RequiredString(r_, m, "traffic", &c.traffic);
    if (YAML::Node n = m.Require("size"); n.IsDefined()) r_.ReadInt(n, "'size'", 0, 64000, &c.size);
    body = c;
  } else if (kind == "loadBalancer") {
    LoadBalancerSettings c;
    auto read_int = [&](std::string_view key, int64_t lo, int64_t hi,
                        std::optional<Located<int64_t>>* out) {
      if (YAML::Node n = m.Take(key); n.IsDefined()) {
        Located<int64_t> v;
        if (r_.ReadInt(n, KeyName(key), lo, hi, &v)) *out = v;
      }
    };
    // reference/azure.md §3.1 and §3.2.
    read_int("managedOutboundIPs", 1, 100, &c.managed_outbound_ips);
    read_int("allocatedOutboundPorts", 0, 64000, &c.allocated_outbound_ports);
    read_int("idleTimeoutInMinutes", 4, 120, &c.idle_timeout_in_minutes);
    if (YAML::Node n = m.Take("enableTcpReset"); n.IsDefined()) {
      Located<bool> v;
      if (r_.ReadBool(n, "'enableTcpReset'", &v)) c.enable_tcp_reset = v;
    }
    if (c.allocated_outbound_ports && c.allocated_outbound_ports->value % 8 != 0) {
      r_.Error(c.allocated_outbound_ports->pos,
               fmt::format("'allocatedOutboundPorts' is {}; the load balancer allocates ports in "
                           "multiples of 8",
                           c.allocated_outbound_ports->value));
    }
    body = c;
  } else if (kind == "outboundType") {
    SetOutboundType c;
    if (YAML::Node n = m.Require("type"); n.IsDefined()) {
      r_.ReadEnum(n, "'type'",
                  {"loadBalancer", "managedNATGateway", "userAssignedNATGateway",
                   "userDefinedRouting", "none"},
                  &c.type);
    }
    if (YAML::Node nat = m.Take("natGateway"); nat.IsDefined()) {
      c.has_nat_gateway = true;
      MapFields g(&r_, nat, "'natGateway'");
      OptionalInt(r_, g, "managedOutboundIPs", 1, 16, &c.nat_gateway.managed_outbound_ips);
      OptionalInt(r_, g, "idleTimeoutInMinutes", 4, 120, &c.nat_gateway.idle_timeout_in_minutes);
      g.Finish();
    }
    body = c;
  } else if (kind == "autoscaler") {
    SetAutoscaler c;
    c.pos = YamlReader::PosOf(value);
    sections_.ReadAutoscaler(value, &c.data);
    return c;
  } else if (kind == "agentResources") {
    SetAgentResources c;
    if (YAML::Node n = m.Take("requests"); n.IsDefined()) {
      sections_.ReadResources(n, "'requests'", &c.requests.emplace());
    }
    if (YAML::Node n = m.Take("limits"); n.IsDefined()) {
      sections_.ReadResources(n, "'limits'", &c.limits.emplace());
    }
    body = c;
  } else if (kind == "scaleNodePool") {
    ScaleNodePool c;
    RequiredString(r_, m, "nodePool", &c.node_pool);
    if (YAML::Node n = m.Require("count"); n.IsDefined()) {
      r_.ReadInt(n, "'count'", 0, limits_.max_nodes_per_pool, &c.count);
    }
    body = c;
  } else if (kind == "authorizedIPRanges") {
    SetAuthorizedIpRanges c;
    if (YAML::Node n = m.Require("ranges"); n.IsDefined()) {
      r_.ReadStringList(n, "'ranges'", limits_.max_authorized_ip_ranges, &c.ranges);
    }
    body = c;
  } else if (kind == "tunnelKind") {
    SetTunnelKind c;
    if (YAML::Node n = m.Require("kind"); n.IsDefined()) {
      r_.ReadEnum(n, "'kind'", {"konnectivity", "tunnel-front", "aks-link"}, &c.kind);
    }
    body = c;
  } else {
    *known = false;
    return body;
  }
  m.Finish();
  return body;
}

}  // namespace tunnelsim
