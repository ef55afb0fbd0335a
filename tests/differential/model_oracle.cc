#include "tests/differential/model_oracle.h"

#include <fmt/format.h>

#include "models/netfilter/client_error.h"
#include "tests/differential/lab_topology.h"

namespace tunnelsim::differential {
namespace {

Ipv4Address Ip(std::string_view text) { return *Ipv4Address::Parse(text); }

std::string Explain(const netfilter::Verdict& v) {
  std::string text(netfilter::VerdictKindName(v.kind));
  if (v.kind == netfilter::VerdictKind::kReject) {
    text += fmt::format(" ({})", netfilter::RejectTypeName(v.reject));
  }
  const netfilter::RuleRef& by = v.decided_by;
  if (!by.chain.empty()) {
    text += by.is_policy()
                ? fmt::format(" by {} {} policy", netfilter::TableName(by.table), by.chain)
                : fmt::format(" by {} {} rule {}: {}", netfilter::TableName(by.table), by.chain,
                              by.rule_number, by.text);
  }
  if (v.nat) {
    text += fmt::format("; nat {}:{} -> {}:{}", v.nat->original_dst.ToString(),
                        v.nat->original_dport, v.nat->new_dst.ToString(), v.nat->new_dport);
  }
  if (v.forwarded) text += "; forwarded (the lab has no forwarding)";
  if (!v.reason.empty()) text += "; " + v.reason;
  return text;
}

}  // namespace

netfilter::NodeContext LabNodeContext() {
  netfilter::NodeContext node;
  node.AddAddress("eth0", Ip(lab::kNodeEth0), lab::kSubnetPrefix);
  node.AddAddress("eth0", Ip(lab::kNodeEth0Second), lab::kSubnetPrefix);
  node.AddAddress("eth1", Ip(lab::kNodeEth1), lab::kSubnetPrefix);
  return node;
}

netfilter::Packet ToPacket(const Probe& probe) {
  netfilter::Packet p;
  p.src = Ip(probe.src);
  p.dst = Ip(probe.dst);
  p.protocol = probe.protocol;
  p.sport = probe.sport;
  p.dport = probe.dport;
  p.in_interface = std::string(lab::IngressInterface(probe.dst));
  p.tcp_flags = probe.protocol == IpProtocol::kTcp ? netfilter::kTcpSyn : 0;
  return p;
}

Prediction Predict(const netfilter::Evaluator& evaluator, const netfilter::NodeContext& node,
                   const Probe& probe) {
  netfilter::Verdict v = evaluator.EvaluateInbound(ToPacket(probe), node);
  Prediction prediction;
  prediction.explanation = Explain(v);
  bool certain = v.kind != netfilter::VerdictKind::kUncertain &&
                 v.kind != netfilter::VerdictKind::kError && !v.forwarded;
  if (!certain) return prediction;
  bool listener = lab::IsListenerPort(v.final_packet.dport);
  prediction.outcome = netfilter::SymptomOf(v, probe.protocol, listener).outcome;
  return prediction;
}

}  // namespace tunnelsim::differential
