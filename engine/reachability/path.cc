#include "engine/reachability/path.h"

#include <fmt/format.h>

#include "models/netfilter/client_error.h"
#include "models/nsg/path.h"

namespace tunnelsim {
namespace {

// Clients pick an ephemeral source port; NSG and host rules on source ports are rare, and a
// fixed one keeps results reproducible.
constexpr uint16_t kEphemeralPort = 40000;

class PathBuilder {
 public:
  PathBuilder(const ClusterModel& m, Ipv4Address dst, uint16_t port) : m_(m) {
    result_.destination = fmt::format("{}:{}", dst.ToString(), port);
  }

  void Add(Hop hop) {
    if (hop.where_class.empty()) hop.where_class = hop.where;
    hop.reached = !blocked_;
    if (hop.outcome != HopOutcome::kPass && hop.reached) blocked_ = true;
    result_.hops.push_back(std::move(hop));
  }

  // `hook` names the chain when the node has no rules at all (an empty ruleset decides nothing).
  void AddHost(size_t node, const netfilter::Verdict& v, IpProtocol protocol, bool reply,
               std::string_view hook) {
    const NodeModel& n = m_.nodes[node];
    Hop hop;
    hop.layer = HopLayer::kHost;
    hop.is_reply = reply;
    hop.pool = n.pool;
    netfilter::RuleRef rule = v.decided_by;
    if (rule.chain.empty()) rule.chain = std::string(hook);
    hop.where = fmt::format("{} {} {}{}", n.name, netfilter::TableName(rule.table), rule.chain,
                            reply ? " (reply)" : "");
    hop.where_class =
        fmt::format("pool {} {} {}{}", m_.pools[n.pool].spec->name.value,
                    netfilter::TableName(rule.table), rule.chain, reply ? " (reply)" : "");
    hop.netfilter_chain = rule.chain;
    hop.netfilter_rule = rule.rule_number;
    hop.by_ufw =
        rule.chain.starts_with("ufw-") || (rule.is_policy() && m_.Firewall(node).ufw_enabled());
    hop.decided_by = rule.is_policy()
                         ? (rule.text.empty() ? std::string("policy ACCEPT") : rule.text)
                         : fmt::format("rule {}: {}", rule.rule_number, rule.text);
    switch (v.kind) {
      case netfilter::VerdictKind::kAccept:
        hop.outcome = HopOutcome::kPass;
        break;
      case netfilter::VerdictKind::kDrop:
        hop.outcome = HopOutcome::kDrop;
        break;
      case netfilter::VerdictKind::kReject:
        hop.outcome = HopOutcome::kReject;
        break;
      case netfilter::VerdictKind::kUncertain:
      case netfilter::VerdictKind::kError:
        hop.outcome = HopOutcome::kUncertain;
        hop.decided_by = v.uncertain_at
                             ? fmt::format("rule {} of {} {}: {} ({})", v.uncertain_at->rule_number,
                                           netfilter::TableName(v.uncertain_at->table),
                                           v.uncertain_at->chain, v.uncertain_at->text, v.reason)
                             : v.reason;
        break;
    }
    if (hop.outcome == HopOutcome::kDrop || hop.outcome == HopOutcome::kReject) {
      hop.error = std::string(netfilter::SymptomOf(v, protocol).error);
      if (hop.error.empty() || reply) hop.error = "i/o timeout";
    }
    Add(std::move(hop));
  }

