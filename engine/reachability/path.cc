#include "engine/reachability/path.h"

#include <fmt/format.h>

#include "engine/topology/walk.h"
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

// The egress device a route enters between the VNet and the API server: what carries the
// tunnel out of the VNet, or the private endpoint of a private cluster.
void AddEgress(PathBuilder& b, const ClusterModel& m, VertexKind device, Ipv4Address api,
               uint16_t port, IpProtocol protocol) {
  const Scenario& s = *m.scenario;
  Hop hop;
  hop.layer = HopLayer::kEgress;
  if (device == VertexKind::kPrivateEndpoint) {
    hop.where = "private endpoint of the API server";
    hop.decided_by = "private link, no SNAT (reference/azure.md §5)";
    b.Add(std::move(hop));
    return;
  }
  if (device == VertexKind::kEgressFirewall) {
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
  } else if (device == VertexKind::kNoEgress) {
    hop.where = "outbound type none";
    hop.outcome = HopOutcome::kDrop;
    hop.error = "i/o timeout";
    hop.decided_by = "no egress path is configured";
  } else {
    bool nat = device == VertexKind::kNatGateway;
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

namespace {

// A dial between two vertices of the topology, with the packet's addresses.
struct Request {
  TopologyVertex from = 0;
  TopologyVertex to = 0;
  Ipv4Address source;
  Ipv4Address destination;
  uint16_t port = 0;
  IpProtocol protocol = IpProtocol::kTcp;
};

// What answers a request that a node accepted from the wire on a host-network port: a
// DNAT/REDIRECT away from the port (the kubelet's may not be remapped), and the handshake's
// later packets.
void AddHostListener(PathBuilder& b, const ClusterModel& m, size_t to_node,
                     const netfilter::Packet& in, const netfilter::Verdict& v) {
  const NodeModel& target = m.nodes[to_node];
  if (v.nat && v.nat->new_dport != in.dport) {
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
  if (in.protocol != IpProtocol::kTcp || v.kind != netfilter::VerdictKind::kAccept) return;
  netfilter::Verdict later =
      m.Firewall(to_node).evaluator().EvaluateInbound(Established(in), target.context);
  if (later.kind == netfilter::VerdictKind::kAccept) return;
  Hop hop;
  hop.layer = HopLayer::kHost;
  hop.where =
      fmt::format("{} filter {} (after the handshake)", target.name, later.decided_by.chain);
  hop.outcome =
      later.kind == netfilter::VerdictKind::kUncertain ? HopOutcome::kUncertain : HopOutcome::kDrop;
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

// A dial to the node's own host-network port: only nat OUTPUT can remap it.
void AddLocalListener(PathBuilder& b, const ClusterModel& m, size_t node, uint16_t port,
                      const netfilter::Verdict& v) {
  if (!v.nat || v.nat->new_dport == port) return;
  Hop hop;
  hop.layer = HopLayer::kListener;
  hop.where = fmt::format("{} port {}", m.nodes[node].name, v.nat->new_dport);
  hop.decided_by = fmt::format("nat OUTPUT rule {}: {}", v.nat->rule.rule_number, v.nat->rule.text);
  hop.outcome = HopOutcome::kReject;
  hop.error = "http: server gave HTTP response to HTTPS client";
  b.Add(std::move(hop));
}

void AddNsgCrossing(PathBuilder& b, const ClusterModel& m, const Crossing& c,
                    const nsg::Flow& flow) {
  const nsg::CompiledNsg* group = &m.nsgs[static_cast<size_t>(c.nsg)];
  bool nic = c.kind == CrossingKind::kNicNsg;
  // One stage of the two-stage evaluation; the other (absent) stage allows and adds no hop.
  nsg::PathVerdict verdict =
      c.inbound ? nsg::EvaluateInbound(nic ? nullptr : group, nic ? group : nullptr, flow)
                : nsg::EvaluateOutbound(nic ? group : nullptr, nic ? nullptr : group, flow);
  b.AddNsg(verdict, flow, c.node, c.inbound);
}

// Evaluates every filter the topology's route from `r.from` to `r.to` crosses: the request's
// crossings, then what answers at the destination, then the reply's crossings.
PathResult Evaluate(const ClusterModel& m, const Request& r) {
  const Topology& t = *m.topology;
  PathBuilder b(m, r.destination, r.port);
  std::vector<TopologyVertex> route = t.Route(r.from, r.to);
  if (route.empty()) {
    Hop hop;
    hop.layer = HopLayer::kEgress;
    hop.where = "no route in the topology";
    hop.decided_by = fmt::format("{} has no route to {}", t.Label(r.from), t.Label(r.to));
    hop.outcome = HopOutcome::kDrop;
    hop.error = "connect: network is unreachable";
    b.Add(std::move(hop));
    return b.Take();
  }
  netfilter::Packet request =
      MakePacket(r.source, kEphemeralPort, r.destination, r.port, r.protocol);
  nsg::Flow flow{r.source, kEphemeralPort, r.destination, r.port, r.protocol};
  // What the destination's node did with the request from the wire, or what a dial to the
  // node itself did in OUTPUT: the destination's checks and its reply start from these.
  std::optional<netfilter::Verdict> arrived;
  netfilter::Packet arrived_packet;
  size_t arrived_node = 0;
  std::optional<netfilter::Verdict> local;
  for (const Crossing& c : CrossingsAlong(t, route, WalkDirection::kRequest)) {
    switch (c.kind) {
      case CrossingKind::kHostOutput: {
        netfilter::Packet out = request;
        out.out_interface = std::string(c.out_interface);
        netfilter::Verdict v =
            m.Firewall(c.node).evaluator().EvaluateLocalOut(out, m.nodes[c.node].context);
        b.AddHost(c.node, v, r.protocol, false, "OUTPUT");
        if (c.out_interface != kWireInterface) local = std::move(v);
        break;
      }
      case CrossingKind::kHostInput:
      case CrossingKind::kHostForward: {
        // Through lo, INPUT is part of EvaluateLocalOut (models/netfilter/evaluator.h); the
        // model's dials never start in a pod, so only arrivals from the wire remain.
        if (c.in_interface != kWireInterface) break;
        netfilter::Packet in = request;
        in.in_interface = std::string(kWireInterface);
        netfilter::Verdict v =
            m.Firewall(c.node).evaluator().EvaluateInbound(in, m.nodes[c.node].context);
        b.AddHost(c.node, v, r.protocol, false,
                  c.kind == CrossingKind::kHostInput ? "INPUT" : "FORWARD");
        arrived = std::move(v);
        arrived_packet = std::move(in);
        arrived_node = c.node;
        break;
      }
      case CrossingKind::kNicNsg:
      case CrossingKind::kSubnetNsg:
        AddNsgCrossing(b, m, c, flow);
        break;
      case CrossingKind::kEgress:
        AddEgress(b, m, t.info(c.vertex).kind, r.destination, r.port, r.protocol);
        break;
      case CrossingKind::kAuthorizedRanges:
        AddAuthorizedRanges(b, m);
        break;
    }
  }
  // A webhook pod's port may be remapped legitimately; a host-network listener's may not.
  VertexKind end = t.info(r.to).kind;
  if (end == VertexKind::kKubelet || end == VertexKind::kNode) {
    if (arrived) {
      AddHostListener(b, m, arrived_node, arrived_packet, *arrived);
    } else if (local) {
      AddLocalListener(b, m, t.info(r.to).index, r.port, *local);
    }
  }
  // The replies: NSGs are stateful, a node's tables are not (they see ESTABLISHED). Replies
  // over lo or the pod bridge, and a pod's reply that its node forwards, are not evaluated.
  for (const Crossing& c : CrossingsAlong(t, route, WalkDirection::kReply)) {
    const netfilter::Evaluator& host = m.Firewall(c.node).evaluator();
    const netfilter::NodeContext& context = m.nodes[c.node].context;
    if (c.kind == CrossingKind::kHostOutput && c.out_interface == kWireInterface && arrived) {
      b.AddHost(c.node, host.EvaluateReply(netfilter::ReplyTo(arrived->final_packet), context),
                r.protocol, true, "OUTPUT");
    } else if (c.kind == CrossingKind::kHostInput && c.in_interface == kWireInterface) {
      netfilter::Packet back =
          MakePacket(r.destination, r.port, r.source, kEphemeralPort, r.protocol);
      back.in_interface = std::string(kWireInterface);
      back.ct_state = netfilter::kCtEstablished;
      back.tcp_flags = netfilter::kTcpSyn | netfilter::kTcpAck;
      b.AddHost(c.node, host.EvaluateInbound(back, context), r.protocol, true, "INPUT");
    }
  }
  return b.Take();
}

}  // namespace

PathResult TunnelPath(const ClusterModel& m, size_t agent_node) {
  const Topology& t = *m.topology;
  auto endpoint = konnectivity::EndpointOf(m.tunnel_kind);
  return Evaluate(
      m, {t.node(agent_node), t.has_tunnel_server() ? t.tunnel_server() : t.api_server(),
          m.nodes[agent_node].address, m.api_address.value_or(Ipv4Address()), endpoint.port,
          endpoint.protocol});
}

namespace {

// The vertex a dial to `node` ends at: one of its pods, its kubelet, or another host port.
TopologyVertex TargetVertex(const Topology& t, size_t node, uint16_t port, bool to_pod) {
  if (to_pod) return t.pod_network(node);
  return port == konnectivity::kKubeletPort ? t.kubelet(node) : t.node(node);
}

}  // namespace

PathResult DialPath(const ClusterModel& m, size_t from_node, size_t to_node,
                    Ipv4Address destination, uint16_t port, bool to_pod) {
  const Topology& t = *m.topology;
  return Evaluate(m, {t.node(from_node), TargetVertex(t, to_node, port, to_pod),
                      m.nodes[from_node].address, destination, port, IpProtocol::kTcp});
}

PathResult DirectPath(const ClusterModel& m, Ipv4Address source, size_t to_node,
                      Ipv4Address destination, uint16_t port, bool to_pod) {
  const Topology& t = *m.topology;
  return Evaluate(m, {t.api_server(), TargetVertex(t, to_node, port, to_pod), source, destination,
                      port, IpProtocol::kTcp});
}

}  // namespace tunnelsim
