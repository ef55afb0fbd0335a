#include "models/netfilter/client_error.h"

#include <fmt/format.h>

namespace tunnelsim::netfilter {
namespace {

struct RejectSymptom {
  RejectType type;
  ClientOutcome outcome;
  std::string_view wire;
  std::string_view errno_text;  // strerror of the errno the reply produces
};

// reference/netfilter-ufw.md §3 table, rows REJECT ... icmp-admin-prohibited.
constexpr RejectSymptom kRejects[] = {
    {RejectType::kIcmpPortUnreachable, ClientOutcome::kRefused, "icmp 3/3 port-unreachable",
     "connection refused"},
    {RejectType::kTcpReset, ClientOutcome::kRefused, "rst", "connection refused"},
    {RejectType::kIcmpNetUnreachable, ClientOutcome::kUnreachable, "icmp 3/0 net-unreachable",
     "network is unreachable"},
    {RejectType::kIcmpHostUnreachable, ClientOutcome::kUnreachable, "icmp 3/1 host-unreachable",
     "no route to host"},
    {RejectType::kIcmpProtoUnreachable, ClientOutcome::kUnreachable,
     "icmp 3/2 protocol-unreachable", "protocol not available"},
    {RejectType::kIcmpNetProhibited, ClientOutcome::kUnreachable, "icmp 3/9 net-prohibited",
     "network is unreachable"},
    {RejectType::kIcmpHostProhibited, ClientOutcome::kUnreachable, "icmp 3/10 host-prohibited",
     "no route to host"},
    {RejectType::kIcmpAdminProhibited, ClientOutcome::kUnreachable, "icmp 3/13 admin-prohibited",
     "no route to host"},
};

}  // namespace

std::string_view ClientOutcomeName(ClientOutcome outcome) {
  switch (outcome) {
    case ClientOutcome::kConnected:
      return "connected";
    case ClientOutcome::kRefused:
      return "refused";
    case ClientOutcome::kTimeout:
      return "timeout";
    case ClientOutcome::kUnreachable:
      return "unreachable";
    case ClientOutcome::kUnknown:
      return "unknown";
  }
  return "unknown";
}

ClientSymptom SymptomOf(VerdictKind kind, RejectType reject, IpProtocol protocol,
                        bool listener_present) {
  bool udp = protocol == IpProtocol::kUdp;
  // Go reports a TCP failure from connect(); a UDP one from the read after the send.
  std::string_view refused = udp ? "recvfrom: connection refused" : "connect: connection refused";
  switch (kind) {
    case VerdictKind::kAccept:
      if (listener_present) {
        return {ClientOutcome::kConnected, udp ? "udp reply" : "syn-ack", ""};
      }
      return {ClientOutcome::kRefused, udp ? "icmp 3/3 port-unreachable" : "rst", refused};
    case VerdictKind::kDrop:
      return {ClientOutcome::kTimeout, "none", "i/o timeout"};
    case VerdictKind::kReject:
      for (const RejectSymptom& r : kRejects) {
        if (r.type != reject) continue;
        if (r.outcome == ClientOutcome::kRefused) return {r.outcome, r.wire, refused};
        // The kernel treats ICMP net/host unreachable (codes 0 and 1) as soft errors on UDP
        // sockets: a client without IP_RECVERR never sees them and times out (observed by
        // tests/differential against the kernel).
        if (udp && (reject == RejectType::kIcmpNetUnreachable ||
                    reject == RejectType::kIcmpHostUnreachable)) {
          return {ClientOutcome::kTimeout, r.wire, "i/o timeout"};
        }
        // The errno texts below come from the observed TCP rows; for UDP the same ICMP
        // error yields the same errno on the read.
        static constexpr std::string_view kTcp[] = {"connect: network is unreachable",
                                                    "connect: no route to host",
                                                    "connect: protocol not available"};
        static constexpr std::string_view kUdp[] = {"recvfrom: network is unreachable",
                                                    "recvfrom: no route to host",
                                                    "recvfrom: protocol not available"};
        int i = r.errno_text == "network is unreachable" ? 0
                : r.errno_text == "no route to host"     ? 1
                                                         : 2;
        return {r.outcome, r.wire, udp ? kUdp[i] : kTcp[i]};
      }
      break;
    case VerdictKind::kUncertain:
    case VerdictKind::kError:
      break;
  }
  return {ClientOutcome::kUnknown, "", ""};
}

std::string GoClientError(const ClientSymptom& symptom, const Packet& probe) {
  if (symptom.error.empty()) return "";
  if (probe.protocol == IpProtocol::kUdp) {
    return fmt::format("read udp {}:{}->{}:{}: {}", probe.src.ToString(), probe.sport,
                       probe.dst.ToString(), probe.dport, symptom.error);
  }
  return fmt::format("dial tcp {}:{}: {}", probe.dst.ToString(), probe.dport, symptom.error);
}

}  // namespace tunnelsim::netfilter