  void AddNsg(const nsg::PathVerdict& path, const nsg::Flow& flow, size_t node, bool inbound) {
    for (const nsg::PathStage& stage : path.stages) {
      if (stage.verdict.reason == nsg::VerdictReason::kNoNsg) continue;
      Hop hop;
      hop.layer = HopLayer::kNsg;
      bool subnet = stage.attachment == nsg::Attachment::kSubnet;
      hop.where =
          fmt::format("NSG {} ({} {}, {})", stage.verdict.nsg_name, subnet ? "subnet" : "NIC of",
                      subnet ? m_.pools[m_.nodes[node].pool].subnet_name : m_.nodes[node].name,
                      inbound ? "inbound" : "outbound");
      hop.where_class = fmt::format(
          "NSG {} ({} of pool {}, {})", stage.verdict.nsg_name, subnet ? "subnet" : "NIC",
          m_.pools[m_.nodes[node].pool].spec->name.value, inbound ? "inbound" : "outbound");
      hop.nsg = m_.NsgIndex(stage.verdict.nsg_name);
      hop.nsg_verdict = stage.verdict;
      hop.nsg_flow = flow;
      if (stage.verdict.reason == nsg::VerdictReason::kPlatformAddress) {
        hop.decided_by = "platform address, not filtered";
      } else {
        hop.decided_by =
            fmt::format("{}rule {} (priority {}, {})", stage.verdict.is_default ? "default " : "",
                        stage.verdict.rule_name, stage.verdict.priority,
                        nsg::ToString(stage.verdict.direction));
      }
      // An NSG deny is a silent drop (reference/azure.md §1.8).
      hop.outcome = stage.verdict.allowed ? HopOutcome::kPass : HopOutcome::kDrop;
      if (!stage.verdict.allowed) hop.error = "i/o timeout";
      Add(std::move(hop));
    }
  }

  PathResult Take() { return std::move(result_); }

 private:
  const ClusterModel& m_;
  PathResult result_;
  bool blocked_ = false;
};

netfilter::Packet MakePacket(Ipv4Address src, uint16_t sport, Ipv4Address dst, uint16_t dport,
                             IpProtocol protocol) {
  netfilter::Packet p;
  p.src = src;
  p.dst = dst;
  p.sport = sport;
  p.dport = dport;
  p.protocol = protocol;
  return p;
}

// The packet of an established connection that follows the handshake (client to server).
netfilter::Packet Established(netfilter::Packet p) {
  p.ct_state = netfilter::kCtEstablished;
  p.tcp_flags = netfilter::kTcpAck;
  return p;
}

bool MatchesFqdn(std::string_view pattern, std::string_view fqdn) {
  if (fqdn.empty()) return false;
  if (pattern.starts_with("*.")) {
    std::string_view suffix = pattern.substr(1);
    return fqdn.size() > suffix.size() && fqdn.ends_with(suffix);
  }
  return pattern == fqdn;
}

bool EgressAddressMatches(const ClusterModel& m, std::string_view entry, Ipv4Address api) {
  if (entry == "*") return true;
  if (auto prefix = Ipv4Prefix::Parse(entry); prefix.ok()) return prefix->Contains(api);
  if (entry == "AzureCloud" || entry.starts_with("AzureCloud.")) {
    std::string_view region = entry.size() > 11 ? entry.substr(11) : std::string_view();
    for (const Ipv4Range& r :
         nsg::ResolveServiceTag(nsg::ServiceTag::kAzureCloud, region, m.tags)) {
      if (r.Contains(api)) return true;
    }
    return false;
  }
  return MatchesFqdn(entry, m.scenario->cluster.api_server.fqdn.value);
}

// The hop between the node's NIC and the API server: what carries the tunnel out of the VNet.
void AddEgress(PathBuilder& b, const ClusterModel& m, Ipv4Address api, uint16_t port,
               IpProtocol protocol) {
  const Scenario& s = *m.scenario;
  Hop hop;
  hop.layer = HopLayer::kEgress;
  const std::string& type = s.outbound.type.value;
  if (s.cluster.api_server.access.value == "private") {
    hop.where = "private endpoint of the API server";
    hop.decided_by = "private link, no SNAT (reference/azure.md §5)";
    b.Add(std::move(hop));
    return;
  }
  if (type == "userDefinedRouting") {
    hop.where = "egress firewall (user-defined routing)";
    hop.outcome = HopOutcome::kDrop;
    hop.error = "i/o timeout";
    hop.decided_by = "no rule matches: the firewall denies by default";
    for (const EgressFirewallRule& rule : s.outbound.egress_firewall) {
      bool protocol_ok = rule.protocol.value == "Any" ||
                         (rule.protocol.value == "Tcp") == (protocol == IpProtocol::kTcp);
      bool port_ok = false;
      for (const LString& p : rule.destination_ports) {
        auto range = PortRange::Parse(p.value, '-');
        port_ok = port_ok || p.value == "*" || (range.ok() && range->Contains(port));
      }
      bool address_ok = false;
      for (const LString& a : rule.destination_addresses) {
        address_ok = address_ok || EgressAddressMatches(m, a.value, api);
      }
      if (protocol_ok && port_ok && address_ok) {
        hop.outcome = rule.action.value == "Allow" ? HopOutcome::kPass : HopOutcome::kDrop;
        hop.error = hop.outcome == HopOutcome::kPass ? "" : "i/o timeout";
        hop.decided_by = fmt::format("rule {} ({})", rule.name.value, rule.action.value);
        break;
      }
    }
  } else if (type == "none") {
    hop.where = "outbound type none";
    hop.outcome = HopOutcome::kDrop;
    hop.error = "i/o timeout";
    hop.decided_by = "no egress path is configured";
  } else {
    bool nat = type != "loadBalancer";
    hop.where = nat ? "NAT gateway SNAT" : "load balancer outbound SNAT";
    hop.decided_by = "ports available at rest (run `tunnelsim snat` for exhaustion under load)";
  }
  b.Add(std::move(hop));
}

void AddAuthorizedRanges(PathBuilder& b, const ClusterModel& m) {
  const Scenario& s = *m.scenario;
  const auto& ranges = s.cluster.api_server.authorized_ip_ranges;
  if (s.cluster.api_server.access.value != "public" || ranges.empty()) return;
  Hop hop;
  hop.layer = HopLayer::kAuthorized;
  hop.where = "API server authorized IP ranges";
  if (s.outbound.public_ips.empty()) {
    hop.decided_by =
        "egress IP unknown; AKS adds the cluster's outbound IP itself (reference/azure.md §5)";
    b.Add(std::move(hop));
    return;
  }
  for (const LString& ip : s.outbound.public_ips) {
    Ipv4Address egress = *Ipv4Address::Parse(ip.value);
    bool allowed = false;
    for (const LString& r : ranges) {
      // 0.0.0.0/32 stands for the cluster's own outbound IPs (reference/azure.md §3.2, §5).
      allowed = allowed || r.value == "0.0.0.0/32" || Ipv4Prefix::Parse(r.value)->Contains(egress);
    }
    if (!allowed) {
      hop.outcome = HopOutcome::kDrop;
      hop.error = "i/o timeout";
      hop.decided_by =
          fmt::format("egress IP {} is in none of the {} ranges", ip.value, ranges.size());
      b.Add(std::move(hop));
      return;
    }
  }
  hop.decided_by = "every egress IP is authorized";
  b.Add(std::move(hop));
}

}  // namespace

std::string_view HopOutcomeName(HopOutcome outcome) {
  switch (outcome) {
    case HopOutcome::kPass:
      return "pass";
    case HopOutcome::kDrop:
      return "drop";
    case HopOutcome::kReject:
      return "reject";
    case HopOutcome::kUncertain:
      return "uncertain";
  }
  return "?";
}

bool PathResult::ok() const { return first_block() == nullptr; }

bool PathResult::uncertain() const {
  const Hop* hop = first_block();
  return hop && hop->outcome == HopOutcome::kUncertain;
}

const Hop* PathResult::first_block() const {
  for (const Hop& hop : hops) {
    if (hop.reached && hop.outcome != HopOutcome::kPass) return &hop;
  }
  return nullptr;
}

std::string PathResult::ClientError() const {
  const Hop* hop = first_block();
  if (!hop) return "";
  if (hop->outcome == HopOutcome::kUncertain) return "outcome depends on " + hop->decided_by;
  if (hop->layer == HopLayer::kListener || hop->error.starts_with("net/http")) return hop->error;
  return fmt::format("dial tcp {}: {}", destination, hop->error);
}

PathResult TunnelPath(const ClusterModel& m, size_t agent_node) {
  const NodeModel& node = m.nodes[agent_node];
  auto endpoint = konnectivity::EndpointOf(m.tunnel_kind);
  Ipv4Address api = m.api_address.value_or(Ipv4Address());
  PathBuilder b(m, api, endpoint.port);
  netfilter::Packet out =
      MakePacket(node.address, kEphemeralPort, api, endpoint.port, endpoint.protocol);
  out.out_interface = "eth0";
  const netfilter::Evaluator& host = m.Firewall(agent_node).evaluator();
  b.AddHost(agent_node, host.EvaluateLocalOut(out, node.context), endpoint.protocol, false,
            "OUTPUT");
  nsg::Flow flow{node.address, kEphemeralPort, api, endpoint.port, endpoint.protocol};
  b.AddNsg(nsg::EvaluateOutbound(m.NicNsg(agent_node), m.SubnetNsg(agent_node), flow), flow,
           agent_node, false);
  AddEgress(b, m, api, endpoint.port, endpoint.protocol);
  AddAuthorizedRanges(b, m);
  // The API server's answer must get back in: NSGs are stateful, the node's INPUT is not.
  netfilter::Packet reply =
      MakePacket(api, endpoint.port, node.address, kEphemeralPort, endpoint.protocol);
  reply.in_interface = "eth0";
  reply.ct_state = netfilter::kCtEstablished;
  reply.tcp_flags = netfilter::kTcpSyn | netfilter::kTcpAck;
  b.AddHost(agent_node, host.EvaluateInbound(reply, node.context), endpoint.protocol, true,
            "INPUT");
  return b.Take();
}

namespace {

// The target's side of a dial: nat PREROUTING and filter INPUT (FORWARD for a pod), the
// listener, the handshake's later packets, and the target's reply.
void AddTargetSide(PathBuilder& b, const ClusterModel& m, size_t to_node, netfilter::Packet in,
                   bool to_pod) {
  const NodeModel& target = m.nodes[to_node];
  const netfilter::Evaluator& host = m.Firewall(to_node).evaluator();
  netfilter::Verdict v = host.EvaluateInbound(in, target.context);
  b.AddHost(to_node, v, in.protocol, false, to_pod ? "FORWARD" : "INPUT");
  // A webhook pod's port may be remapped legitimately; the kubelet's may not.
  if (!to_pod && v.nat && v.nat->new_dport != in.dport) {
    Hop hop;
    hop.layer = HopLayer::kListener;
    hop.where = fmt::format("{} port {}", target.name, v.nat->new_dport);
    hop.decided_by =
        fmt::format("{} {} -> {} by rule {} of nat {}: {}",
                    v.nat->kind == netfilter::TargetKind::kRedirect ? "REDIRECT" : "DNAT", in.dport,
                    v.nat->new_dport, v.nat->rule.rule_number, v.nat->rule.chain, v.nat->rule.text);
    hop.outcome = HopOutcome::kReject;
    // The kubelet speaks HTTPS only on its own port; a plain listener answers the TLS hello
    // with HTTP (reference/netfilter-ufw.md §3).
    hop.error = "http: server gave HTTP response to HTTPS client";
    b.Add(std::move(hop));
  }
  // After the SYN-ACK, the client's packets are ESTABLISHED: rules that accept only NEW let
  // the TCP handshake finish and then stall TLS (reference/netfilter-ufw.md §2).
  if (!to_pod && in.protocol == IpProtocol::kTcp && v.kind == netfilter::VerdictKind::kAccept) {
    netfilter::Verdict later = host.EvaluateInbound(Established(in), target.context);
    if (later.kind != netfilter::VerdictKind::kAccept) {
      Hop hop;
      hop.layer = HopLayer::kHost;
      hop.where =
          fmt::format("{} filter {} (after the handshake)", target.name, later.decided_by.chain);
      hop.outcome = later.kind == netfilter::VerdictKind::kUncertain ? HopOutcome::kUncertain
                                                                     : HopOutcome::kDrop;
      hop.decided_by =
          later.decided_by.is_policy()
              ? fmt::format("policy of {}", later.decided_by.chain)
              : fmt::format("rule {}: {}", later.decided_by.rule_number, later.decided_by.text);
      hop.error = "net/http: TLS handshake timeout";
      hop.pool = target.pool;
      hop.netfilter_chain = later.decided_by.chain;
      hop.netfilter_rule = later.decided_by.rule_number;
      hop.by_ufw = later.decided_by.chain.starts_with("ufw-");
      b.Add(std::move(hop));
    }
  }
  if (!to_pod) {
    netfilter::Packet delivered = v.final_packet;
    b.AddHost(to_node, host.EvaluateReply(netfilter::ReplyTo(delivered), target.context),
              in.protocol, true, "OUTPUT");
  }
}

}  // namespace

PathResult DialPath(const ClusterModel& m, size_t from_node, size_t to_node,
                    Ipv4Address destination, uint16_t port, bool to_pod) {
  const NodeModel& source = m.nodes[from_node];
  const NodeModel& target = m.nodes[to_node];
  PathBuilder b(m, destination, port);
  const netfilter::Evaluator& source_host = m.Firewall(from_node).evaluator();
  netfilter::Packet out =
      MakePacket(source.address, kEphemeralPort, destination, port, IpProtocol::kTcp);
  if (from_node == to_node) {
    // Local: the kernel routes to itself through lo (or to the pod's veth); no NSG sees it,
    // but host rules without an interface match do (reference/netfilter-ufw.md §1).
    out.out_interface = to_pod ? "azv0" : "lo";
    netfilter::Verdict v = source_host.EvaluateLocalOut(out, source.context);
    b.AddHost(from_node, v, IpProtocol::kTcp, false, "OUTPUT");
    if (!to_pod && v.nat && v.nat->new_dport != port) {
      Hop hop;
      hop.layer = HopLayer::kListener;
      hop.where = fmt::format("{} port {}", target.name, v.nat->new_dport);
      hop.decided_by =
          fmt::format("nat OUTPUT rule {}: {}", v.nat->rule.rule_number, v.nat->rule.text);
      hop.outcome = HopOutcome::kReject;
      hop.error = "http: server gave HTTP response to HTTPS client";
      b.Add(std::move(hop));
    }
    return b.Take();
  }
  out.out_interface = "eth0";
  b.AddHost(from_node, source_host.EvaluateLocalOut(out, source.context), IpProtocol::kTcp, false,
            "OUTPUT");
  nsg::Flow flow{source.address, kEphemeralPort, destination, port, IpProtocol::kTcp};
  b.AddNsg(nsg::EvaluateOutbound(m.NicNsg(from_node), m.SubnetNsg(from_node), flow), flow,
           from_node, false);
  b.AddNsg(nsg::EvaluateInbound(m.SubnetNsg(to_node), m.NicNsg(to_node), flow), flow, to_node,
           true);
  netfilter::Packet in = out;
  in.out_interface.clear();
  in.in_interface = "eth0";
  AddTargetSide(b, m, to_node, in, to_pod);
  netfilter::Packet back =
      MakePacket(destination, port, source.address, kEphemeralPort, IpProtocol::kTcp);
  back.in_interface = "eth0";
  back.ct_state = netfilter::kCtEstablished;
  back.tcp_flags = netfilter::kTcpSyn | netfilter::kTcpAck;
  b.AddHost(from_node, source_host.EvaluateInbound(back, source.context), IpProtocol::kTcp, true,
            "INPUT");
  return b.Take();
}

PathResult DirectPath(const ClusterModel& m, Ipv4Address source, size_t to_node,
                      Ipv4Address destination, uint16_t port, bool to_pod) {
  PathBuilder b(m, destination, port);
  nsg::Flow flow{source, kEphemeralPort, destination, port, IpProtocol::kTcp};
  b.AddNsg(nsg::EvaluateInbound(m.SubnetNsg(to_node), m.NicNsg(to_node), flow), flow, to_node,
           true);
  netfilter::Packet in = MakePacket(source, kEphemeralPort, destination, port, IpProtocol::kTcp);
  in.in_interface = "eth0";
  AddTargetSide(b, m, to_node, in, to_pod);
  return b.Take();
}

}  // namespace tunnelsim
